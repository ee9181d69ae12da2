/**
 * Concurrency, one definition for the summary's "peak concurrency" and the view's "pending"
 * strip: how many operations were pending at each moment, as a step function. An operation is a
 * timer, setImmediate or I/O resource from its creation (async_hooks `init`, `Span.scheduled`) to
 * the end of its last callback: a `setInterval` is one operation over all its ticks. Promise
 * callbacks and nextTicks are queued work, not waits, and awaits wait on operations: neither
 * counts. Ends are applied before starts at the same instant (back-to-back is not overlap).
 */
import type { Trace } from './trace';
import { columnar, type ColumnarTrace } from './columns/table';
import { isOperation } from './span-kinds';

export interface Concurrency {
  /** Times (ms since run start) where the count changes, ascending; starts at 0. */
  t: Float64Array;
  /** Count from `t[i]` until `t[i + 1]` (or the end of the trace). */
  n: Int32Array;
  /** Highest count. */
  peak: number;
  /** First time the peak was reached. */
  peakAt: number;
}

/** Async ids up to this are looked up in a typed array per lane (they are small counters per thread); larger ones in a Map. */
const DENSE_IDS = 1 << 24;

/** The pending interval of each operation (one per resource), on one lane or all. */
export function pendingOperations(trace: Trace | ColumnarTrace, lane?: number): { from: Float64Array; to: Float64Array } {
  const T = columnar(trace).spans;
  // Columns into locals: the lazily decoded ones are getters.
  const { n, kind, lane: laneOf, start: starts, end: ends, scheduled, asyncId } = T;
  const from = new Float64Array(n), to = new Float64Array(n);
  // (lane, async id) → slot + 1: a resource's runs (interval ticks) are one operation.
  const dense: Int32Array[] = [];
  const sparse = new Map<string, number>();
  let m = 0;
  for (let i = 0; i < n; i++) {
    const l = laneOf[i];
    if (!isOperation(kind[i]) || (lane !== undefined && l !== lane)) continue;
    const start = starts[i], sch = scheduled[i], end = ends[i];
    const f = sch < start ? sch : start; // NaN (not recorded) compares false: the start
    const id = asyncId[i];
    let slot = -1;
    if (id >= 0 && id < DENSE_IDS && Number.isInteger(id)) {
      let d = dense[l];
      if (!d || d.length <= id) {
        const grown = new Int32Array(Math.max(1024, 2 ** Math.ceil(Math.log2(id + 1))));
        if (d) grown.set(d);
        dense[l] = d = grown;
      }
      slot = d[id] - 1;
      if (slot < 0) d[id] = m + 1;
    } else if (id >= 0) {
      const key = `${l}:${id}`;
      slot = (sparse.get(key) ?? 0) - 1;
      if (slot < 0) sparse.set(key, m + 1);
    }
    if (slot < 0) { from[m] = f; to[m] = end; m++; }
    else {
      if (f < from[slot]) from[slot] = f;
      if (end > to[slot]) to[slot] = end;
    }
  }
  return { from: from.slice(0, m), to: to.slice(0, m) };
}

const cache = new WeakMap<object, Concurrency>();

/** Step function of pending operations over time, on one lane or all (the latter is kept per trace). */
export function concurrency(trace: Trace | ColumnarTrace, lane?: number): Concurrency {
  const key = lane === undefined ? columnar(trace) : undefined;
  const hit = key && cache.get(key);
  if (hit) return hit;
  const { from, to } = pendingOperations(trace, lane);
  let k = 0;
  for (let i = 0; i < from.length; i++) if (to[i] > from[i]) { from[k] = from[i]; to[k] = to[i]; k++; }
  const up = from.subarray(0, k).sort(), down = to.subarray(0, k).sort();
  const t = new Float64Array(2 * k + 1), n = new Int32Array(2 * k + 1);
  let len = 1, cur = 0, peak = 0, peakAt = 0, i = 0, j = 0;
  while (i < k || j < k) {
    const at = j < k && (i >= k || down[j] <= up[i]) ? down[j] : up[i];
    while (j < k && down[j] === at) { cur--; j++; }
    while (i < k && up[i] === at) { cur++; i++; }
    if (t[len - 1] === at) n[len - 1] = cur;
    else if (n[len - 1] !== cur) { t[len] = at; n[len] = cur; len++; }
    if (cur > peak) { peak = cur; peakAt = at; }
  }
  const c: Concurrency = { t: t.slice(0, len), n: n.slice(0, len), peak, peakAt };
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
