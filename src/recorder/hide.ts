/**
 * Keeping the recorder out of the program's sight:
 *  - `own(fn)`: async resources the recorder creates (its flusher thread, the tick that ends a
 *    script) take async ids from a range of their own, far above the program's, so the program's
 *    ids are the plain run's; the recorder skips them, and so do the program's own async hooks;
 *  - the program's `async_hooks.createHook` callbacks never hear of those resources;
 *  - every function the recorder replaces prints as the original under
 *    `Function.prototype.toString` (and keeps its name and length).
 * Where Node no longer offers its async_wrap binding (Node 24), the id range cannot be switched:
 * the recorder's resources take ids from Node's one counter (the program's ids after them shift),
 * and they are known by having been created inside `own`; the program's hooks still never hear
 * of them.
 */
import { asyncHooks, asyncWrap, nodeModule } from './util';

/** First async id of the recorder's own resources. */
export const OWN_BASE = 2 ** 42;

const wrap = asyncWrap;
const ids = wrap?.async_id_fields;
const COUNTER = wrap?.constants.kAsyncIdCounter ?? 0;
/** Counts of enabled hooks, by kind (kInit, kBefore, ..., kTotals); undefined without async_wrap. */
export const hookFields = wrap?.async_hook_fields;
export const HOOK_TOTALS = wrap?.constants.kTotals ?? 0;
let ownNext = OWN_BASE;
/** Without async_wrap: the ids of the recorder's own resources (created inside `own`). */
const ownIds = new Set<number>();
/** > 0 while the recorder itself runs code that may create resources. */
export let quiet = 0;

/** Runs `fn` with async ids taken from the recorder's own range. */
export function own<T>(fn: () => T): T {
  if (!ids) {
    quiet++;
    try {
      return fn();
    } finally {
      quiet--;
    }
  }
  const saved = ids[COUNTER];
  ids[COUNTER] = ownNext;
  quiet++;
  try {
    return fn();
  } finally {
    quiet--;
    ownNext = ids[COUNTER];
    ids[COUNTER] = saved;
  }
}

/** True for an async id of the recorder's own resources. */
export const isOwn = (id: number): boolean => id >= OWN_BASE || (ownIds.size > 0 && ownIds.has(id));

/**
 * Called by the recorder's own hook (enabled before any of the program's) for each new resource:
 * true when it is the recorder's. Without async_wrap, a resource created inside `own` is
 * remembered as the recorder's here.
 */
export function claimOwn(id: number): boolean {
  if (id >= OWN_BASE) return true;
  if (ids || quiet === 0) return false;
  ownIds.add(id);
  return true;
}

const originals = new WeakMap<object, object>();
const fnToString = Function.prototype.toString;

/** `replacement` stands in for `original`: same name, same length, same source text. */
export function disguise<T extends object>(replacement: T, original: object): T {
  originals.set(replacement, originals.get(original) ?? original);
  for (const key of ['name', 'length']) {
    const d = Object.getOwnPropertyDescriptor(original, key);
    if (d) Object.defineProperty(replacement, key, d);
  }
  return replacement;
}

function toString(this: unknown): string {
  return fnToString.call((typeof this === 'function' && originals.get(this)) || this);
}
disguise(toString, fnToString);

/** Installs the toString that shows originals, and the program's createHook that skips the recorder's resources. */
export function installHide(): void {
  Object.defineProperty(Function.prototype, 'toString', { ...Object.getOwnPropertyDescriptor(Function.prototype, 'toString'), value: toString });
  const original = asyncHooks.createHook as (callbacks: unknown) => import('node:async_hooks').AsyncHook;
  const filtered = function createHook(this: unknown, callbacks: Record<string, unknown>): import('node:async_hooks').AsyncHook {
    const out: Record<string, unknown> = callbacks;
    if (callbacks !== null && typeof callbacks === 'object') {
      const view = Object.create(callbacks) as Record<string, unknown>;
      // Each callback is called with exactly Node's arguments (init: 4, the others: 1).
      const init = callbacks.init as ((...a: unknown[]) => unknown) | undefined;
      if (typeof init === 'function') {
        view.init = function (this: unknown, id: number, type: unknown, trigger: unknown, resource: unknown) {
          if (isOwn(id)) return undefined;
          return init.call(this, id, type, trigger, resource);
        };
      }
      for (const name of ['before', 'after', 'destroy', 'promiseResolve']) {
        const cb = callbacks[name] as ((id: number) => unknown) | undefined;
        if (typeof cb !== 'function') continue;
        view[name] = function (this: unknown, id: number) {
          if (isOwn(id)) return undefined;
          return cb.call(this, id);
        };
      }
      return original.call(asyncHooks, view);
    }
    return original.call(asyncHooks, out);
  };
  (asyncHooks as any).createHook = disguise(filtered, original);
  try {
    nodeModule.syncBuiltinESMExports();
  } catch {
    // ES module imports keep the original
  }
}
