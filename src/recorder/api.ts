/**
 * `$av$`: what the rewritten user code calls (see src/run/prepare), one per thread. It is a
 * global lexical binding (a `const` of the global scope, made by a script run here), so every
 * module of the realm sees it and no property of `globalThis` shows it.
 *
 * Per thread: a call id counter and the stack of running async calls (enter pushes, s pops, r
 * pushes, leave pops). Each mark is one record with one clock read, written straight into the
 * sink. Nothing here may throw into user code.
 */
import vm from 'node:vm';
import { KIND } from '../core/wire-codec';
import { own } from './hide';
import { now, type Thread } from './state';
import { proc, queueMicrotaskOrig } from './util';

export interface AsyncVizApi {
  enter(fn: number): number;
  /** enter() of the module's top-level code when it awaits at top level: its first suspend ends the script. */
  top(fn: number): number;
  s<T>(call: number, site: number, value: T): T;
  r<T>(call: number, site: number, value: T): T;
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
const SITE_MASK = 0xffff;

export function installApi(th: Thread): AsyncVizApi {
  const sink = th.sink;
  const running: number[] = [];
  let depth = 0;
  const lastSite = new Int32Array(SITE_MASK + 1).fill(-1);
  const threw = new Set<number>();
  let nextCall = 0;
  let topCall = -1;

  const pop = (call: number): void => {
    if (depth > 0 && running[depth - 1] === call) {
      depth--;
      return;
    }
    for (let i = depth - 1; i >= 0; i--) {
      if (running[i] !== call) continue;
      running.copyWithin(i, i + 1, depth);
      depth--;
      return;
    }
  };
  const isRunning = (call: number): boolean => {
    for (let i = depth - 1; i >= 0; i--) if (running[i] === call) return true;
    return false;
  };

  const api: AsyncVizApi = {
    enter(fn) {
      try {
        const call = ++nextCall;
        sink.callStart(now(), call, fn, depth > 0 ? running[depth - 1] : -1);
        running[depth++] = call;
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
        const t = now();
        sink.mark(KIND.suspend, t, call, site);
        lastSite[call & SITE_MASK] = site;
        pop(call);
        // The top-level await's first suspend ends the script; later ones end a continuation.
        if (call === topCall && th.scriptOpen) th.scriptSuspended(t);
        else if (depth === 0) th.endContinuation(t);
      } catch {
        // swallow
      }
      return value;
    },
    r(call, site, value) {
      try {
        const t = now();
        th.resumed(t);
        sink.mark(KIND.resume, t, call, site);
        running[depth++] = call;
      } catch {
        // swallow
      }
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
        const t = now();
        sink.callEnd(t, call, threw.size > 0 && threw.delete(call));
        pop(call);
        if (depth === 0) th.endContinuation(t);
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
  return api;
}

/** Makes `name` a `const` of the global scope holding `value` (visible to every module, not a property of globalThis). */
function defineGlobalLexical(name: string, value: unknown): void {
  const key = `__asyncViz${Math.random().toString(36).slice(2)}`;
  const g = globalThis as Record<string, unknown>;
  g[key] = value;
  try {
    vm.runInThisContext(`const ${name} = globalThis[${JSON.stringify(key)}];`);
  } finally {
    delete g[key];
  }
}
