/**
 * Small things every recorder module needs, bound once at load time before anything is wrapped:
 * the clock, the process object (a program may delete `globalThis.process`), the original
 * `fs.writeSync` (the recorder wraps it to see output written to fd 1 and 2).
 */
import fs from 'node:fs';
import process from 'node:process';

export const proc: NodeJS.Process = process;
export const queueMicrotaskOrig: typeof queueMicrotask = queueMicrotask;
/** Promise.prototype.then before the recorder wraps it (for the recorder's own reactions). */
export const thenOrig = Promise.prototype.then;

const origin = performance.timeOrigin;
const perf = performance;
/** Absolute ms on the one clock shared by all threads and processes (timeOrigin read once: it is a getter). */
export const now = (): number => origin + perf.now();

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

/** Node's async_wrap binding (async id counters, promise hooks), read without printing DEP0111. */
export const asyncWrap: { async_id_fields: Float64Array; async_hook_fields: Uint32Array; constants: Record<string, number>; setPromiseHooks(...a: unknown[]): void } = (() => {
  const saved = proc.noDeprecation;
  try {
    proc.noDeprecation = true;
    return (proc as any).binding('async_wrap');
  } finally {
    proc.noDeprecation = saved;
  }
})();
