// 300 files written, then read back, with fs/promises (all at once, in batches of 50).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
const dir = await mkdtemp(path.join(tmpdir(), 'av-fs300-'));
const t0 = performance.now();
const names = Array.from({ length: 300 }, (_, i) => path.join(dir, `f${i}.txt`));
for (let i = 0; i < names.length; i += 50) await Promise.all(names.slice(i, i + 50).map((f, j) => writeFile(f, `file ${i + j}\n`.repeat(64))));
let bytes = 0;
for (let i = 0; i < names.length; i += 50) for (const b of await Promise.all(names.slice(i, i + 50).map((f) => readFile(f)))) bytes += b.length;
console.log(`WORK_MS ${(performance.now() - t0).toFixed(3)} ${bytes}`);
await rm(dir, { recursive: true, force: true });
