"""Lesson 2 in Python: await asyncio.sleep lets other work run, like await sleep in promise-all.ts.

Three waits gathered together overlap: the total is about the longest wait (300 ms), not the sum
(900 ms). Meanwhile the event loop is free, and the ticker keeps printing.

Run it: python3 promise_all.py   (standard library only)
"""
import asyncio
import time


async def fetch_like(name: str, seconds: float) -> str:
    print(f"start {name}")
    await asyncio.sleep(seconds)  # like await sleep(ms): waits without blocking
    print(f"done {name}")
    return name


async def ticker() -> None:
    while True:  # like setInterval(..., 100)
        await asyncio.sleep(0.1)
        print("tick: the event loop is free")


async def main() -> None:
    tick = asyncio.create_task(ticker())
    started = time.perf_counter()
    results = await asyncio.gather(  # like await Promise.all([...])
        fetch_like("users", 0.3), fetch_like("posts", 0.3), fetch_like("comments", 0.3)
    )
    tick.cancel()  # like clearInterval(ticker)
    print(f"got {', '.join(results)} in {(time.perf_counter() - started) * 1000:.0f} ms")


# Python starts a loop and runs main() in it. Node needs no run(): it runs the file's top-level
# code, then its event loop goes on by itself while anything is left to wait for.
asyncio.run(main())
