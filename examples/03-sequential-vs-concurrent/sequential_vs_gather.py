"""Lesson 3 in Python: awaiting one by one vs asyncio.gather (sequential.ts vs concurrent.ts).

Awaited one by one, each request waits for the previous one: 3 x 200 ms. Gathered, all three wait
together: about 200 ms.

Where they differ: calling fetch_user(4) in Python only makes a coroutine, and nothing runs until
it is awaited (or wrapped in asyncio.create_task). Calling fetchUser(4) in JavaScript starts it at
once: the promise it returns is already under way, and Promise.all only waits for such promises.

Run it: python3 concurrent.py   (standard library only)
"""
import asyncio
import time


async def fetch_user(user_id: int) -> str:
    await asyncio.sleep(0.2)  # a pretend network round trip
    return f"user{user_id}"


async def sequential() -> list[str]:
    users = []
    for user_id in [1, 2, 3]:
        users.append(await fetch_user(user_id))  # waits here before asking for the next one
    return users


async def concurrent() -> list[str]:
    # Like await Promise.all([1, 2, 3].map(fetchUser)): start all, then wait for all.
    return await asyncio.gather(*(fetch_user(user_id) for user_id in [1, 2, 3]))


async def main() -> None:
    for way in (sequential, concurrent):
        started = time.perf_counter()
        users = await way()
        print(f"{way.__name__}: {', '.join(users)} in {(time.perf_counter() - started) * 1000:.0f} ms")

    later = fetch_user(4)  # a coroutine: nothing has started yet
    await asyncio.sleep(0.2)
    started = time.perf_counter()
    await later  # only now does its 200 ms wait begin
    took = (time.perf_counter() - started) * 1000
    print(f"fetch_user(4), made 200 ms before its await, still took {took:.0f} ms: it started at the await")


asyncio.run(main())
