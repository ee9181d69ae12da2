/**
 * Concurrency, one definition for the summary's "peak concurrency", the view's "pending" strip
 * and the wait bars: how many operations were pending at each moment, as a step function. An
 * operation (a timer, a setImmediate, an I/O request) is pending from the moment it was started
 * until its callback runs (waits.ts): a `setInterval` is pending between its ticks, not while its
 * callback runs. Promise callbacks and nextTicks are queued work, not waits, and awaits wait on
 * operations: neither counts. Ends are applied before starts at the same instant (back-to-back is
 * not overlap), so the count at any moment is the number of wait bars drawn across it.
 */
import type { Trace } from './trace';
import { columnar, type ColumnarTrace } from './columns/table';
import { stepFunction, type StepFunction } from './intervals';
import { waits } from './waits';

/** Times (ms since run start) where the count changes, ascending, from 0; the count from each; the peak and when it was first reached. */
export type Concurrency = StepFunction;

/** The pending interval of each wait, on one lane or all. */
export function pendingOperations(trace: Trace | ColumnarTrace, lane?: number): { from: Float64Array; to: Float64Array } {
  const w = waits(trace);
  if (lane === undefined) return { from: w.from, to: w.to };
  const from: number[] = [], to: number[] = [];
  for (let k = 0; k < w.n; k++) if (w.lane[k] === lane) { from.push(w.from[k]); to.push(w.to[k]); }
  return { from: Float64Array.from(from), to: Float64Array.from(to) };
}

const cache = new WeakMap<object, Concurrency>();

/** Step function of pending operations over time, on one lane or all (the latter is kept per trace). */
export function concurrency(trace: Trace | ColumnarTrace, lane?: number): Concurrency {
  const key = lane === undefined ? columnar(trace) : undefined;
  const hit = key && cache.get(key);
  if (hit) return hit;
  const { from, to } = pendingOperations(trace, lane);
  const c = stepFunction(from, to);
  if (key) cache.set(key, c);
  return c;
}

/** The count at time `at` from a concurrency step function. */
export function concurrencyAt(c: Concurrency, at: number): number {
  let lo = 0;
  let hi = c.t.length - 1;
  if (at < c.t[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (c.t[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return c.n[lo];
}
