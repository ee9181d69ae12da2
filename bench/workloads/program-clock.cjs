// Preloaded into the plain runs of `npm run bench` (--require): prints how long the program ran,
// from the end of Node's start-up to its exit, so that it compares with a trace's `programMs`.
const t0 = performance.now();
process.on('exit', () => process.stderr.write(`PROGRAM_MS ${(performance.now() - t0).toFixed(3)}\n`));
