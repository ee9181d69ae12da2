// 10 child processes forked one after another, each running an empty script: what starting a process costs.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
if (process.argv[2] === 'child') process.exit(0);
const me = fileURLToPath(import.meta.url);
const t0 = performance.now();
for (let i = 0; i < 10; i++) await new Promise((resolve) => fork(me, ['child']).on('exit', resolve));
console.log(`WORK_MS ${(performance.now() - t0).toFixed(3)}`);
