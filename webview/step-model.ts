/**
 * Step mode's model, computed in the view from the span columns: the callbacks of a trace in the
 * order they ran, and at each step what was waiting in each queue (nextTick, microtasks, timers,
 * immediates, I/O), which async calls were on the chain, and the event-loop rule that made this
 * callback run next. A callback counts as queued at step S when the callback that scheduled it
 * (its trigger) had started by then and it itself starts after S (on the same lane).
 */
import type { StepRule } from '../src/core/steps';
import type { TraceModel } from './model';
import { RUNNING } from './model';
import { refAt } from '../src/core/columns/table';
import { KIND } from '../src/core/span-kinds';

/** The event-loop rules (i18n keys `rule_<name>`): the core's step rules, less `output`. */
export type Rule = Exclude<StepRule, 'output'>;

export interface StepInfo {
  /** Span index of the callback running at this step. */
  span: number;
  queues: { nextTick: number[]; microtask: number[]; timer: number[]; immediate: number[]; io: number[] };
  /** Async call names from innermost to outermost. */
  chain: string[];
  /** For an await continuation: the await span it resumed from. */
  resumedFrom?: number;
  /** The rule that explains why this step is next. */
  rule: Rule;
}

/** How far ahead to look for queued callbacks (keeps a step cheap on huge traces). */
const LOOKAHEAD = 20000;
const QUEUE_OF = [undefined, 'nextTick', 'microtask', 'timer', 'immediate', 'io'] as const;
const K_SCRIPT = 0, K_NEXTTICK = 1, K_MICROTASK = 2, K_TIMER = 3, K_IMMEDIATE = 4, K_IO = 5;
/** Two moments this close (ms) count as the same one. */
const EPS = 0.05;

const orders = new WeakMap<TraceModel, Int32Array>();

/** Callback spans (not awaits) in the order they started; computed once per model. */
export function stepOrder(m: TraceModel): Int32Array {
  let order = orders.get(m);
  if (order) return order;
  const T = m.spans;
  const out = new Int32Array(T.n);
  let n = 0;
  for (let i = 0; i < T.n; i++) if (T.kind[i] !== KIND.await) out[n++] = i;
  order = out.slice(0, n);
  let sorted = true;
  for (let i = 1; i < n; i++) if (T.start[order[i]] < T.start[order[i - 1]]) { sorted = false; break; }
  if (!sorted) order = Int32Array.from(Array.from(order).sort((a, b) => T.start[a] - T.start[b] || a - b));
  orders.set(m, order);
  return order;
}

/** The step at which span `idx` runs, or -1 (an await is not a step). */
export function stepIndexOf(m: TraceModel, idx: number): number {
  const T = m.spans;
  if (!(idx >= 0 && idx < T.n) || T.kind[idx] === KIND.await) return -1;
  const order = stepOrder(m);
  // Binary search on start time, then a short scan among equal starts.
  let lo = 0, hi = order.length;
  const t = T.start[idx];
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (T.start[order[mid]] < t) lo = mid + 1; else hi = mid; }
  for (let k = lo; k < order.length && T.start[order[k]] <= t; k++) if (order[k] === idx) return k;
  for (let k = 0; k < order.length; k++) if (order[k] === idx) return k;
  return -1;
}

/** The await of call `call` that ended (resumed) closest before time t, or -1. */
function awaitResumedAt(m: TraceModel, call: number, t: number): number {
  let best = -1, bestEnd = -Infinity;
  for (const r of m.rows) {
    if (r.type !== 'call' || r.call !== call) continue;
    for (let i = 0; i < r.n; i++) {
      if (r.kinds[i] === KIND.await && r.ends[i] <= t + EPS && r.ends[i] > bestEnd) { best = r.refs[i]; bestEnd = r.ends[i]; }
    }
  }
  return best;
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
    const tr = refAt(T, T.trigger[x]);
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
      if (r.kinds[i] === RUNNING && r.starts[i] <= at && r.ends[i] >= at && r.starts[i] >= innerStart) { inner = r.call; innerStart = r.starts[i]; }
    }
  }
  const calls = m.trace.asyncCalls;
  const byId = (id: number): (typeof calls)[number] | undefined => (calls[id]?.id === id ? calls[id] : calls.find((c) => c.id === id));
  for (let c = inner === undefined ? undefined : byId(inner), n = 0; c && n < 20; c = c.parent === undefined ? undefined : byId(c.parent), n++) {
    chain.push(c.name + (c.line !== undefined ? ` :${c.line}` : ''));
  }

  // An await continuation: the recorder names its call; else a running piece of a call that begins
  // here, after the call's own start (a resume, not the call).
  let resumedFrom: number | undefined;
  if (kind === K_MICROTASK) {
    const named = T.labels[T.label[si]]?.startsWith('resume ') ?? false;
    const resumePiece = inner !== undefined && Math.abs(innerStart - t0) < EPS && innerStart > (byId(inner)?.start ?? Infinity) + EPS;
    const call = T.call[si] >= 0 ? T.call[si] : named || resumePiece ? inner : undefined;
    if (call !== undefined) {
      const a = awaitResumedAt(m, call, t0);
      resumedFrom = a >= 0 ? a : -1;
    }
  }
  const pendingMacro = queues.timer.length + queues.immediate.length + queues.io.length;
  let rule: Rule;
  if (kind === K_SCRIPT) rule = 'scriptFirst';
  else if (resumedFrom !== undefined) rule = 'awaitResumed';
  else if (T.parent[si] >= 0) rule = 'nested';
  else if (kind === K_NEXTTICK) rule = queues.microtask.length > 0 ? 'nextTickBeforePromises' : 'nextTick';
  else if (kind === K_MICROTASK) rule = pendingMacro > 0 ? 'microtasksDrainBeforeTimers' : 'microtask';
  else if (kind === K_TIMER) rule = 'timersPhase';
  else if (kind === K_IMMEDIATE) rule = previousOnLane(m, order, k) === K_IO ? 'immediateAfterIo' : 'checkPhaseImmediate';
  else rule = 'ioCallback';
  const info: StepInfo = { span: si, queues, chain, rule };
  if (resumedFrom !== undefined && resumedFrom >= 0) info.resumedFrom = resumedFrom;
  return info;
}

/** Kind code of the callback that ran before step k on the same lane (-1 when none). */
function previousOnLane(m: TraceModel, order: Int32Array, k: number): number {
  const T = m.spans;
  const lane = T.lane[order[k]];
  for (let j = k - 1; j >= 0 && j >= k - LOOKAHEAD; j--) if (T.lane[order[j]] === lane) return T.kind[order[j]];
  return -1;
}
