// Lesson 4 · Event loop order. Guess the order of the lines before you run it!
// The rules: synchronous code runs first, to its end. Then the process.nextTick queue, then the
// promise (microtask) queue, each drained completely. Then the loop's phases: timers, I/O,
// then setImmediate ("check"). After every single callback, nextTicks and microtasks drain again.
// (This file is CommonJS, as Node runs a .js/.ts file without import/export. In an ES module the
// top-level code itself runs as a microtask, so the promise lines would come before the nextTick.)

console.log('1 script start');

setTimeout(() => {
  console.log('5 setTimeout (timers phase)');
  setTimeout(() => console.log('8 setTimeout again (the next timers phase)'), 0);
  setImmediate(() => console.log('7 setImmediate (check phase, same loop turn)'));
  process.nextTick(() => console.log('6 nextTick (right after the callback that queued it)'));
}, 0);

Promise.resolve().then(() => console.log('4 promise.then (microtask)'));
process.nextTick(() => console.log('3 process.nextTick (before any promise)'));

console.log('2 script end');
