/**
 * The trace's ids: spans sorted by start (stable, so an outer span comes before the one nested in
 * it), async calls by call time, events by time (equal times keep recording order), and every
 * reference between them rewritten from the builder's internal indexes to those ids.
 */
import type { AsyncCall, BlockedStretch, Span, TraceEvent } from '../trace';

export interface Folded {
  spans: Span[];
  /** Internal index of the span each one ran inside, or -1. */
  spanParent: number[];
  calls: AsyncCall[];
  events: TraceEvent[];
  blocked: BlockedStretch[];
}

/** Sorts and renumbers in place; returns the records in trace order. */
export function renumber(f: Folded, laneId: Int32Array): { spans: Span[]; asyncCalls: AsyncCall[]; events: TraceEvent[]; blocked: BlockedStretch[] } {
  const { spans, spanParent, calls, events, blocked } = f;
  // ---- async calls, in call order.
  const callOrder = calls.map((_, i) => i).sort((a, b) => calls[a].start - calls[b].start || a - b);
  const callId = new Int32Array(calls.length);
  callOrder.forEach((internal, id) => (callId[internal] = id));
  const outCalls = callOrder.map((internal, id) => {
    const c = calls[internal];
    c.id = id;
    c.lane = laneId[c.lane];
    if (c.parent !== undefined) c.parent = callId[c.parent];
    return c;
  });

  // ---- spans, by start (stable: an outer span before the one nested in it).
  const starts = new Float64Array(spans.length);
  for (let i = 0; i < spans.length; i++) starts[i] = spans[i].start;
  const sortedOrder = Array.from({ length: spans.length }, (_, i) => i).sort((a, b) => starts[a] - starts[b] || a - b);
  const spanId = new Int32Array(spans.length);
  sortedOrder.forEach((internal, id) => (spanId[internal] = id));
  const outSpans: Span[] = new Array(spans.length);
  for (let id = 0; id < sortedOrder.length; id++) {
    const internal = sortedOrder[id];
    const s = spans[internal];
    s.id = id;
    s.lane = laneId[s.lane];
    if (s.trigger !== undefined) s.trigger = spanId[s.trigger];
    if (s.call !== undefined) s.call = callId[s.call];
    if (spanParent[internal] >= 0) s.parent = spanId[spanParent[internal]];
    outSpans[id] = s;
  }
  for (const b of blocked) {
    b.lane = laneId[b.lane];
    if (b.span !== undefined) b.span = spanId[b.span];
  }
  blocked.sort((a, b) => a.start - b.start || a.lane - b.lane);

  // ---- events, by time; equal times keep stream order.
  events.sort((a, b) => a.t - b.t);
  events.forEach((e, seq) => {
    e.seq = seq;
    e.lane = laneId[e.lane] ?? 0;
    if (e.kind === 'console' && e.span !== undefined) e.span = spanId[e.span];
    if ((e.kind === 'suspend' || e.kind === 'resume') && e.call >= 0) e.call = callId[e.call];
  });
  return { spans: outSpans, asyncCalls: outCalls, events, blocked };
}
