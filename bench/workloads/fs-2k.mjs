import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
const me = fileURLToPath(import.meta.url);
const t0 = performance.now();
let n = 0;
for (let i = 0; i < 2000; i++) n += (await readFile(me)).length;
console.log(`WORK_MS ${(performance.now() - t0).toFixed(3)} ${n}`);
