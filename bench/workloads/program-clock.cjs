/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (--require) */
// Preloaded into the plain runs of the benchmarks (--require): prints how long the program ran,
// from the moment Node starts the entry's own code to its exit, the same span a trace's
// programMs covers (Node's start-up and the module loader's work before it are left out on both
// sides). A CommonJS entry starts when Node has compiled it (its _compile asks path.dirname right
// between compiling and running); an ES module entry when Node reads it (the loader's linking of
// its imports, a millisecond or so, is counted in). Workers and forked children inherit the
// preload (execArgv): only the program's own main thread, the first process, keeps the clock.
const top = require('node:worker_threads').isMainThread && !process.env.PROGRAM_CLOCK_STARTED;
process.env.PROGRAM_CLOCK_STARTED = '1';
const fs = require('node:fs');
const path = require('node:path');
const entry = process.argv[1] ? fs.realpathSync(process.argv[1]) : '';
let t0 = performance.now();
const dirname = path.dirname;
path.dirname = function (p) {
  if (p === entry) {
    t0 = performance.now();
    path.dirname = dirname;
  }
  return dirname.apply(this, arguments);
};
const readFile = fs.promises.readFile;
fs.promises.readFile = function (p) {
  const file = p instanceof URL ? require('node:url').fileURLToPath(p) : String(p);
  if (file === entry) {
    t0 = performance.now();
    fs.promises.readFile = readFile;
    path.dirname = dirname;
  }
  return readFile.apply(this, arguments);
};
if (top) process.on('exit', () => process.stderr.write(`PROGRAM_MS ${(performance.now() - t0).toFixed(3)}\n`));
