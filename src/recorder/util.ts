/**
 * Small things every recorder module needs, bound once at load time before anything is wrapped:
 * Node's modules (required as they are: an ES-style default import made the bundle copy each
 * module's properties at start-up), the clock, the process object (a program may delete
 * `globalThis.process`), the original `fs.writeSync` (the recorder wraps it to see output
 * written to fd 1 and 2).
 */

/** A Node built-in module (the module object itself, for the wrappers that replace its functions). */
export function builtin<M>(id: string): M {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id) as M;
}

export const proc = builtin<NodeJS.Process>('node:process');
export const fs = builtin<typeof import('node:fs')>('node:fs');
export const path = builtin<typeof import('node:path')>('node:path');
export const vm = builtin<typeof import('node:vm')>('node:vm');
export const workerThreads = builtin<typeof import('node:worker_threads')>('node:worker_threads');
export const asyncHooks = builtin<typeof import('node:async_hooks')>('node:async_hooks');
export const nodeModule = builtin<typeof import('node:module')>('node:module');
export const queueMicrotaskOrig: typeof queueMicrotask = queueMicrotask;
/** Promise.prototype.then before the recorder wraps it (for the recorder's own reactions). */
export const thenOrig = Promise.prototype.then;

const hrtime = proc.hrtime;
/**
 * ms on the one clock shared by all threads and processes: the system's monotonic clock
 * (process.hrtime; `performance` would load perf_hooks into every thread and child at start-up).
 */
export const now = (): number => {
  const t = hrtime();
  return t[0] * 1e3 + t[1] / 1e6;
};

/**
 * This thread's time registers (the module is loaded once per thread). The hot paths pass times
 * through these instead of as arguments or object fields: a double that crosses a call V8 does
 * not inline, or is stored in a field, is a heap allocation each time (measured: it was most of
 * an await mark's cost).
 *   [0] the time of the record being written  [1] the last precise reading  [2] start of the
 *   running await continuation (0: none)       [3] start of the running script
 */
export const T = new Float64Array(4);

const writeSync = fs.writeSync;

/** Writes all of `bytes` to `fd` with the original fs.writeSync. */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** `process._rawDebug` when the recorder runs with ASYNC_VIZ_DEBUG=1 (never otherwise: the program would see it). */
export function debugLog(enabled: boolean, what: string, e?: unknown): void {
  if (enabled) (proc as any)._rawDebug(`[async-viz recorder] ${what}${e === undefined ? '' : `: ${(e as Error)?.stack ?? e}`}`);
}

/**
 * Node's async_wrap binding (async id counters, promise hooks), read without printing DEP0111;
 * undefined where `process.binding` no longer offers it (Node 24): the recorder then works without
 * it (see hide.ts and hooks.ts for what that costs).
 */
export const asyncWrap: { async_id_fields: Float64Array; async_hook_fields: Uint32Array; constants: Record<string, number>; setPromiseHooks(...a: unknown[]): void } | undefined = (() => {
  const saved = proc.noDeprecation;
  try {
    proc.noDeprecation = true;
    return (proc as any).binding('async_wrap');
  } catch {
    return undefined;
  } finally {
    proc.noDeprecation = saved;
  }
})();

