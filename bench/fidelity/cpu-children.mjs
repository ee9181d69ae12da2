// Fidelity pair: the same two CPU jobs in two forked child processes at once.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { longestChain, LIMIT } from './cpu-main.mjs';
if (process.argv[2] === 'child') process.send(longestChain(LIMIT));
else {
  const job = () => new Promise((resolve) => { const c = fork(fileURLToPath(import.meta.url), ['child']); c.on('message', (n) => { resolve(n); c.disconnect(); }); });
  const [a, b] = await Promise.all([job(), job()]);
  console.log(a + b);
}
