// Lesson 7 · Processes (Python: multiprocessing). Each child is a whole new Node process with
// its own memory and event loop: the work runs in parallel, and the start-up cost of each
// process (around 50-100 ms, more than a worker's) is visible at the start of its lane. It pays
// off for long jobs like these (about 0.3 s each); for short ones, one thread is faster.
// Compare with ../06-worker-threads/main-thread.ts.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
    if (prime) count++;
  }
  return count;
}

if (process.argv[2] === 'child') {
  process.send!(countPrimes(2_500_000)); // this runs in the child process
} else {
  const run = (name: string) =>
    new Promise<void>((resolve) => {
      const child = fork(fileURLToPath(import.meta.url), ['child']); // this same file, as a process
      child.on('message', (n) => console.log(`${name} (pid ${child.pid}): ${n}`));
      child.on('exit', () => resolve());
    });
  await Promise.all([run('A'), run('B')]);
  console.log('both processes done');
}
