/**
 * Callbacks: Node's async_hooks for timers, immediates, nextTick and I/O (promise hooks switched
 * off again right after enabling: they cost 4-10x on await-heavy code), and wrappers around
 * `Promise.prototype.then` and `finally` that give the program's then/catch/finally callbacks
 * synthetic ids (from SYNTHETIC_ID_BASE = 2^30 up, so they never meet Node's ids). `catch` calls
 * `then` by spec; `finally` hands `then` built-in functions, so the user's callback is wrapped in
 * `finally` itself. Built-in callbacks (Promise.all's element functions, resolve functions) are
 * Node's machinery, not the program's code: they are not recorded. `queueMicrotask` is an
 * AsyncResource ('Microtask') and comes through async_hooks.
 *
 * Not recorded either: the recorder's own resources (hide.ts), and promise reactions, which reach
 * the hook when the program (or AsyncLocalStorage) turns promise hooks back on: the recorder
 * records awaits and then-callbacks its own way.
 */
import { executionAsyncResource } from 'node:async_hooks';
import { SYNTHETIC_ID_BASE, delayWord } from '../core/wire-codec';
import { HOOK_TOTALS, claimOwn, disguise, hookFields, isOwn } from './hide';
import type { Thread } from './state';
import { asyncHooks, asyncWrap, builtin } from './util';

const { isPromise } = builtin<typeof import('node:util/types')>('node:util/types');

/** Node's own createHook, taken before hide.ts gives the program a filtering one (ours needs no filter). */
const createHook = asyncHooks.createHook;

let nextSynthetic = SYNTHETIC_ID_BASE;
const fnToString = Function.prototype.toString;

/** A V8 built-in function (not a bound one): machinery, not the program's code. */
function isBuiltin(fn: unknown): boolean {
  if (typeof fn !== 'function') return true;
  try {
    // Built-in callbacks (resolve functions, Promise.all's element functions) have no name.
    return fn.name === '' && fnToString.call(fn).endsWith('{ [native code] }');
  } catch {
    return false;
  }
}

/** Async_hooks type names of resources made before the recorder's hook existed, by their JS class. */
const TYPE_OF_CLASS: Record<string, string> = {
  MessagePort: 'MESSAGEPORT', Pipe: 'PIPEWRAP', TTY: 'TTYWRAP', TCP: 'TCPWRAP', Process: 'PROCESSWRAP',
  Signal: 'SIGNALWRAP', Worker: 'WORKER', FSEvent: 'FSEVENTWRAP', UDP: 'UDPWRAP',
};

export function installHooks(th: Thread): void {
  const sink = th.sink;
  const site = th.site;
  /** Ids up to this one existed before the hook: they get an init of their own when their callback first runs. */
  // Without async_wrap (Node 24) the counter cannot be read: ids are increasing, so everything
  // older than the first resource this hook sees existed before it.
  let preId = asyncWrap ? asyncWrap.async_id_fields[asyncWrap.constants.kAsyncIdCounter] : Infinity;
  const announced = new Set<number>();
  let ourTotals = 0;
  /**
   * Some other hook was enabled: promise hooks may be on, and promise reactions reach `before`.
   * Without async_wrap they cannot be turned off (disablePromiseHooks), so they are on.
   */
  let promiseHooksMaybe = !hookFields;

  const hook = createHook({
    init(id, type, trigger, resource) {
      if (preId === Infinity) preId = id - 1;
      if (type === 'PROMISE' || claimOwn(id)) return;
      th.soon();
      // The line that made it: the call-site registers the marked user code wrote (no stack).
      if (type === 'Timeout') sink.initTimer(id, trigger, th.exec(), site[0], site[1], timerDelay(resource));
      else sink.init(id, type, trigger, th.exec(), site[0], site[1]);
    },
    before(id) {
      if (isOwn(id) || th.loading) return;
      if (!promiseHooksMaybe && hookFields![HOOK_TOTALS] > ourTotals) promiseHooksMaybe = true;
      // Any native promise: Node's own (primordials' SafePromise) is no `instanceof Promise`.
      if (promiseHooksMaybe && isPromise(executionAsyncResource())) return;
      if (id <= preId && !announced.has(id)) {
        // Made during Node's bootstrap: a handle whose callbacks run the program's listeners (a
        // worker's port, a child's IPC pipe) is announced; anything else (Node's own ticks) is not recorded.
        const r = executionAsyncResource() as { constructor?: { name?: string } } | undefined;
        const type = TYPE_OF_CLASS[String(r?.constructor?.name ?? '')];
        if (!type) return;
        announced.add(id);
        th.soon();
        sink.init(id, type, -1, -1, -1, -1);
      }
      th.before(id);
    },
    after(id) {
      if (isOwn(id)) return;
      th.after(id);
    },
  });
  hook.enable();
  ourTotals = hookFields?.[HOOK_TOTALS] ?? 0;
  disablePromiseHooks();
  wrapThen(th);
}

/**
 * A Timeout's delay word (wire-codec.ts): Node sets `_idleTimeout` (and `_repeat` for an
 * interval) before the init hook runs; plain data properties, so reading them runs no code.
 */
function timerDelay(resource: unknown): number {
  const r = resource as { _idleTimeout?: unknown; _repeat?: unknown };
  const d = r._idleTimeout;
  return typeof d === 'number' ? delayWord(d, r._repeat !== null && r._repeat !== undefined) : 0;
}

/** Node turned promise hooks on with our hook; turn them off. */
function disablePromiseHooks(): void {
  try {
    asyncWrap?.setPromiseHooks(undefined, undefined, undefined, undefined);
  } catch {
    // Keep them on: slower, but promise reactions are ignored anyway.
  }
}

function wrapThen(th: Thread): void {
  const proto = Promise.prototype;
  const span = (fn: unknown, id: number): unknown => {
    if (typeof fn !== 'function') return fn;
    return function (this: unknown, value: unknown) {
      th.before(id);
      try {
        return fn.call(this, value);
      } finally {
        th.after(id);
      }
    };
  };
  const newId = (): number => {
    const id = nextSynthetic++;
    th.soon();
    th.sink.init(id, 'PROMISE', th.exec(), th.exec(), -1, -1);
    return id;
  };
  const then = proto.then;
  const wrappedThen = function then_(this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
    if (th.loading || (isBuiltin(onFulfilled) && isBuiltin(onRejected))) return then.call(this, onFulfilled as any, onRejected as any);
    let id = 0;
    try {
      id = newId();
    } catch {
      return then.call(this, onFulfilled as any, onRejected as any);
    }
    return then.call(this, (isBuiltin(onFulfilled) ? onFulfilled : span(onFulfilled, id)) as any, (isBuiltin(onRejected) ? onRejected : span(onRejected, id)) as any);
  };
  const fin = proto.finally;
  const wrappedFinally = function finally_(this: Promise<unknown>, onFinally?: unknown) {
    if (th.loading || isBuiltin(onFinally)) return fin.call(this, onFinally as any);
    let id = 0;
    try {
      id = newId();
    } catch {
      return fin.call(this, onFinally as any);
    }
    const cb = onFinally as () => unknown;
    return fin.call(this, function (this: unknown) {
      th.before(id);
      try {
        return cb.call(this);
      } finally {
        th.after(id);
      }
    });
  };
  for (const [name, fn, orig] of [['then', wrappedThen, then], ['finally', wrappedFinally, fin]] as const) {
    Object.defineProperty(proto, name, { value: disguise(fn, orig), writable: true, configurable: true, enumerable: false });
  }
}
