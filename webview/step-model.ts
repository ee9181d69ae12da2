/**
 * Step mode's model, computed in the view: the callbacks of a trace in the order they ran, and at
 * each step what was waiting in each queue (nextTick, microtasks, timers, immediates, I/O) and
 * which async calls were on the chain. A callback counts as queued at step S when the callback
 * that scheduled it (its trigger) had started by then and it itself starts after S.
 */
import type { Span } from '../src/core/trace';
import type { TraceModel } from './model';
import { K_RUNNING } from './model';
import type { StringKey } from './i18n';

export interface StepInfo {
  /** Index into trace.spans of the callback running at this step. */
  span: number;
  queues: { nextTick: number[]; microtask: number[]; timer: number[]; immediate: number[]; io: number[] };
  /** Async call names from innermost to outermost. */
  chain: string[];
  /** i18n key of the rule that explains why this step is next. */
  why: StringKey;
}

/** How far ahead to look for queued callbacks (keeps a step cheap on huge traces). */
const LOOKAHEAD = 20000;

/** Callback spans (not awaits) in the order they started. */
export function stepOrder(m: TraceModel): Int32Array {
  const out: number[] = [];
  const spans = m.trace.spans;
  for (let i = 0; i < spans.length; i++) if (spans[i].kind !== 'await') out.push(i);
  out.sort((a, b) => spans[a].start - spans[b].start || a - b);
  return Int32Array.from(out);
}

export function stepInfo(m: TraceModel, order: Int32Array, k: number): StepInfo {
  const spans = m.trace.spans;
  const si = order[k];
  const s = spans[si];
  const queues: StepInfo['queues'] = { nextTick: [], microtask: [], timer: [], immediate: [], io: [] };
  const startedBy = (x: Span): boolean => {
    const tr = x.trigger === undefined ? -1 : m.indexOfId(x.trigger);
    return tr >= 0 && spans[tr].start <= s.start;
  };
  for (let j = k + 1; j < order.length && j <= k + LOOKAHEAD; j++) {
    const x = spans[order[j]];
    if (x.lane !== s.lane || x.kind === 'script' || x.kind === 'await') continue;
    if (x.start > s.start && startedBy(x)) queues[x.kind].push(order[j]);
  }
  // Await chain: async calls on this lane running at this moment, innermost first.
  const chain: string[] = [];
  const at = s.start + Math.min(1e-6, (s.end - s.start) / 2);
  let inner: number | undefined;
  let innerStart = -Infinity;
  for (const r of m.rows) {
    if (r.type !== 'call' || r.lane !== s.lane || r.call === undefined) continue;
    for (let i = 0; i < r.n; i++) {
      if (r.kinds[i] === K_RUNNING && r.starts[i] <= at && r.ends[i] >= at && r.starts[i] >= innerStart) { inner = r.call; innerStart = r.starts[i]; }
    }
  }
  const calls = m.trace.asyncCalls;
  const byId = (id: number): (typeof calls)[number] | undefined => calls[id]?.id === id ? calls[id] : calls.find((c) => c.id === id);
  for (let c = inner === undefined ? undefined : byId(inner), n = 0; c && n < 20; c = c.parent === undefined ? undefined : byId(c.parent), n++) {
    chain.push(c.name + (c.line !== undefined ? ` :${c.line}` : ''));
  }
  let why: StringKey = `why_${s.kind === 'await' ? 'microtask' : s.kind}` as StringKey;
  if (s.lane !== 0 && s.kind !== 'script') why = 'why_otherLane';
  else if (s.kind === 'microtask' && inner !== undefined && innerStart > calls[0]?.start && Math.abs(innerStart - s.start) < 0.05) why = 'why_await';
  return { span: si, queues, chain, why };
}
