// Start here: the same three "downloads" done three ways. Run it with Async Viz and look at the
// timeline: the blocking version is one long bar on the main thread; the awaited-one-by-one
// version waits three times in a row; Promise.all waits once, all three waits overlapping.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Like Python's time.sleep: the thread stops and nothing else can run. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function downloadBlocking(name: string): string {
  sleepSync(100); // the main thread is stuck here
  return `${name} (blocking)`;
}

async function download(name: string): Promise<string> {
  await sleep(100); // the main thread is free while this waits
  return name;
}

console.log('1. blocking:', ['a', 'b', 'c'].map(downloadBlocking).join(', '));

const oneByOne: string[] = [];
for (const name of ['a', 'b', 'c']) oneByOne.push(await download(name));
console.log('2. one after another:', oneByOne.join(', '));

const together = await Promise.all(['a', 'b', 'c'].map(download));
console.log('3. Promise.all:', together.join(', '));
