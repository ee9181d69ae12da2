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
