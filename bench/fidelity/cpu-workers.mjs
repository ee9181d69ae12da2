// Fidelity pair: the same two CPU jobs on two worker threads at once.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { longestChain, LIMIT } from './cpu-main.mjs';
if (isMainThread) {
  const job = () => new Promise((resolve) => new Worker(new URL(import.meta.url)).on('message', resolve));
  const [a, b] = await Promise.all([job(), job()]);
  console.log(a + b);
} else parentPort.postMessage(longestChain(LIMIT));
