"""Lesson 6 in Python: threading.Thread (workers.ts uses worker_threads in Node).

Two threads each run the heavy loop. In CPython the GIL lets one thread run Python code at a time
(in the usual build; 3.13's free-threaded build has none), so for CPU work two threads take about
as long as doing it twice in a row. Threads help while waiting: time.sleep and I/O let go of the
GIL. Node has no GIL: each Worker is its own isolate
with its own thread, so the two workers of workers.ts really compute in parallel.

Run it: python3 workers.py   (standard library only)
"""
import threading
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


def task(name: str, results: dict) -> None:
    results[name] = count_primes(150_000)  # like the worker's postMessage(countPrimes(...))


def one_after_another(results: dict) -> None:  # like main-thread.ts
    task("A", results)
    task("B", results)


def two_threads(results: dict) -> None:  # like workers.ts: new Worker(...) twice
    threads = [threading.Thread(target=task, args=(name, results)) for name in ["A", "B"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


for title, work in [("one after another", one_after_another), ("two threads (the GIL takes turns)", two_threads)]:
    results: dict = {}
    started = time.perf_counter()
    work(results)
    print(f"{title}: A {results['A']}, B {results['B']} in {(time.perf_counter() - started) * 1000:.0f} ms")
