// Fidelity pair: 400 files written and read back with the synchronous fs API.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
const dir = mkdtempSync(path.join(tmpdir(), 'av-fid-'));
let bytes = 0;
for (let i = 0; i < 400; i++) writeFileSync(path.join(dir, `f${i}`), `line ${i}\n`.repeat(200));
for (let i = 0; i < 400; i++) bytes += readFileSync(path.join(dir, `f${i}`)).length;
rmSync(dir, { recursive: true, force: true });
console.log(bytes);
