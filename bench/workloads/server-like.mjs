// A server-like program for the file-size benchmark: 80,000 "requests", each awaiting a timer, a file read
// and a resolved promise, with some output: about 1.2M spans and 560k events when recorded.
import { readFile } from 'node:fs/promises';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function handle(i) {
  await sleep(i % 7);
  const b = await readFile(new URL(import.meta.url));
  if (i % 50 === 0) console.log(`request ${i} ${b.length}`);
  await Promise.resolve(i);
  return b.length;
}
let total = 0;
for (let round = 0; round < 40; round++) {
  const all = [];
  for (let i = 0; i < 2000; i++) all.push(handle(round * 2000 + i));
  for (const n of await Promise.all(all)) total += n;
}
console.log('done', total);
