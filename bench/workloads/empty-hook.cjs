/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (--require) */
// Preload for bench/server.bench.ts: an async_hooks hook that does nothing (init, before, after),
// with Node's promise hooks turned back off as the recorder turns them off: what async_hooks
// alone costs a server, the floor under any recorder built on it.
const ah = require('node:async_hooks');
ah.createHook({ init() {}, before() {}, after() {} }).enable();
try {
  process.binding('async_wrap').setPromiseHooks(undefined, undefined, undefined, undefined);
} catch {
  // a Node without the binding keeps them on
}
