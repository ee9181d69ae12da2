// 20 workers started one after another, each doing nothing: what starting a worker costs.
import { Worker } from 'node:worker_threads';
const t0 = performance.now();
for (let i = 0; i < 20; i++) await new Promise((resolve) => new Worker('', { eval: true }).on('exit', resolve));
console.log(`WORK_MS ${(performance.now() - t0).toFixed(3)}`);
