"""Lesson 5 in Python: CPU work in an async def still blocks the event loop (crunch.ts in Node).

crunch() is a coroutine and we gather three of them, yet they run one after another and the
ticker starves: await only helps while waiting, not while computing. Same in Python and in Node.
(The limit is smaller than crunch.ts's: the same loop takes longer in Python.)

Run it: python3 crunch.py   (standard library only)
"""
import asyncio
import time


def count_primes(limit: int) -> int:
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n and n % d:
            d += 1
        if d * d > n:
            count += 1
    return count


async def crunch(name: str) -> int:
    await asyncio.sleep(0)  # looks async...
    primes = count_primes(100_000)  # ...but this loop holds the event loop
    print(f"{name}: {primes} primes")
    return primes


async def ticker() -> None:
    while True:
        await asyncio.sleep(0.02)
        print("tick")  # starved while crunching


async def main() -> None:
    tick = asyncio.create_task(ticker())
    started = time.perf_counter()
    await asyncio.gather(crunch("A"), crunch("B"), crunch("C"))
    tick.cancel()
    print(f"done in {(time.perf_counter() - started) * 1000:.0f} ms")


asyncio.run(main())
