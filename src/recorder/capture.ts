/**
 * What the user's code says and does besides callbacks: stdout/stderr text (capped), EventEmitter
 * emits, uncaught errors and exits, all observed without changing what Node does and without
 * adding a listener anywhere (the program could count them).
 *  - Output: the write of the stdio streams (seen on Writable/Duplex.prototype, so `process.stdout`
 *    is not created before the program asks for it) and fs.writeSync/fs.write on fd 1 and 2. Only
 *    output that is the program's: a child process's stdout that is a pipe to its parent (not the
 *    terminal the program writes to) is not, nor a worker's with `stdout: true`.
 *  - Uncaught errors: through `process._fatalException`, which Node calls for each one; one that an
 *    'uncaughtException' listener handles is the program's business, not a crash.
 */
import { EventEmitter } from 'node:events';
import { disguise, quiet } from './hide';
import { emitBodyOf } from './emit-names';
import { isNodeEmitterClass } from './node-emitters';
import { calledByAsyncHookFatal } from './stacks';
import { now, type Thread } from './state';
import { builtin, fs, nodeModule, proc } from './util';

/** Emitters whose events are not the user's (the flusher Worker, its stdio). */
export const ownEmitters = new WeakSet<object>();
/** Streams that carry a worker's output into this thread's stdout: the worker recorded it already. */
export const forwardedStdio = new WeakSet<object>();
/** Hooks on emits of particular objects (a Worker's 'exit' frees its ring). */
export const emitHooks = new WeakMap<object, (name: string | symbol) => void>();
let forwarding = 0;
/** > 0 inside a stdio stream's write: fs.writeSync below it is the same text. */
let inStdioWrite = 0;

const CHUNK_CHARS = 200_000;

export function recordText(th: Thread, stream: 1 | 2, chunk: unknown, encoding: unknown): void {
  if (forwarding > 0 || quiet > 0 || !th.outputs[stream - 1]) return;
  let text: string;
  if (typeof chunk === 'string') {
    text = typeof encoding === 'string' && !/^utf-?8$/i.test(encoding) ? Buffer.from(chunk, encoding as BufferEncoding).toString() : chunk;
  } else if (chunk instanceof Uint8Array) {
    text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString();
  } else return;
  const bytes = Buffer.byteLength(text);
  const room = th.cfg.maxOutput - th.outBytes;
  const t = now();
  if (bytes <= room) {
    th.outBytes += bytes;
    for (let i = 0; i < text.length; i += CHUNK_CHARS) th.emit({ k: 'console', t, tid: th.tid, stream, text: text.slice(i, i + CHUNK_CHARS) });
    return;
  }
  const head = room > 0 ? Buffer.from(text).subarray(0, room).toString() : '';
  th.outBytes = th.cfg.maxOutput;
  const first = th.outCut === 0;
  th.outCut += bytes - Buffer.byteLength(head);
  // The count travels on console events: on the first cut, with each kept head, and every 64 KiB
  // of dropped text after that (reportCut sends the final figure at exit).
  if (first || head || th.outCut - th.outCutSent >= 65536) {
    th.outCutSent = th.outCut;
    th.emit({ k: 'console', t, tid: th.tid, stream, text: head.slice(0, CHUNK_CHARS), cut: th.outCut });
  }
}

/** Sends the final count of dropped output bytes, if it grew since it was last sent. */
export function reportCut(th: Thread): void {
  if (th.outCut <= th.outCutSent) return;
  th.outCutSent = th.outCut;
  th.emit({ k: 'console', t: now(), tid: th.tid, stream: 1, text: '', cut: th.outCut });
}

/** fd (1, 2) of a stdio stream of this thread, else 0. */
const stdioFd = new WeakMap<object, number>();
function fdOf(stream: any): number {
  const known = stdioFd.get(stream);
  if (known !== undefined) return known;
  let fd = 0;
  if (stream._isStdio === true && (stream.fd === 1 || stream.fd === 2)) fd = stream.fd;
  else if (stream.constructor?.name === 'WritableWorkerStdio') {
    // A worker's own process.stdout/stderr (the parent's worker.stdin is one too: name 'stdin').
    for (const s of Object.getOwnPropertySymbols(stream)) {
      if (s.description !== 'kName') continue;
      const name = stream[s];
      fd = name === 'stdout' ? 1 : name === 'stderr' ? 2 : 0;
    }
  }
  stdioFd.set(stream, fd);
  return fd;
}

/** Wraps a stream prototype's write: text written to this thread's stdout/stderr is recorded. */
function patchWrite(th: Thread, proto: { write: (...a: any[]) => any }): void {
  const original = proto.write;
  const write = function write(this: unknown, ...args: unknown[]) {
    let fd = 0;
    try {
      fd = fdOf(this);
      if (fd) recordText(th, fd as 1 | 2, args[0], typeof args[1] === 'string' ? args[1] : undefined);
    } catch {
      // never throw into user code
    }
    if (!fd) return original.apply(this, args);
    inStdioWrite++;
    try {
      return original.apply(this, args);
    } finally {
      inStdioWrite--;
    }
  };
  Object.defineProperty(proto, 'write', { ...Object.getOwnPropertyDescriptor(proto, 'write'), value: disguise(write, original) });
}

export function captureOutput(th: Thread): void {
  // The stdio streams are made when the program first asks for them; so is node:stream's code
  // (a child that never prints would pay for loading it). The write patch waits for that moment.
  let patched = false;
  const patch = (): void => {
    if (patched) return;
    patched = true;
    const { Duplex, Writable } = builtin<typeof import('node:stream')>('node:stream');
    for (const proto of new Set([Writable.prototype, Duplex.prototype])) patchWrite(th, proto);
  };
  for (const name of ['stdout', 'stderr'] as const) {
    const d = Object.getOwnPropertyDescriptor(proc, name);
    if (!d?.get || !d.configurable) {
      patch();
      continue;
    }
    const get = d.get;
    const getter = function (this: unknown) {
      const stream = get.call(this);
      try {
        patch();
      } catch {
        // swallow
      }
      return stream;
    };
    Object.defineProperty(proc, name, { ...d, get: disguise(getter, get) });
  }
  const writeSync = fs.writeSync;
  const wrappedSync = function writeSync_(this: unknown, ...args: unknown[]) {
    const [fd, data, a] = args;
    const n = (writeSync as any).apply(this, args) as number;
    if ((fd === 1 || fd === 2) && inStdioWrite === 0) {
      try {
        if (typeof data === 'string') recordText(th, fd, n === Buffer.byteLength(data) ? data : Buffer.from(data).subarray(0, n), undefined);
        else if (ArrayBuffer.isView(data)) {
          const off = typeof a === 'number' ? a : 0;
          const u8 = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
          recordText(th, fd, u8.subarray(off, off + n), undefined);
        }
      } catch {
        // swallow
      }
    }
    return n;
  };
  const write = fs.write;
  const wrappedWrite = function write_(this: unknown, ...args: unknown[]) {
    const [fd, data, a] = args;
    if ((fd === 1 || fd === 2) && inStdioWrite === 0) {
      try {
        if (typeof data === 'string') recordText(th, fd, data, undefined);
        else if (ArrayBuffer.isView(data)) {
          const off = typeof a === 'number' ? a : 0;
          const len = typeof args[3] === 'number' ? (args[3] as number) : data.byteLength - off;
          recordText(th, fd, new Uint8Array(data.buffer, data.byteOffset + off, len), undefined);
        }
      } catch {
        // swallow
      }
    }
    return (write as any).apply(this, args);
  };
  (fs as any).writeSync = disguise(wrappedSync, writeSync);
  (fs as any).write = disguise(wrappedWrite, write);
  try {
    nodeModule.syncBuiltinESMExports();
  } catch {
    // ES module named imports keep the originals
  }
}

/**
 * Emits on `process` that are Node's own bookkeeping, not the user's events: listener
 * registration, and the error path when nobody listens (reported as an `error` event instead).
 */
const PROCESS_NOISE = new Set<string | symbol>(['newListener', 'removeListener', 'uncaughtExceptionMonitor', 'warning']);
const ERROR_EVENTS = new Set<string | symbol>(['uncaughtException', 'unhandledRejection']);

export function captureEmits(th: Thread, onProcessExit: (code: number) => void): void {
  const proto = EventEmitter.prototype;
  const original = proto.emit;
  // `arguments` rather than a rest parameter: no array made for the listeners' arguments.
  /* eslint-disable prefer-rest-params */
  const emit = function emit(this: any, name: string | symbol) {
    if (this === proc) {
      if (name === 'exit') {
        // Not recorded as an emit: the trace has its own `exit` event (and the count would include ours).
        try {
          return original.apply(this, arguments as any);
        } finally {
          const code = arguments[1];
          onProcessExit(typeof code === 'number' ? code : (proc.exitCode as number) ?? 0);
        }
      }
      // The recorder's own thread is nobody's business: not even the program's 'worker' listeners hear of it.
      if (name === 'worker' && ownEmitters.has(arguments[1])) return false;
      if (PROCESS_NOISE.has(name) || (ERROR_EVENTS.has(name) && proc.listenerCount(name) === 0)) return original.apply(this, arguments as any);
    }
    const hook = emitHooks.get(this);
    if (hook) try { hook(name); } catch { /* swallow */ }
    if (quiet > 0 || !th.userStarted || ownEmitters.has(this)) return original.apply(this, arguments as any);
    try {
      const ev = this._events?.[name];
      // Node's own emitter, nobody listening: none of the program's work (node-emitters.ts).
      if (ev !== undefined || !isNodeEmitterClass(this.constructor)) {
        th.soon(); // the cheap clock: an emit's time matters to a couple of ms (a precise read was a third of its cost)
        th.sink.emitRecord(emitBodyOf(this, name), ev === undefined ? 0 : typeof ev === 'function' ? 1 : ev.length);
      }
    } catch {
      // swallow
    }
    if (name === 'data' && forwardedStdio.has(this)) {
      forwarding++;
      try {
        return original.apply(this, arguments as any);
      } finally {
        forwarding--;
      }
    }
    return original.apply(this, arguments as any);
  };
  /* eslint-enable prefer-rest-params */
  proto.emit = disguise(emit, original);
}

/**
 * Uncaught errors: Node calls `process._fatalException(error, fromPromise)` for each; when no
 * 'uncaughtException' listener (or capture callback) will handle it, it is fatal for this thread:
 * recorded, and `onFatal` saves the trace before Node prints and exits.
 */
export function captureErrors(th: Thread, onFatal: () => void): void {
  const original = (proc as any)._fatalException;
  if (typeof original !== 'function') return;
  const fatal = function _fatalException(this: unknown, ...args: unknown[]) {
    const [err, fromPromise] = args as [any, boolean];
    try {
      const handled = proc.hasUncaughtExceptionCaptureCallback() || proc.listenerCount('uncaughtException') > 0;
      if (!handled) {
        const isErr = err instanceof Error;
        th.emit({
          k: 'error',
          t: now(),
          tid: th.tid,
          // An ES module's top-level throw reaches Node as the rejection of the module's evaluation
          // promise (also after a top-level await): Node reports it as an uncaught exception, and
          // so do we. A real unhandled rejection comes from Node's rejection processing.
          kind: fromPromise && fromRejections() ? 'unhandledRejection' : 'uncaught',
          message: isErr ? String(err.message) : safeString(err),
          stack: isErr ? String(err.stack ?? '') : '',
        });
        onFatal();
      }
    } catch {
      // swallow
    }
    return original.apply(this, args);
  };
  (proc as any)._fatalException = disguise(fatal, original);
}

/** True when Node's processing of unhandled rejections is what reports this error (its caller). */
function fromRejections(): boolean {
  const holder: { stack?: unknown } = {};
  Error.captureStackTrace(holder);
  return /processPromiseRejections/.test(String(holder.stack));
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '[unprintable]';
  }
}

export function captureExitCalls(th: Thread): void {
  const original = proc.exit;
  const exit = function exit(this: unknown, ...args: unknown[]) {
    const code = args[0] as number | string | null | undefined;
    try {
      const c = code === undefined || code === null ? proc.exitCode : code;
      const cause = calledByAsyncHookFatal(exit) ? 'asyncHookError' : undefined;
      th.emit({ k: 'exitCall', t: now(), tid: th.tid, code: Number(c ?? 0) | 0, ...(cause ? { cause } : {}) });
    } catch {
      // swallow
    }
    // With the caller's arguments as they were: process.exit() and process.exit(undefined) differ.
    return (original as any).apply(proc, args);
  };
  proc.exit = disguise(exit, original) as typeof proc.exit;
}
