// Fidelity pair: the same 400 files with fs/promises, all at once.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
const dir = await mkdtemp(path.join(tmpdir(), 'av-fid-'));
const names = Array.from({ length: 400 }, (_, i) => path.join(dir, `f${i}`));
await Promise.all(names.map((f, i) => writeFile(f, `line ${i}\n`.repeat(200))));
const bytes = (await Promise.all(names.map((f) => readFile(f)))).reduce((n, b) => n + b.length, 0);
await rm(dir, { recursive: true, force: true });
console.log(bytes);
