// Lesson 1 · Synchronous code blocks.
// sleepSync works like Python's time.sleep: the thread stops. While it sleeps, nothing else can
// run, not even a timer that was due long ago. Total time = the sum of the three sleeps.

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); // the thread stops here
}

setTimeout(() => console.log('timer: I was due after 0 ms, but I had to wait'), 0);

for (const name of ['report.pdf', 'photo.jpg', 'data.csv']) {
  sleepSync(200); // pretend to download for 200 ms
  console.log(`downloaded ${name}`);
}
console.log('all downloads done');
