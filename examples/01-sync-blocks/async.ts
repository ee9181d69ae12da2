// Lesson 1 · the same three downloads, written with await. Compare it with blocking.ts:
// each download still takes 200 ms, but while one waits the main thread is free, so the timer
// runs at once. (They still run one after another: lesson 3 makes them overlap.)

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

setTimeout(() => console.log('timer: I ran right away'), 0);

for (const name of ['report.pdf', 'photo.jpg', 'data.csv']) {
  await sleep(200); // the function pauses here; the event loop keeps going
  console.log(`downloaded ${name}`);
}
console.log('all downloads done');
