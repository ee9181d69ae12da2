/**
 * Concurrency: how many operations were pending at each moment, as a step function.
 * An operation is a timer, setImmediate or I/O resource from its creation (async_hooks `init`,
 * `Span.scheduled`) to the end of its last callback: a `setInterval` is one operation over all its
 * ticks. Awaits count from suspend to resume. Promise callbacks and nextTicks are queued work, not
 * waits, and are not counted.
 */
import type { Span, Trace } from './trace';

export type ConcurrencyOf = 'operations' | 'awaits' | 'all';

export interface Concurrency {
  /** Times (ms since run start) where the count changes, ascending; starts at 0. */
  t: number[];
  /** Count from `t[i]` until `t[i + 1]` (or the end of the trace). */
  n: number[];
  /** Highest count. */
  peak: number;
  /** First time the peak was reached. */
  peakAt: number;
}

const OPERATION_KINDS = new Set<Span['kind']>(['timer', 'immediate', 'io']);

/** The pending intervals counted by `concurrency`. */
export function pendingIntervals(trace: Trace, lane?: number, what: ConcurrencyOf = 'operations'): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const ops = new Map<string, { start: number; end: number }>();
  for (const s of trace.spans) {
    if (lane !== undefined && s.lane !== lane) continue;
    if (s.kind === 'await') {
      if (what !== 'operations') out.push({ start: s.start, end: s.end });
    } else if (what !== 'awaits' && OPERATION_KINDS.has(s.kind)) {
      const from = Math.min(s.scheduled ?? s.start, s.start);
      if (s.asyncId === undefined) {
        out.push({ start: from, end: s.end });
        continue;
      }
      const key = `${s.lane}:${s.asyncId}`;
      const op = ops.get(key);
      if (!op) ops.set(key, { start: from, end: s.end });
      else {
        if (from < op.start) op.start = from;
        if (s.end > op.end) op.end = s.end;
      }
    }
  }
  for (const op of ops.values()) out.push(op);
  return out;
}

/** Step function of pending operations (and/or awaits) over time, on one lane or all. */
export function concurrency(trace: Trace, lane?: number, what: ConcurrencyOf = 'operations'): Concurrency {
  const intervals = pendingIntervals(trace, lane, what).filter((i) => i.end > i.start);
  const m = intervals.length;
  const times = new Float64Array(2 * m);
  const delta = new Int8Array(2 * m);
  intervals.forEach((iv, i) => {
    times[2 * i] = iv.start;
    delta[2 * i] = 1;
    times[2 * i + 1] = iv.end;
    delta[2 * i + 1] = -1;
  });
  // Ends before starts at the same instant: back-to-back waits are not concurrent.
  const order = Array.from({ length: 2 * m }, (_, i) => i).sort((a, b) => times[a] - times[b] || delta[a] - delta[b]);
  const t: number[] = [0];
  const n: number[] = [0];
  let cur = 0;
  let peak = 0;
  let peakAt = 0;
  for (let k = 0; k < order.length; ) {
    const at = times[order[k]];
    while (k < order.length && times[order[k]] === at) cur += delta[order[k++]];
    if (t[t.length - 1] === at) n[n.length - 1] = cur;
    else if (n[n.length - 1] !== cur) {
      t.push(at);
      n.push(cur);
    }
    if (cur > peak) {
      peak = cur;
      peakAt = at;
    }
  }
  return { t, n, peak, peakAt };
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
