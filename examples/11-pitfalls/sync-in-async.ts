// Lesson 11 · Pitfall: a synchronous call inside async code. handle() is async, but
// readFileSync reads a big file while holding the main thread, so every other request waits.
// Fix: `await fs.promises.readFile(...)`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const file = path.join(os.tmpdir(), 'async-viz-lesson-11.bin');
await fs.promises.writeFile(file, Buffer.alloc(128 * 1024 * 1024, 1)); // a 128 MB "report"

async function handle(id: number): Promise<number> {
  await null; // the request has arrived
  const data = fs.readFileSync(file); // ← blocks the event loop while it reads
  console.log(`request ${id}: read ${data.length} bytes`);
  return data.length;
}

await Promise.all([handle(1), handle(2)]);
await fs.promises.unlink(file);
