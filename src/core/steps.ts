/**
 * Step mode: the run as the callbacks that ran, one step each, in the order they started (every
 * lane; an await is not a step, it is the pause between two), and for each step what was waiting
 * in each queue of its lane (nextTick, microtasks, timers, immediates, I/O), the async calls on
 * the chain, and the event-loop rule that made this callback run next. Data only: the rule is an
 * id, the presenters (the view, the CLI) put it in words (core/text).
 *
 * What a trace can tell: a callback counts as queued at step S when the callback that scheduled
 * it (its trigger) had started by then and it starts after S, on the same lane. So an item is
 * known to wait only if it ran later (a cleared timer or a promise that never settled is not
 * listed), and a timer's due time is not recorded.
 */
import { refAt, labelAt, type ColumnarTrace } from './columns/table';
import { KIND } from './span-kinds';
import { awaitsByCall, callById, runningPieces, traceEnd } from './calls';

/** The event-loop rules, by id (words in core/text: `rule_<id>`). */
export type StepRule =
  | 'scriptFirst'
  | 'nextTickBeforePromises'
  | 'nextTick'
  | 'microtasksDrainBeforeTimers'
  | 'microtask'
  | 'awaitResumed'
  | 'awaitSuspended'
  | 'timersPhase'
  | 'checkPhaseImmediate'
  | 'immediateAfterIo'
  | 'ioCallback'
  | 'nested';

export const STEP_RULES: readonly StepRule[] = ['scriptFirst', 'nextTickBeforePromises', 'nextTick', 'microtasksDrainBeforeTimers', 'microtask', 'awaitResumed', 'awaitSuspended', 'timersPhase', 'checkPhaseImmediate', 'immediateAfterIo', 'ioCallback', 'nested'];

/** The queues a callback can wait in before it runs. */
export type QueueName = 'nextTick' | 'microtask' | 'timer' | 'immediate' | 'io';
export const QUEUE_NAMES: readonly QueueName[] = ['nextTick', 'microtask', 'timer', 'immediate', 'io'];

/** Kind code → the queue its callbacks wait in (a script waits in none). */
const QUEUE_OF: (QueueName | undefined)[] = [];
QUEUE_OF[KIND.nextTick] = 'nextTick';
QUEUE_OF[KIND.microtask] = 'microtask';
QUEUE_OF[KIND.timer] = 'timer';
QUEUE_OF[KIND.immediate] = 'immediate';
QUEUE_OF[KIND.io] = 'io';

export interface Step {
  /** Position in the step order. */
  index: number;
  /** Span index of the callback running at this step. */
  span: number;
  /** The queue it came from; absent for top-level code and for a callback run directly inside another (nested). */
  queue?: QueueName;
  /** What was waiting in each queue of its lane as it began (span indexes, in the order they ran). */
  queues: Record<QueueName, number[]>;
  /** The async calls running at this moment (call ids), innermost first. */
  chain: number[];
  /** For an await continuation: the await span it resumed from (-1 when the trace does not show which). */
  resumedFrom?: number;
  /** The rule that explains why this step is next. */
  rule: StepRule;
}

/** How far ahead to look for queued callbacks (keeps a step cheap on huge traces). */
const LOOKAHEAD = 20000;
/** Two moments this close (ms) count as the same one. */
const EPS = 0.05;

const orders = new WeakMap<object, Int32Array>();

/** Callback spans (not awaits) in the order they started: the steps (kept per trace). */
export function stepOrder(data: ColumnarTrace): Int32Array {
  let order = orders.get(data);
  if (order) return order;
  const T = data.spans;
  const out = new Int32Array(T.n);
  let n = 0;
  for (let i = 0; i < T.n; i++) if (T.kind[i] !== KIND.await) out[n++] = i;
  order = out.slice(0, n);
  let sorted = true;
  for (let i = 1; i < n; i++) if (T.start[order[i]] < T.start[order[i - 1]]) { sorted = false; break; }
  if (!sorted) order = Int32Array.from(Array.from(order).sort((a, b) => T.start[a] - T.start[b] || a - b));
  orders.set(data, order);
  return order;
}

/** The step at which span `idx` runs, or -1 (an await is not a step). */
export function stepIndexOf(data: ColumnarTrace, idx: number): number {
  const T = data.spans;
  if (!(idx >= 0 && idx < T.n) || T.kind[idx] === KIND.await) return -1;
  const order = stepOrder(data);
  // Binary search on start time, then a short scan among equal starts.
  let lo = 0, hi = order.length;
  const t = T.start[idx];
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (T.start[order[mid]] < t) lo = mid + 1; else hi = mid; }
  for (let k = lo; k < order.length && T.start[order[k]] <= t; k++) if (order[k] === idx) return k;
  for (let k = 0; k < order.length; k++) if (order[k] === idx) return k;
  return -1;
}

const piecesCache = new WeakMap<object, Map<number, [number, number][]>>();

/** The running pieces of every async call (kept per trace). */
function allPieces(data: ColumnarTrace): Map<number, [number, number][]> {
  let m = piecesCache.get(data);
  if (!m) {
    const end = traceEnd(data);
    m = new Map(data.asyncCalls.map((c) => [c.id, runningPieces(data, c, end)]));
    piecesCache.set(data, m);
  }
  return m;
}

/** The await of call `call` that ended (resumed) closest before time t, or -1. */
function awaitResumedAt(data: ColumnarTrace, call: number, t: number): number {
  const T = data.spans;
  let best = -1, bestEnd = -Infinity;
  for (const a of awaitsByCall(data).get(call) ?? []) if (T.end[a] <= t + EPS && T.end[a] > bestEnd) { best = a; bestEnd = T.end[a]; }
  return best;
}

/** The innermost async call running on `lane` at time `at` (the latest running piece that covers it). */
function runningCall(data: ColumnarTrace, lane: number, at: number): { call?: number; since: number } {
  let call: number | undefined;
  let since = -Infinity;
  const pieces = allPieces(data);
  for (const c of data.asyncCalls) {
    if (c.lane !== lane) continue;
    for (const [s, e] of pieces.get(c.id) ?? []) if (s <= at && e >= at && s >= since) { call = c.id; since = s; }
  }
  return { call, since };
}

/** Kind code of the callback that ran before step k on the same lane (-1 when none). */
function previousOnLane(data: ColumnarTrace, order: Int32Array, k: number): number {
  const T = data.spans;
  const lane = T.lane[order[k]];
  for (let j = k - 1; j >= 0 && j >= k - LOOKAHEAD; j--) if (T.lane[order[j]] === lane) return T.kind[order[j]];
  return -1;
}

/** Step k of the step order. */
export function stepAt(data: ColumnarTrace, k: number, order: Int32Array = stepOrder(data)): Step {
  const T = data.spans;
  const si = order[k];
  const t0 = T.start[si], lane = T.lane[si], kind = T.kind[si];
  const queues: Step['queues'] = { nextTick: [], microtask: [], timer: [], immediate: [], io: [] };
  for (let j = k + 1; j < order.length && j <= k + LOOKAHEAD; j++) {
    const x = order[j];
    const q = QUEUE_OF[T.kind[x]];
    if (!q || T.lane[x] !== lane || !(T.start[x] > t0)) continue;
    const tr = refAt(T, T.trigger[x]);
    if (tr >= 0 && T.start[tr] <= t0) queues[q].push(x);
  }
  // Await chain: the async calls on this lane running at this moment, innermost first.
  const inner = runningCall(data, lane, t0 + Math.min(1e-6, (T.end[si] - t0) / 2));
  const chain: number[] = [];
  for (let c = inner.call === undefined ? undefined : callById(data, inner.call), n = 0; c && n < 20; c = c.parent === undefined ? undefined : callById(data, c.parent), n++) chain.push(c.id);

  // An await continuation: the recorder names its call; else a running piece of a call that begins
  // here, after the call's own start (a resume, not the call).
  let resumedFrom: number | undefined;
  if (kind === KIND.microtask) {
    const named = labelAt(T, si).startsWith('resume ');
    const resumePiece = inner.call !== undefined && Math.abs(inner.since - t0) < EPS && inner.since > (callById(data, inner.call)?.start ?? Infinity) + EPS;
    const call = T.call[si] >= 0 ? T.call[si] : named || resumePiece ? inner.call : undefined;
    if (call !== undefined) resumedFrom = awaitResumedAt(data, call, t0);
  }
  const pendingMacro = queues.timer.length + queues.immediate.length + queues.io.length;
  const nested = T.parent[si] >= 0;
  let rule: StepRule;
  if (kind === KIND.script) rule = 'scriptFirst';
  else if (resumedFrom !== undefined) rule = 'awaitResumed';
  else if (nested) rule = 'nested';
  else if (kind === KIND.nextTick) rule = queues.microtask.length > 0 ? 'nextTickBeforePromises' : 'nextTick';
  else if (kind === KIND.microtask) rule = pendingMacro > 0 ? 'microtasksDrainBeforeTimers' : 'microtask';
  else if (kind === KIND.timer) rule = 'timersPhase';
  else if (kind === KIND.immediate) rule = previousOnLane(data, order, k) === KIND.io ? 'immediateAfterIo' : 'checkPhaseImmediate';
  else rule = 'ioCallback';
  const step: Step = { index: k, span: si, queues, chain, rule };
  const queue = rule === 'nested' || rule === 'scriptFirst' ? undefined : QUEUE_OF[kind];
  if (queue) step.queue = queue;
  if (resumedFrom !== undefined) step.resumedFrom = resumedFrom;
  return step;
}
