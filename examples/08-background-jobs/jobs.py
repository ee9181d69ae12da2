"""Lesson 8 in Python: Celery with a Redis broker (jobs.ts and jobs-redis.ts are the Node twins).

The producer calls .delay(): the job goes to the broker (Redis) and delay() returns at once, long
before the job runs. A worker, another process started with `celery -A jobs worker`, takes the
jobs from Redis and runs them: queued, then running, then done. jobs.ts sends its jobs to a
forked worker process, jobs-redis.ts through Redis as here; in all three the producer never waits
for a job.

Needs Celery with Redis support, and a Redis server on localhost:6379:
  pip install "celery[redis]"     (Redis: apt-get install redis-server, then redis-server)
Start a worker, in this folder (one job at a time, like jobs.ts):
  celery -A jobs worker --concurrency=1 --loglevel=info
Then, in another terminal, enqueue the jobs:
  python3 jobs.py
"""
import time

from celery import Celery, shared_task

app = Celery("jobs", broker="redis://localhost:6379/0")


@shared_task(name="jobs.process")  # one name, whether this file runs as the worker's or as a script
def process(job_id: int, task: str) -> None:
    print(f"job {job_id}: running ({task})")  # printed in the worker's log
    time.sleep(0.1)  # the job's real work (sending an e-mail, resizing a photo, ...)
    print(f"job {job_id}: done")


if __name__ == "__main__":
    # The producer (think: a Django view) enqueues and answers immediately.
    started = time.perf_counter()
    for job_id, task in enumerate(["welcome e-mail", "thumbnail", "invoice"], start=1):
        process.delay(job_id, task)  # enqueue: returns as soon as Redis has it, like worker.send(job)
        print(f"job {job_id}: queued ({task})")
    print(f"producer returned after {(time.perf_counter() - started) * 1000:.0f} ms; the jobs are still to come")
