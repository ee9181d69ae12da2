"""Lesson 1 in Python: time.sleep blocks, like sleepSync in blocking.ts.

time.sleep stops the thread, and in an asyncio program the event loop runs on that thread: a
callback due at once has to wait until all three sleeps are over, and the total is the sum of the
sleeps. With await asyncio.sleep (await sleep in async.ts) the loop runs the callback right away.

Run it: python3 blocking.py   (standard library only)
"""
import asyncio
import time

FILES = ["report.pdf", "photo.jpg", "data.csv"]


async def blocking() -> None:
    asyncio.get_running_loop().call_later(0, print, "callback: I was due after 0 s, but I had to wait")
    for name in FILES:
        time.sleep(0.2)  # the thread stops here, like sleepSync(200)
        print(f"downloaded {name}")
    print("all downloads done")


async def with_await() -> None:
    asyncio.get_running_loop().call_later(0, print, "callback: I ran right away")
    for name in FILES:
        await asyncio.sleep(0.2)  # the coroutine pauses; the loop keeps going, like await sleep(200)
        print(f"downloaded {name}")
    print("all downloads done")


for main in (blocking, with_await):
    started = time.perf_counter()
    asyncio.run(main())
    print(f"{main.__name__}: {(time.perf_counter() - started) * 1000:.0f} ms\n")
