/**
 * Blocked stretches (found by the build, core/build/blocked.ts) as the analyses and the view read
 * them: per lane as sorted columns, the main thread's blocked time, the stretch a span itself
 * was, and the stretch that held a callback up between its scheduling and its start.
 */
import type { Trace } from './trace';
import { columnar, type ColumnarTrace } from './columns/table';
import { isOperation } from './span-kinds';
import { roundUs, unionLength } from './intervals';

/** The blocked stretches of one lane, sorted by start. */
export interface LaneBlocked {
  starts: Float64Array;
  ends: Float64Array;
  /** Index into `trace.blocked`. */
  refs: Int32Array;
}

const byLaneCache = new WeakMap<object, Map<number, LaneBlocked>>();

/** Lane id → its blocked stretches (kept per trace). */
export function blockedByLane(trace: Pick<Trace, 'blocked'>): Map<number, LaneBlocked> {
  const hit = byLaneCache.get(trace);
  if (hit) return hit;
  const groups = new Map<number, number[]>();
  trace.blocked.forEach((b, i) => { let a = groups.get(b.lane); if (!a) groups.set(b.lane, (a = [])); a.push(i); });
  const out = new Map<number, LaneBlocked>();
  for (const [lane, idx] of groups) {
    idx.sort((a, b) => trace.blocked[a].start - trace.blocked[b].start);
    out.set(lane, {
      starts: Float64Array.from(idx, (i) => trace.blocked[i].start),
      ends: Float64Array.from(idx, (i) => trace.blocked[i].end),
      refs: Int32Array.from(idx),
    });
  }
  byLaneCache.set(trace, out);
  return out;
}

/** Time covered by blocked stretches on a lane (overlaps counted once). */
export function blockedMs(trace: Pick<Trace, 'blocked'>, lane = 0): number {
  return roundUs(unionLength(trace.blocked.filter((b) => b.lane === lane)));
}

/** The blocked stretch (index into `trace.blocked`) that span `i` itself was, or -1. */
export function stretchOf(trace: Pick<Trace, 'blocked'>, i: number): number {
  return trace.blocked.findIndex((b) => b.span === i);
}

/** How a timer, immediate or I/O callback waited between its scheduling and its start. */
export interface Wait {
  /** When it was scheduled (its resource was created), ms. */
  setAt: number;
  /** When it started, ms. */
  start: number;
  /** `start - setAt`, ms. */
  waitMs: number;
  /**
   * The blocked stretch (index into `trace.blocked`) on its lane that held it up, when blocking
   * (other than its own run) covered at least half of the wait; the one that overlapped most.
   */
  blockedBy?: number;
}

/**
 * The wait of operation span `i`, when the trace says when it was scheduled (the recorder does for
 * timers, immediates and I/O). The trace records when a timer was set, not its delay: a wait is
 * what happened, never a due time it cannot know.
 */
export function waitOf(trace: Trace | ColumnarTrace, i: number): Wait | undefined {
  const data = columnar(trace);
  const T = data.spans;
  if (!(i >= 0 && i < T.n) || !isOperation(T.kind[i])) return undefined;
  const setAt = T.scheduled[i];
  const start = T.start[i];
  if (!(setAt <= start)) return undefined;
  const wait: Wait = { setAt, start, waitMs: start - setAt };
  const b = blockedByLane(data).get(T.lane[i]);
  let sum = 0, best = -1, bestOverlap = 0;
  if (b) {
    for (let j = 0; j < b.starts.length; j++) {
      if (data.blocked[b.refs[j]]?.span === i) continue;
      const overlap = Math.min(b.ends[j], start) - Math.max(b.starts[j], setAt);
      if (overlap <= 0) continue;
      sum += overlap;
      if (overlap > bestOverlap) { bestOverlap = overlap; best = j; }
    }
  }
  if (best >= 0 && sum >= Math.max(0.5 * wait.waitMs, 1e-3)) wait.blockedBy = b!.refs[best];
  return wait;
}
