/**
 * Step mode's model, computed in the view: the callbacks of a trace in the order they ran, and at
 * each step what was waiting in each queue (nextTick, microtasks, timers, immediates, I/O) and
 * which async calls were on the chain. A callback counts as queued at step S when the callback
 * that scheduled it (its trigger) had started by then and it itself starts after S.
 */
import type { TraceModel } from './model';
import { K_AWAIT, K_RUNNING } from './model';
import type { StringKey } from './i18n';

export interface StepInfo {
  /** Span index of the callback running at this step. */
  span: number;
  queues: { nextTick: number[]; microtask: number[]; timer: number[]; immediate: number[]; io: number[] };
  /** Async call names from innermost to outermost. */
  chain: string[];
  /** i18n key of the rule that explains why this step is next. */
  why: StringKey;
}

/** How far ahead to look for queued callbacks (keeps a step cheap on huge traces). */
const LOOKAHEAD = 20000;
const QUEUE_OF = [undefined, 'nextTick', 'microtask', 'timer', 'immediate', 'io'] as const;
const WHY: StringKey[] = ['why_script', 'why_nextTick', 'why_microtask', 'why_timer', 'why_immediate', 'why_io', 'why_microtask'];

/** Callback spans (not awaits) in the order they started. */
export function stepOrder(m: TraceModel): Int32Array {
  const T = m.spans;
  const out: number[] = [];
  for (let i = 0; i < T.n; i++) if (T.kind[i] !== K_AWAIT) out.push(i);
  let sorted = true;
  for (let i = 1; i < out.length; i++) if (T.start[out[i]] < T.start[out[i - 1]]) { sorted = false; break; }
  if (!sorted) out.sort((a, b) => T.start[a] - T.start[b] || a - b);
  return Int32Array.from(out);
}

export function stepInfo(m: TraceModel, order: Int32Array, k: number): StepInfo {
  const T = m.spans;
  const si = order[k];
  const t0 = T.start[si], lane = T.lane[si], kind = T.kind[si];
  const queues: StepInfo['queues'] = { nextTick: [], microtask: [], timer: [], immediate: [], io: [] };
  for (let j = k + 1; j < order.length && j <= k + LOOKAHEAD; j++) {
    const x = order[j];
    const q = QUEUE_OF[T.kind[x]];
    if (!q || T.lane[x] !== lane || !(T.start[x] > t0)) continue;
    const tr = m.spanTrigger[x];
    if (tr >= 0 && T.start[tr] <= t0) queues[q].push(x);
  }
  // Await chain: async calls on this lane running at this moment, innermost first.
  const chain: string[] = [];
  const at = t0 + Math.min(1e-6, (T.end[si] - t0) / 2);
  let inner: number | undefined;
  let innerStart = -Infinity;
  for (const r of m.rows) {
    if (r.type !== 'call' || r.lane !== lane || r.call === undefined) continue;
    for (let i = 0; i < r.n; i++) {
      if (r.kinds[i] === K_RUNNING && r.starts[i] <= at && r.ends[i] >= at && r.starts[i] >= innerStart) { inner = r.call; innerStart = r.starts[i]; }
    }
  }
  const calls = m.trace.asyncCalls;
  const byId = (id: number): (typeof calls)[number] | undefined => (calls[id]?.id === id ? calls[id] : calls.find((c) => c.id === id));
  for (let c = inner === undefined ? undefined : byId(inner), n = 0; c && n < 20; c = c.parent === undefined ? undefined : byId(c.parent), n++) {
    chain.push(c.name + (c.line !== undefined ? ` :${c.line}` : ''));
  }
  let why: StringKey = WHY[kind] ?? 'why_io';
  if (lane !== 0 && kind !== 0) why = 'why_otherLane';
  else if (kind === 2 && inner !== undefined && Math.abs(innerStart - t0) < 0.05 && innerStart > (byId(inner)?.start ?? -Infinity)) why = 'why_await';
  return { span: si, queues, chain, why };
}
