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
 * Total length covered by the spans `idx` of a table (overlaps counted once). Spans come sorted by
 * start (the trace format's order), so this is one pass; any other order is sorted first.
 */
export function unionOfSpans(start: Float64Array, end: Float64Array, idx: ArrayLike<number>): number {
  let order: ArrayLike<number> = idx;
  for (let k = 1; k < idx.length; k++) {
    if (start[idx[k]] < start[idx[k - 1]]) { order = Array.from(idx).sort((a, b) => start[a] - start[b]); break; }
  }
  let total = 0, curStart = -Infinity, curEnd = -Infinity;
  for (let k = 0; k < order.length; k++) {
    const s = start[order[k]], e = end[order[k]];
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
