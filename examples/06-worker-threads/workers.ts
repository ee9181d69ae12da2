// Lesson 6 · Threads (Python: threading). Each worker runs the same heavy loop on its own
// thread: the two lanes overlap in time, and the main thread stays free (watch the ticker).
// Compare with main-thread.ts. Starting a worker costs tens of milliseconds (a new JavaScript
// engine instance): it pays off here because each job takes about 0.3 s; for jobs of a few
// milliseconds, the main thread alone finishes first.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
    if (prime) count++;
  }
  return count;
}

if (isMainThread) {
  const ticker = setInterval(() => console.log('tick: main thread free'), 50);
  const run = (name: string) =>
    new Promise<void>((resolve) => {
      const worker = new Worker(new URL(import.meta.url)); // this same file, as a worker
      worker.on('message', (n) => { console.log(`${name}: ${n}`); resolve(); });
    });
  await Promise.all([run('A'), run('B')]);
  clearInterval(ticker);
} else {
  parentPort!.postMessage(countPrimes(2_500_000)); // runs on the worker's thread
}
