/**
 * What the user's code says and does besides callbacks: stdout/stderr text (capped), EventEmitter
 * emits, uncaught errors (observed without changing Node's default behaviour) and exits.
 */
import { EventEmitter } from 'node:events';
import { now } from './clock';
import type { Thread } from './state';

/** Emitters whose events are not the user's (the flusher Worker, worker stdio pipes). */
export const ownEmitters = new WeakSet<object>();
/** Streams that carry a worker's output into this thread's stdout: the worker recorded it already. */
export const forwardedStdio = new WeakSet<object>();
let forwarding = 0;

const CHUNK_CHARS = 200_000;

export function recordText(th: Thread, stream: 1 | 2, chunk: unknown, encoding: unknown): void {
  if (forwarding > 0 || th.quiet > 0) return;
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

export function captureOutput(th: Thread): void {
  for (const [name, stream] of [['stdout', 1], ['stderr', 2]] as const) {
    const s = process[name];
    const original = s.write;
    const write = function (this: unknown, chunk: unknown, encoding?: unknown, cb?: unknown) {
      try {
        recordText(th, stream, chunk, encoding);
      } catch {
        // never throw into user code
      }
      return (original as any).call(this, chunk, encoding, cb);
    };
    s.write = write as typeof s.write;
  }
}

/**
 * Emits on `process` that are Node's own bookkeeping, not the user's events: listener
 * registration, and the error path (reported as an `error` event instead).
 */
const PROCESS_NOISE = new Set<string | symbol>(['newListener', 'removeListener', 'uncaughtExceptionMonitor', 'uncaughtException', 'unhandledRejection', 'warning']);

export function captureEmits(th: Thread, onProcessExit: (code: number) => void): void {
  const proto = EventEmitter.prototype;
  const original = proto.emit;
  proto.emit = function emit(this: any, name: string | symbol, ...args: unknown[]) {
    if (this === process && name === 'exit') {
      // Not recorded as an emit: the trace has its own `exit` event (and the count would include ours).
      try {
        return original.call(this, name, ...args);
      } finally {
        onProcessExit(typeof args[0] === 'number' ? args[0] : (process.exitCode as number) ?? 0);
      }
    }
    if (th.quiet > 0 || !th.userStarted || ownEmitters.has(this) || (this === process && name === 'worker' && ownEmitters.has(args[0] as object)) || (this === process && PROCESS_NOISE.has(name))) {
      return original.call(this, name, ...args);
    }
    try {
      const ev = this._events?.[name];
      const listeners = ev === undefined ? 0 : typeof ev === 'function' ? 1 : ev.length;
      const cls = this.constructor?.name ?? 'Object';
      th.emit({ k: 'emit', t: now(), tid: th.tid, name: typeof name === 'symbol' ? name.toString() : String(name), cls: String(cls), listeners });
    } catch {
      // swallow
    }
    if (forwardedStdio.has(this) && name === 'data') {
      forwarding++;
      try {
        return original.call(this, name, ...args);
      } finally {
        forwarding--;
      }
    }
    return original.call(this, name, ...args);
  };
}

export function captureErrors(th: Thread, onFatal: () => void): void {
  process.on('uncaughtExceptionMonitor', (err: any, origin: string) => {
    try {
      const isErr = err instanceof Error;
      th.emit({
        k: 'error',
        t: now(),
        tid: th.tid,
        // An ES module's top-level throw reaches Node as the rejection of the module's evaluation
        // promise; Node reports it as an uncaught exception, and so do we.
        kind: origin === 'unhandledRejection' && !(isErr && /\bModuleJob\.run\b/.test(String(err.stack))) ? 'unhandledRejection' : 'uncaught',
        message: isErr ? String(err.message) : safeString(err),
        stack: isErr ? String(err.stack ?? '') : '',
      });
      // Node may still print and exit without calling anything else of ours: save what we have.
      if (process.listenerCount('uncaughtException') === 0) onFatal();
    } catch {
      // swallow
    }
  });
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return '[unprintable]';
  }
}

export function captureExitCalls(th: Thread): void {
  const original = process.exit;
  process.exit = function exit(this: unknown, code?: number | string | null) {
    try {
      const c = code === undefined || code === null ? process.exitCode : code;
      const cause = calledByAsyncHookFatal() ? 'asyncHookError' : undefined;
      th.emit({ k: 'exitCall', t: now(), tid: th.tid, code: Number(c ?? 0) | 0, ...(cause ? { cause } : {}) });
    } catch {
      // swallow
    }
    return original.call(process, code as any);
  } as typeof process.exit;
}

/**
 * True when Node's own fatal-error path for async hooks (`fatalError` in
 * node:internal/async_hooks: a hook callback threw) is calling process.exit, not the program.
 * Reads the call sites with a prepareStackTrace of our own, set and restored synchronously, so a
 * prepareStackTrace the program installed is never called and cannot notice.
 */
function calledByAsyncHookFatal(): boolean {
  const E = Error as any;
  const savedPrepare = E.prepareStackTrace;
  const savedLimit = E.stackTraceLimit;
  try {
    E.stackTraceLimit = 8;
    E.prepareStackTrace = (_e: unknown, sites: NodeJS.CallSite[]) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, calledByAsyncHookFatal);
    const sites = holder.stack ?? [];
    return Array.isArray(sites) && sites.some((s) => s.getFunctionName?.() === 'fatalError' && s.getFileName?.() === 'node:internal/async_hooks');
  } catch {
    return false;
  } finally {
    E.prepareStackTrace = savedPrepare;
    E.stackTraceLimit = savedLimit;
  }
}
