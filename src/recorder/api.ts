/**
 * `$av$`: what the rewritten user code calls (see src/run/prepare), one per thread. It is a
 * global lexical binding (a `const` of the global scope, made by a script run here), so every
 * module of the realm sees it and no property of `globalThis` shows it.
 *
 * Per thread: a call id counter and the stack of running async calls (enter pushes, s pops, r
 * pushes, leave pops). Each mark is one fixed record written straight into the sink, timed by the
 * cheap clock (state.ts, `soon`): no clock read of its own. Nothing here may throw into user code.
 * Also `$av$k`, the call-site registers (the thread's `Thread.site`) that the marked calls write
 * (prepare/calls.ts) and the init hook reads.
 */
import { KIND } from '../core/wire-codec';
import { own } from './hide';
import type { Thread } from './state';
import { F } from './shared';
import { T, proc, queueMicrotaskOrig, vm } from './util';

export interface AsyncVizApi {
  enter(fn: number): number;
  /** enter() of the module's top-level code when it awaits at top level: its first suspend ends the script. */
  top(fn: number): number;
  s<T>(call: number, site: number, value: T): T;
  r<T>(call: number, site: number, value: T): T;
  /**
   * A call mark after its last argument `value` was evaluated: site register [0] = `site`, [1] =
   * `outer` (unless KEEP_OUTER); returns `value`.
   */
  m<T>(site: number, outer: number, value: T): T;
  /** Start of a catch/finally block of async code: an await of `call` that threw resumes here. */
  rx(call: number): void;
  fail(call: number): void;
  leave(call: number): void;
  scriptStart(): void;
  scriptEnd(): void;
  /** Start of an ES module's top-level code; the script ends when its synchronous part does. */
  esmStart(): void;
  /** Start of a CommonJS main module's top-level code; the script ends when it returns. */
  cjsStart(): void;
}

/** Suspend sites of calls, by call id modulo its size (for rx, which does not know which await threw). */
const SITE_MASK = 0xfff;
/** Deepest stack of running async calls kept in the typed arrays (deeper ones are written at once). */
const MAX_DEPTH = 4096;
/**
 * A call that returns without ever suspending and took less than this (cheap clock: ~2 ms) is
 * not recorded: it ran inside its caller's span, nothing waited for it. Its start is held back
 * until something shows it matters (it suspends, a record is written while it runs, it ran long).
 */
const SYNC_CALL_MIN_MS = 2;
/** `m`'s outer that leaves register [1] as it is (prepare/calls.ts writes it). */
const KEEP_OUTER = -2;

export function installApi(th: Thread): AsyncVizApi {
  const sink = th.sink;
  /** Running async calls, innermost last: id, function site, start time, start already written. */
  const running = new Int32Array(MAX_DEPTH);
  const runFn = new Int32Array(MAX_DEPTH);
  const runT = new Float64Array(MAX_DEPTH);
  const written = new Uint8Array(MAX_DEPTH);
  let depth = 0;
  /** Calls on the stack whose callStart is held back. */
  let pending = 0;
  const lastSite = new Int32Array(SITE_MASK + 1).fill(-1);
  const threw = new Set<number>();
  let nextCall = 0;
  let topCall = -1;
  // The hot paths below do by hand what Thread's soon/resumed/endContinuation do (fewer calls for
  // V8 to compile and inline; an await mark is a handful of stores).
  const clock = th.views?.f64;
  const busy = th.publishes ? th.views?.f64 : undefined;
  const blockMs = th.cfg.blockMs;
  const soon = clock
    ? (): void => {
        const c = clock[F.clock];
        T[0] = c > T[1] ? c : T[1];
      }
    : (): void => th.tick();
  /** The running continuation (started at T[2]) ended at T[0]. */
  const endContinuation = (): void => {
    const start = T[2];
    T[2] = 0;
    if (busy) {
      const seq = busy[F.seq];
      busy[F.seq] = seq + 1; // even: idle
      if (T[0] - start >= blockMs) th.longRun(-1, start, seq);
    }
    sink.due();
  };

  /** Writes the held-back callStarts (outer first, at their own times), before any other record. */
  const writePending = (): void => {
    sink.beforeWrite = undefined;
    if (pending === 0) return;
    const now0 = T[0];
    for (let i = 0; i < depth; i++) {
      if (written[i]) continue;
      T[0] = runT[i];
      sink.fixed(KIND.callStart, running[i], runFn[i], i > 0 ? running[i - 1] : -1);
      written[i] = 1;
    }
    pending = 0;
    T[0] = now0;
  };
  const push = (call: number, fn: number, isWritten: number): void => {
    if (depth === MAX_DEPTH) {
      // Too deep to hold back: written at once, and not kept.
      if (!isWritten) sink.fixed(KIND.callStart, call, fn, running[depth - 1]);
      return;
    }
    running[depth] = call;
    runFn[depth] = fn;
    runT[depth] = T[0];
    written[depth] = isWritten;
    depth++;
    if (!isWritten) {
      pending++;
      sink.beforeWrite = writePending;
    }
  };
  /** Removes `call` from the stack; returns whether its callStart was written (or it was not there). */
  const pop = (call: number): number => {
    let i = depth - 1;
    if (i < 0 || running[i] !== call) {
      while (i >= 0 && running[i] !== call) i--;
      if (i < 0) return 1;
    }
    const w = written[i];
    if (!w) pending--;
    if (i === depth - 1) depth--;
    else {
      running.copyWithin(i, i + 1, depth);
      runFn.copyWithin(i, i + 1, depth);
      runT.copyWithin(i, i + 1, depth);
      written.copyWithin(i, i + 1, depth);
      depth--;
    }
    if (pending === 0) sink.beforeWrite = undefined;
    return w;
  };
  const reg = th.site;
  const isRunning = (call: number): boolean => {
    for (let i = depth - 1; i >= 0; i--) if (running[i] === call) return true;
    return false;
  };

  const api: AsyncVizApi = {
    enter(fn) {
      try {
        const call = ++nextCall;
        soon();
        push(call, fn, 0);
        return call;
      } catch {
        return -1;
      }
    },
    top(fn) {
      const call = api.enter(fn);
      topCall = call;
      return call;
    },
    s(call, site, value) {
      try {
        soon();
        if (pending > 0) writePending();
        sink.fixed(KIND.suspend, call, site, 0);
        lastSite[call & SITE_MASK] = site;
        pop(call);
        // The top-level await's first suspend ends the script; later ones end a continuation.
        if (call === topCall && th.scriptOpen) th.scriptSuspended();
        else if (depth === 0 && T[2] !== 0) endContinuation();
      } catch {
        // swallow
      }
      return value;
    },
    r(call, site, value) {
      try {
        // The cheap clock: a resume after a callback (a timer, I/O) is close to that callback's
        // precise start; a chain of resolved awaits is timed to the flusher's tick (~2 ms).
        soon();
        if (T[2] === 0 && th.stack.length === 1 && !th.scriptOpen) {
          // A microtask continuation starts (no callback around it): time it.
          T[2] = T[0];
          if (busy) {
            busy[F.id] = -1;
            busy[F.start] = T[0];
            busy[F.seq] = busy[F.seq] + 1; // odd: running
          }
        }
        if (pending > 0) writePending();
        sink.fixed(KIND.resume, call, site, 0);
        push(call, -1, 1);
        // What the continuation makes before its next marked call was not made by an earlier line.
        reg[0] = reg[1] = -1;
      } catch {
        // swallow
      }
      return value;
    },
    m(id, outer, value) {
      reg[0] = id;
      if (outer !== KEEP_OUTER) reg[1] = outer;
      return value;
    },
    rx(call) {
      try {
        if (!isRunning(call)) api.r(call, lastSite[call & SITE_MASK], undefined);
      } catch {
        // swallow
      }
    },
    fail(call) {
      try {
        api.rx(call);
        threw.add(call);
      } catch {
        // swallow
      }
    },
    leave(call) {
      try {
        soon();
        const i = depth - 1;
        const didThrow = threw.size > 0 && threw.delete(call);
        if (i >= 0 && running[i] === call && !written[i] && !didThrow && T[0] - runT[i] < SYNC_CALL_MIN_MS) {
          // Returned without suspending, quickly: not recorded.
          pop(call);
        } else {
          if (pending > 0) writePending();
          sink.fixed(KIND.callEnd, call, didThrow ? 1 : 0, 0);
          pop(call);
        }
        if (depth === 0 && T[2] !== 0) endContinuation();
      } catch {
        // swallow
      }
    },
    scriptStart() {
      try {
        th.scriptStart();
      } catch {
        // swallow
      }
    },
    scriptEnd() {
      try {
        th.scriptEnd();
      } catch {
        // swallow
      }
    },
    esmStart() {
      try {
        th.scriptStart();
        // Queued before any microtask of the module's own code: it runs as soon as the module's
        // synchronous part is over (its end, or its first top-level await).
        own(() => queueMicrotaskOrig(() => th.scriptEnd()));
      } catch {
        // swallow
      }
    },
    cjsStart() {
      try {
        th.scriptStart();
        // The first tick after the main module's code has returned.
        own(() => proc.nextTick(() => th.scriptEnd()));
      } catch {
        // swallow
      }
    },
  };
  defineGlobalLexical('$av$', api);
  defineGlobalLexical('$av$k', reg);
  return api;
}

/** Makes `name` a `const` of the global scope holding `value` (visible to every module, not a property of globalThis). */
export function defineGlobalLexical(name: string, value: unknown): void {
  const key = `__asyncViz${Math.random().toString(36).slice(2)}`;
  const g = globalThis as Record<string, unknown>;
  g[key] = value;
  try {
    vm.runInThisContext(`const ${name} = globalThis[${JSON.stringify(key)}];`);
  } finally {
    delete g[key];
  }
}
