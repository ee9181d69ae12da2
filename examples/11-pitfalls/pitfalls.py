"""Lesson 11 in Python: the same four pitfalls, and how Python differs on each
(forgotten-await.ts, unhandled-rejection.ts, never-resolves.ts and sync-in-async.ts in Node).

Run it: python3 pitfalls.py   (standard library only; about a second)
With PYTHONASYNCIODEBUG=1, asyncio also names the step that blocked its loop ("Executing <Task
...> took 0.201 seconds"), as the timeline flags sync-in-async.ts.
"""
import asyncio
import time


async def save(data: str) -> None:
    await asyncio.sleep(0.1)  # writing to a database
    print(f"stored {data}")


async def forgotten_await() -> None:
    # Python never even starts save(): the call only made a coroutine, and Python warns
    # "RuntimeWarning: coroutine 'save' was never awaited". In JavaScript save() runs anyway, but
    # nobody waits for it or sees its errors.
    save("profile")  # ← missing await
    print("main: saved!")  # not true, and in Python it never will be
    await asyncio.sleep(0.2)


async def load_config() -> str:
    await asyncio.sleep(0.05)
    raise FileNotFoundError("config file not found")


async def unhandled_failure() -> None:
    # A task fails and nobody awaits it: asyncio only logs "Task exception was never retrieved"
    # and the program goes on. In Node an unhandled rejection stops the program.
    asyncio.create_task(load_config())  # ← nobody handles the failure
    await asyncio.sleep(0.2)
    print("this line runs in Python; in Node it would not")


async def never_resolves() -> None:
    # An await that nothing will ever resume. Without the time-out, asyncio.run() would wait here
    # forever; Node instead ends the program once nothing is left that could resume it.
    ready = asyncio.Event()  # never set: the database's 'ready' never comes
    try:
        await asyncio.wait_for(ready.wait(), timeout=0.5)
    except asyncio.TimeoutError:
        print("still waiting for the database after 0.5 s: nothing will ever set it")


async def handle(request_id: int) -> None:
    await asyncio.sleep(0)  # the request has arrived
    time.sleep(0.2)  # ← a sync call (a sync ORM query, requests.get, a big file read): blocks the loop
    print(f"request {request_id}: done")


async def sync_in_async() -> None:
    # Fix: await asyncio.to_thread(...), or Django's sync_to_async for ORM calls; in Node, the
    # promise API (await fs.promises.readFile(...)).
    started = time.perf_counter()
    await asyncio.gather(handle(1), handle(2))
    print(f"two requests took {(time.perf_counter() - started) * 1000:.0f} ms: one after the other")


async def main() -> None:
    for pitfall in (forgotten_await, unhandled_failure, never_resolves, sync_in_async):
        print(f"--- {pitfall.__name__}")
        await pitfall()


asyncio.run(main())
