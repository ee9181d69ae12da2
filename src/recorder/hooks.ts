/**
 * Callbacks: Node's async_hooks for timers, immediates, nextTick and I/O (promise hooks switched
 * off again right after enabling: they cost 4-10x on await-heavy code), and a wrapper around
 * `Promise.prototype.then` that gives then/catch/finally callbacks synthetic ids
 * (from SYNTHETIC_ID_BASE = 2^30 up, so they never meet Node's ids). `catch` and `finally` call
 * `then` by spec, so wrapping `then` covers all three; `queueMicrotask` is an AsyncResource
 * ('Microtask') and comes through async_hooks.
 */
import { createHook } from 'node:async_hooks';
import { SYNTHETIC_ID_BASE } from '../core/wire-codec';
import { now } from './clock';
import type { Thread } from './state';

let nextSynthetic = SYNTHETIC_ID_BASE;

export function installHooks(th: Thread): void {
  const ring = th.ring;
  createHook({
    init(id, type, trigger) {
      if (type === 'PROMISE') return;
      if (th.quiet > 0) return void th.own.add(id);
      ring.init(now(), id, type, trigger, th.exec());
    },
    before(id) {
      if (th.own.size > 0 && th.own.has(id)) return;
      th.before(id);
    },
    after(id) {
      if (th.own.size > 0 && th.own.has(id)) return;
      th.after(id);
    },
  }).enable();
  disablePromiseHooks();
  wrapThen(th);
}

/** Node turned promise hooks on with our hook; turn them off without printing DEP0111. */
function disablePromiseHooks(): void {
  const saved = process.noDeprecation;
  try {
    process.noDeprecation = true;
    (process as any).binding('async_wrap').setPromiseHooks(undefined, undefined, undefined, undefined);
  } catch {
    // Keep them on: slower, but PROMISE resources are ignored anyway.
  } finally {
    process.noDeprecation = saved;
  }
}

function wrapThen(th: Thread): void {
  const proto = Promise.prototype;
  const original = proto.then;
  const wrap = (fn: unknown, id: number): unknown => {
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
  const then = function (this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
    if (typeof onFulfilled !== 'function' && typeof onRejected !== 'function') {
      return original.call(this, onFulfilled as any, onRejected as any);
    }
    let id = 0;
    try {
      id = nextSynthetic++;
      th.ring.init(now(), id, 'PROMISE', th.exec(), th.exec());
    } catch {
      // never throw into user code
    }
    return original.call(this, wrap(onFulfilled, id) as any, wrap(onRejected, id) as any);
  };
  Object.defineProperty(then, 'name', { value: 'then' });
  Object.defineProperty(proto, 'then', { value: then, writable: true, configurable: true, enumerable: false });
}
