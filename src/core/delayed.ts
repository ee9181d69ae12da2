/**
 * What a blocked stretch delayed, and what caused it: the waits (core/waits.ts) on its lane that
 * were ready while it ran and whose callbacks ran in the busy stretch right after it, with how
 * long each was held up; and the frames of its stack (trace.ts BlockedStretch.stack) that name
 * the culprit and its caller. The presenters put them in words (core/text/block-text.ts).
 *
 * A wait counts as delayed by a stretch when it was pending when the stretch ended and had
 * started before. A timer whose delay is known counts when it was due before the end; its delay
 * counts from its due time (or the stretch's start, if later). When an I/O operation became ready
 * is not recorded (the data may have arrived at any moment of the block), nor a timer's due time
 * without its delay: they count when their callback ran in the catch-up (the lane busy, without
 * a pause of CATCH_UP_GAP_MS, from the stretch's end, for at most as long again as the stretch),
 * and their delay from the later of their own start and the stretch's start: as long as they can
 * have been held up.
 */
import type { BlockedStretch, DelayedSummary, StackFrame, Trace } from './trace';
import { columnar, tableFromSpans, type ColumnarTrace } from './columns/table';
import { KIND } from './span-kinds';
import { waits } from './waits';

/**
 * A pause of the lane longer than this (ms) ends the catch-up after a blocked stretch (a loaded
 * machine leaves pauses of a few ms between callbacks that were all ready).
 */
export const CATCH_UP_GAP_MS = 10;

/** Node resource types of HTTP requests and responses (a request's data reaches the server's handler through its parser). */
const REQUEST = /^HTTP/;
/** Other network resources (a socket's data or end, a new connection). */
const NETWORK = /^(TCP|TLS|UDP|SSL|PIPESERVERWRAP$)/;

export type DelayedKind = 'requests' | 'timers' | 'immediates' | 'network' | 'io';

/** The waits one blocked stretch delayed. */
export interface Delayed {
  /** Wait indexes (core/waits.ts), in the order their callbacks ran. */
  waits: number[];
  /** How long each was held up, ms (same order). */
  delays: number[];
  /** Counts and range. */
  summary: DelayedSummary;
}

/** End of the busy run of lane `lane` that continues from `t` (top-level spans, gaps under CATCH_UP_GAP_MS), at most `limit`. */
function catchUpEnd(data: ColumnarTrace, lane: number, t: number, limit: number): number {
  const T = data.spans;
  let end = t;
  // Spans are sorted by start: the first that can start the catch-up is the first at or after t - gap.
  let lo = 0, hi = T.n;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (T.start[mid] < t - CATCH_UP_GAP_MS) lo = mid + 1; else hi = mid; }
  for (let i = lo; i < T.n; i++) {
    if (T.lane[i] !== lane || T.kind[i] === KIND.await || T.parent[i] >= 0) continue;
    if (T.start[i] > end + CATCH_UP_GAP_MS) break;
    if (T.end[i] > end) end = T.end[i];
    if (end >= limit) return limit;
  }
  return end;
}

const kindOfWait = (kind: number, label: string): DelayedKind =>
  kind === KIND.timer ? 'timers' : kind === KIND.immediate ? 'immediates' : REQUEST.test(label) ? 'requests' : NETWORK.test(label) ? 'network' : 'io';

/** The waits blocked stretch `b` (index into trace.blocked) delayed; undefined when none. */
export function delayedBy(trace: Trace | ColumnarTrace, b: number): Delayed | undefined {
  const data = columnar(trace);
  const s = data.blocked[b];
  if (!s) return undefined;
  const w = waits(data);
  const T = data.spans;
  const upTo = catchUpEnd(data, s.lane, s.end, s.end + (s.end - s.start));
  // Waits are in their callbacks' order: `to` never decreases.
  let lo = 0, hi = w.n;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (w.to[mid] < s.end) lo = mid + 1; else hi = mid; }
  const out: Delayed = { waits: [], delays: [], summary: { count: 0, requests: 0, timers: 0, immediates: 0, network: 0, io: 0, minMs: Infinity, maxMs: 0 } };
  for (let k = lo; k < w.n; k++) {
    if (w.lane[k] !== s.lane || w.span[k] === s.span || !(w.from[k] < s.end)) continue;
    const due = w.kind[k] === KIND.timer ? w.due[k] : NaN;
    const known = due >= 0;
    if (known ? due >= s.end : w.to[k] > upTo) continue;
    const ready = known ? due : w.from[k];
    const delay = w.to[k] - Math.max(ready, s.start);
    out.waits.push(k);
    out.delays.push(delay);
    const sum = out.summary;
    sum[kindOfWait(w.kind[k], T.labels[T.label[w.span[k]]] ?? '')]++;
    sum.count++;
    if (delay < sum.minMs) sum.minMs = delay;
    if (delay > sum.maxMs) sum.maxMs = delay;
  }
  if (!out.summary.count) return undefined;
  out.summary.minMs = round(out.summary.minMs);
  out.summary.maxMs = round(out.summary.maxMs);
  return out;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** Fills `delayed` on every blocked stretch of a trace just built (a scratch column table, not cached on the trace). */
export function fillDelayed(trace: Trace): void {
  if (!trace.blocked.length) return;
  const scratch: ColumnarTrace = { ...trace, spans: tableFromSpans(trace.spans) };
  trace.blocked.forEach((s, i) => {
    const d = delayedBy(scratch, i);
    if (d) s.delayed = d.summary;
  });
}

/** What caused a blocked stretch: the innermost frame of its stack, and the nearest caller in the user's code. */
export interface BlockCause {
  at: StackFrame;
  caller?: StackFrame;
}

const isPackage = (f: StackFrame) => /[\\/]node_modules[\\/]/.test(f.file);

/** The culprit and its caller from `b.stack`, or undefined without a stack. */
export function blockCause(b: Pick<BlockedStretch, 'stack'>): BlockCause | undefined {
  const st = b.stack;
  if (!st?.length) return undefined;
  const caller = st.slice(1).find((f) => !isPackage(f));
  return caller ? { at: st[0], caller } : { at: st[0] };
}
