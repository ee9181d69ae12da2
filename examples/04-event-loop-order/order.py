"""Lesson 4 in Python: the order asyncio runs callbacks in (order.ts is the same puzzle in Node).

Guess the order of the eight lines before you run it! The answer, and the rule behind it, are at
the bottom of this file.

Run it: python3 order.py   (standard library only)
"""
import asyncio


def timer() -> None:
    print("call_later")
    loop = asyncio.get_running_loop()
    loop.call_later(0, print, "call_later inside call_later")
    loop.call_soon(print, "call_soon inside call_later")
    asyncio.ensure_future(step("task inside call_later"))


async def step(text: str) -> None:
    print(text)


async def main() -> None:
    loop = asyncio.get_running_loop()
    print("script start")
    loop.call_later(0, timer)  # like setTimeout(..., 0)
    asyncio.ensure_future(step("task"))  # like Promise.resolve().then(...)
    loop.call_soon(print, "call_soon")  # like process.nextTick(...)
    print("script end")
    await asyncio.sleep(0.05)  # keep the loop running until the callbacks are done


asyncio.run(main())

# The rule: asyncio has one ready queue, first in, first out. A task's step and a call_soon
# callback join it in the order they were made (task, then call_soon); a call_later(0) timer joins
# it when the loop next looks at its timers, after what is already in the queue. What a callback
# queues waits for the next turn of the loop, in the order it was queued.
# So: script start, script end, task, call_soon, call_later, call_soon inside call_later,
# task inside call_later, call_later inside call_later.
# Node (order.ts) has several queues with a fixed priority instead: process.nextTick first, then
# promise callbacks, drained after every single callback, before any timer or setImmediate.
