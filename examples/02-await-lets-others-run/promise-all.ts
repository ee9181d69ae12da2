// Lesson 2 · await lets other work run.
// Three waits started together overlap: the total is about the longest wait (300 ms), not the
// sum (900 ms). Meanwhile the main thread is idle, free to run the ticker.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function fetchLike(name: string, ms: number): Promise<string> {
  console.log(`start ${name}`);
  await sleep(ms); // like asyncio.sleep: waits without blocking
  console.log(`done ${name}`);
  return name;
}

const ticker = setInterval(() => console.log('tick: the main thread is free'), 100);
const started = Date.now();
const results = await Promise.all([fetchLike('users', 300), fetchLike('posts', 300), fetchLike('comments', 300)]);
clearInterval(ticker);
console.log(`got ${results.join(', ')} in ${Date.now() - started} ms`);
