// Lesson 8 · Background job queue (Python: Celery + a broker).
// The producer puts jobs on a queue and returns at once ("queued"); a worker in another process
// picks them up later (running → done). Notice the producer's lane finishing its work long
// before the jobs are done. Here the queue is the channel to a forked worker process; see
// jobs-redis.ts for the same with a real Redis broker.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Job = { id: number; task: string };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

if (process.argv[2] === 'worker') {
  // The worker: takes one job at a time and reports its state.
  const queue: Job[] = [];
  let busy = false;
  process.on('message', async (job: Job) => {
    queue.push(job);
    if (busy) return;
    busy = true;
    for (let next = queue.shift(); next; next = queue.shift()) {
      process.send!({ id: next.id, state: 'running' });
      await sleep(100); // the job's real work (sending an e-mail, resizing a photo, ...)
      process.send!({ id: next.id, state: 'done' });
    }
    busy = false;
    if (queue.length === 0) process.disconnect(); // nothing left: let the worker exit
  });
} else {
  const worker = fork(fileURLToPath(import.meta.url), ['worker']);
  worker.on('message', (m: { id: number; state: string }) => console.log(`job ${m.id}: ${m.state}`));

  // The producer (think: a web request handler) enqueues and answers immediately.
  function enqueue(job: Job): string {
    worker.send(job);
    return 'queued';
  }
  const started = Date.now();
  for (const [id, task] of ['welcome e-mail', 'thumbnail', 'invoice'].entries()) {
    console.log(`job ${id + 1}: ${enqueue({ id: id + 1, task })} (${task})`);
  }
  console.log(`producer returned after ${Date.now() - started} ms; the jobs are still to come`);
}
