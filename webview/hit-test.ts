/** Finds what is under the pointer: a span, a running piece of an async call, a blocked stretch, the pending strip's count or a console mark. */
import type { Row, TraceModel } from './model';
import { lowerBound, upperBound } from './search';
import { firstReaching, itemEnd, itemStart, startAfter } from './rows';

export type Hit =
  | { type: 'item'; row: Row; i: number }
  | { type: 'blocked'; row: Row; b: number }
  | { type: 'console'; row: Row; e: number }
  | { type: 'conc'; row: Row; t: number; count: number };

/** Row at a y (CSS px, content coordinates). */
export function rowAt(rows: Row[], y: number): Row | undefined {
  let lo = 0, hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid];
    if (y < r.y) hi = mid - 1;
    else if (y >= r.y + r.height + 2) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/** What sits at time t on `row`, with a tolerance `tol` (ms) of a few pixels. */
export function hitAt(row: Row, m: TraceModel, t: number, tol: number): Hit | undefined {
  if (row.type === 'console') {
    const ts = m.consoleT;
    const i = lowerBound(ts, t - tol);
    if (i < ts.length && ts[i] <= t + tol) return { type: 'console', row, e: m.consoleIdx[i] };
    return undefined;
  }
  if (row.type === 'concurrency') {
    const i = upperBound(m.conc.t, t) - 1;
    return { type: 'conc', row, t, count: i >= 0 ? m.conc.n[i] : 0 };
  }
  if (row.type === 'lane') {
    const b = m.blocked.get(row.lane);
    if (b) for (let i = 0; i < b.starts.length; i++) if (b.starts[i] - tol <= t && b.ends[i] + tol >= t) return { type: 'blocked', row, b: b.refs[i] };
  }
  if (row.n === 0) return undefined;
  const hi = startAfter(row, t + tol);
  let best = -1, bestDist = Infinity;
  for (let i = firstReaching(row, t - tol, 0, hi); i < hi; i++) {
    const s = itemStart(row, i), e = itemEnd(row, i);
    if (e < t - tol) continue;
    const d = t < s ? s - t : t > e ? t - e : 0;
    if (d <= bestDist) { best = i; bestDist = d; }
    if (hi - i > 10000 && d === 0) break;
  }
  return best >= 0 ? { type: 'item', row, i: best } : undefined;
}
