/** Small helpers on time intervals and sorted number arrays. */

/** Total length covered by a set of intervals (overlaps counted once). */
export function unionLength(intervals: { start: number; end: number }[]): number {
  const list = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const i of list) {
    if (i.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = i.start;
      curEnd = i.end;
    } else if (i.end > curEnd) curEnd = i.end;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** How many values in the ascending array `a` are ≤ x. */
export function countLE(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rounds to a microsecond (times are ms). */
export const roundUs = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Total length covered by the spans i < n of a table for which `keep(i)` holds (overlaps counted
 * once). Spans come sorted by start (the trace format's order), so this is one pass; any other
 * order is sorted first.
 */
export function unionOfSpans(start: Float64Array, end: Float64Array, n: number, keep: (i: number) => boolean): number {
  let total = 0, curStart = -Infinity, curEnd = -Infinity, prev = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    const s = start[i], e = end[i];
    if (s < prev) {
      // Out of order: sort what is kept and start over.
      const idx: number[] = [];
      for (let j = 0; j < n; j++) if (keep(j)) idx.push(j);
      idx.sort((x, y) => start[x] - start[y]);
      return unionLength(idx.map((j) => ({ start: start[j], end: end[j] })));
    }
    prev = s;
    if (!(e > s)) continue;
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else if (e > curEnd) curEnd = e;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** A count over time: from `t[i]` until `t[i + 1]` (or the end) it is `n[i]`; starts at 0 at t[0]. */
export interface StepFunction {
  /** Times where the count changes, ascending. */
  t: Float64Array;
  /** The count from `t[i]` on. */
  n: Int32Array;
  /** Highest count. */
  peak: number;
  /** First time the peak was reached. */
  peakAt: number;
}

/**
 * How many of the intervals [from[i], to[i]) are open at each moment. Ends are applied before
 * starts at the same instant (back-to-back is not overlap); empty intervals do not count.
 * Sorts copies: the inputs are left as they are.
 */
export function stepFunction(from: ArrayLike<number>, to: ArrayLike<number>): StepFunction {
  let k = 0;
  for (let i = 0; i < from.length; i++) if (to[i] > from[i]) k++;
  const up = new Float64Array(k), down = new Float64Array(k);
  for (let i = 0, j = 0; i < from.length; i++) if (to[i] > from[i]) { up[j] = from[i]; down[j] = to[i]; j++; }
  up.sort();
  down.sort();
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
  return { t: t.slice(0, len), n: n.slice(0, len), peak, peakAt };
}
