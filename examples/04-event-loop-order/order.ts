// Lesson 4 · Event loop order. Guess the order of the eight lines before you run it!
// (In VS Code and with `async-viz --lesson 4`, the timeline first asks for your guess.)
// The answer, and the rules behind it, are at the bottom of this file: no peeking.

console.log('script start');

setTimeout(() => {
  console.log('setTimeout');
  setTimeout(() => console.log('setTimeout inside setTimeout'), 0);
  setImmediate(() => console.log('setImmediate inside setTimeout'));
  process.nextTick(() => console.log('nextTick inside setTimeout'));
}, 0);

Promise.resolve().then(() => console.log('promise.then'));
process.nextTick(() => console.log('process.nextTick'));

console.log('script end');

// The rules: synchronous code runs first, to its end (script start, script end). Then the
// process.nextTick queue, then the promise (microtask) queue, each drained completely. Then the
// loop's phases: timers, I/O, then setImmediate ("check"). After every single callback, nextTicks
// and microtasks drain again: so the nextTick queued inside the timer runs right after it, the
// immediate comes in the same loop turn, and the inner timer waits for the next timers phase.
// (This file is CommonJS, as Node runs a .js/.ts file without import/export. In an ES module the
// top-level code itself runs as a microtask, so promise.then would come before process.nextTick.)
