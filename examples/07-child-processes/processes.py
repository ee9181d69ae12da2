"""Lesson 7 in Python: multiprocessing.Process (processes.ts uses child_process.fork in Node).

Each child is a process of its own, with its own memory and its own interpreter, so the heavy
loops run in parallel, GIL or not; each also pays a start-up before it can work. Node's fork()
always starts a fresh Node process, like Python's "spawn" start method (the default on macOS and
Windows); on Linux, Python's "fork" method (the default before 3.14) copies the running process
instead, which starts faster.

Run it: python3 processes.py   (standard library only)
"""
import os
import time
from multiprocessing import Process


def count_primes(limit: int) -> int:
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n and n % d:
            d += 1
        if d * d > n:
            count += 1
    return count


def task(name: str) -> None:
    print(f"{name} (pid {os.getpid()}): {count_primes(150_000)}")  # this runs in the child process


if __name__ == "__main__":  # with "spawn", each child imports this file: only the parent starts children
    started = time.perf_counter()
    children = [Process(target=task, args=(name,)) for name in ["A", "B"]]  # like fork(file, ['child'])
    for child in children:
        child.start()
    for child in children:
        child.join()  # like waiting for the child's 'exit' event
    print(f"both processes done in {(time.perf_counter() - started) * 1000:.0f} ms")
