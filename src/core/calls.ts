/**
 * Async calls on the span columns: each call's awaits (the waits) and its running pieces (from
 * the call to its first await, from each resume to the next await, from the last resume to the
 * end), the pieces the view draws on a call's row and the steps read to name the await chain.
 */
import type { AsyncCall } from './trace';
import type { ColumnarTrace } from './columns/table';
import { KIND } from './span-kinds';

const awaitsCache = new WeakMap<object, Map<number, number[]>>();

/** Call id → its await spans (indexes), sorted by start (kept per trace). */
export function awaitsByCall(data: ColumnarTrace): Map<number, number[]> {
  const hit = awaitsCache.get(data);
  if (hit) return hit;
  const T = data.spans;
  const out = new Map<number, number[]>();
  for (let i = 0; i < T.n; i++) {
    if (T.kind[i] !== KIND.await || T.call[i] < 0) continue;
    let a = out.get(T.call[i]);
    if (!a) out.set(T.call[i], (a = []));
    a.push(i);
  }
  for (const a of out.values()) {
    for (let k = 1; k < a.length; k++) if (T.start[a[k]] < T.start[a[k - 1]]) { a.sort((x, y) => T.start[x] - T.start[y]); break; }
  }
  awaitsCache.set(data, out);
  return out;
}

/** The end of the trace: `meta.durationMs`, or a later span end (a trace that says less than its spans). */
export function traceEnd(data: ColumnarTrace): number {
  const d = data.meta?.durationMs;
  let end = typeof d === 'number' && Number.isFinite(d) ? d : 0;
  const E = data.spans.end;
  for (let i = 0; i < E.length; i++) if (E[i] > end) end = E[i];
  return end;
}

/**
 * The running pieces of call `c` ([start, end] pairs, in order): it runs from its start to its
 * first await, from each resume to the next await, and from its last resume to its end. A call
 * that never ended runs to `end`, unless its last await never resumed (then it is still waiting).
 */
export function runningPieces(data: ColumnarTrace, c: AsyncCall, end: number): [number, number][] {
  const T = data.spans;
  const aw = awaitsByCall(data).get(c.id) ?? [];
  const pieces: [number, number][] = [];
  let from = typeof c.start === 'number' && Number.isFinite(c.start) ? c.start : 0;
  let open = false;
  for (const ai of aw) {
    if (T.start[ai] > from) pieces.push([from, T.start[ai]]);
    from = T.end[ai];
    open = T.open[ai] === 1;
  }
  const last = c.end ?? (open ? from : end);
  if (last > from) pieces.push([from, last]);
  return pieces;
}

/** The call with this id (its index in a well-formed trace), or undefined. */
export function callById(data: Pick<ColumnarTrace, 'asyncCalls'>, id: number): AsyncCall | undefined {
  const calls = data.asyncCalls;
  return calls[id]?.id === id ? calls[id] : calls.find((c) => c.id === id);
}
