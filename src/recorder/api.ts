/**
 * `globalThis.__asyncViz`: what the rewritten user code calls (see src/run/prepare). Per thread:
 * a call id counter and the stack of running async calls (enter pushes, s pops, r pushes, leave
 * pops). Nothing here may throw into user code.
 */
import { KIND } from '../core/wire-codec';
import { now } from './clock';
import type { Thread } from './state';

export interface AsyncVizApi {
  enter(fn: number): number;
  s<T>(call: number, site: number, value: T): T;
  r<T>(call: number, site: number, value: T): T;
  fail(call: number): void;
  leave(call: number): void;
  scriptStart(): void;
  scriptEnd(): void;
}

export function installApi(th: Thread): AsyncVizApi {
  const calls: number[] = [];
  const threw = new Set<number>();
  let nextCall = 1;
  /** The call made right after scriptStart is the module's top-level-await body. */
  let topCall = -1;
  let expectTop = false;
  const pop = (call: number) => {
    if (calls[calls.length - 1] === call) return void calls.pop();
    const i = calls.lastIndexOf(call);
    if (i >= 0) calls.splice(i, 1);
  };
  const api: AsyncVizApi = {
    enter(fn) {
      try {
        const call = nextCall++;
        if (expectTop) topCall = call;
        expectTop = false;
        th.ring.ints(KIND.callStart, now(), call, fn, calls.length ? calls[calls.length - 1] : -1);
        calls.push(call);
        return call;
      } catch {
        return -1;
      }
    },
    s(call, site, value) {
      try {
        expectTop = false;
        const t = now();
        th.ring.ints(KIND.suspend, t, call, site);
        pop(call);
        // The top-level await's first suspend ends the script; later ones end a continuation.
        if (call === topCall && th.scriptOpen) th.scriptSuspended(t);
        else if (calls.length === 0) th.endContinuation(t);
      } catch {
        // swallow
      }
      return value;
    },
    r(call, site, value) {
      try {
        const t = now();
        th.resumed(t);
        th.ring.ints(KIND.resume, t, call, site);
        calls.push(call);
      } catch {
        // swallow
      }
      return value;
    },
    fail(call) {
      try {
        threw.add(call);
      } catch {
        // swallow
      }
    },
    leave(call) {
      try {
        expectTop = false;
        const t = now();
        th.ring.callEnd(t, call, threw.size > 0 && threw.delete(call));
        pop(call);
        if (calls.length === 0) th.endContinuation(t);
      } catch {
        // swallow
      }
    },
    scriptStart() {
      try {
        th.scriptStart();
        expectTop = true;
      } catch {
        // swallow
      }
    },
    scriptEnd() {
      try {
        expectTop = false;
        th.scriptEnd();
      } catch {
        // swallow
      }
    },
  };
  Object.defineProperty(globalThis, '__asyncViz', { value: api, enumerable: false, configurable: true, writable: false });
  return api;
}
