/**
 * Step mode: the run as an ordered list of steps (each callback that started, each await that
 * paused, each write to the console), the queues at each step as far as the trace shows them,
 * and the event-loop rule that explains why that step came next.
 *
 * Limits (what a trace cannot tell):
 *  - A queued item is known only if it ran later: a timer that was cleared, or a promise that
 *    never settled, never shows in a queue.
 *  - Timer due times are not recorded: a timer is "pending" from its setTimeout call to its run.
 *  - The recorder sees when a promise is created, not when it is resolved: a promise callback
 *    shows as queued from its creation or from the start of the macrotask it ran after
 *    (script, timer, immediate, I/O callback), whichever is later.
 *  - One lane at a time (each thread and process has its own event loop).
 */
import type { Span, Trace } from './trace';
import { countLE } from './intervals';

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
  | 'nested'
  | 'output';

/** One English sentence per rule (the webview localises by key: `rule.<id>`). */
export const RULES: Record<StepRule, string> = {
  scriptFirst: 'The top-level code of the script runs first, from start to end, before any callback.',
  nextTickBeforePromises: 'process.nextTick callbacks run as soon as the current code finishes, even before promise callbacks that are already queued.',
  nextTick: 'A process.nextTick callback runs as soon as the current code finishes.',
  microtasksDrainBeforeTimers: 'Promise callbacks (microtasks) run as soon as the call stack is empty: the whole microtask queue drains before any timer, I/O or setImmediate callback, even one that is already due.',
  microtask: 'A promise callback (microtask) runs as soon as the call stack is empty.',
  awaitResumed: 'The awaited promise settled, so the async function continues after its await (as a microtask).',
  awaitSuspended: 'The async function paused at await and returned to its caller; it resumes when the awaited promise settles, and other code runs meanwhile.',
  timersPhase: 'A timer is due: the event loop runs due setTimeout / setInterval callbacks in its timers phase, after the microtasks have drained.',
  checkPhaseImmediate: 'setImmediate callbacks run in the check phase, right after the event loop has polled for I/O.',
  immediateAfterIo: 'After an I/O callback, setImmediate runs before any timer: the check phase comes right after the poll phase.',
  ioCallback: 'An I/O operation (file, network, child process, ...) finished: its callback runs in the poll phase.',
  nested: 'This callback ran synchronously inside the previous one (for instance an EventEmitter or a stream called it directly).',
  output: 'The running code wrote to the console.',
};

/** How many items were waiting at a step, by queue. */
export interface PendingCounts {
  timers: number;
  immediates: number;
  nextTicks: number;
  microtasks: number;
  io: number;
  /** Async functions paused at an await. */
  awaits: number;
}

export interface Step {
  /** Position in the step list. */
  index: number;
  /** When, ms since run start. */
  t: number;
  lane: number;
  /** `run`: a callback (or the script, or an await continuation) started; `suspend`: an await paused; `output`: a console write. */
  kind: 'run' | 'suspend' | 'output';
  /** For `run` and `suspend`: the span (the await span for `suspend`). */
  span?: number;
  /** For `output` and `suspend`: the event's `seq`. */
  event?: number;
  /** Why this step came next: a key of RULES. */
  rule: StepRule;
  /** Queue lengths just as this step began (the step's own span is running, not pending). */
  pending: PendingCounts;
}

/** The queues at a moment: span ids of what was waiting, in the order they later ran. */
export interface Queues {
  timers: number[];
  immediates: number[];
  nextTicks: number[];
  microtasks: number[];
  io: number[];
  /** Await spans: the functions paused at an await. */
  awaits: number[];
}

type QueueName = Exclude<keyof Queues, 'awaits'>;
const QUEUE_OF: Partial<Record<Span['kind'], QueueName>> = { timer: 'timers', immediate: 'immediates', nextTick: 'nextTicks', microtask: 'microtasks', io: 'io' };

/**
 * When each span became pending (it is pending from then until its start), or -1 when it never
 * waits in a queue (script, await continuations, awaits). A resource that runs several times
 * (setInterval) is pending again from the end of its previous run. A promise callback was queued
 * no earlier than the start of the macrotask (script, timer, immediate, I/O callback) it runs
 * after, because the microtask queue drains completely after each of those: its creation time
 * (`scheduled`) is only a lower bound, since a promise is created before it is resolved.
 */
function pendingFrom(trace: Trace, lane: number): Float64Array {
  const from = new Float64Array(trace.spans.length).fill(-1);
  const lastEnd = new Map<number, number>();
  let macroStart = 0;
  for (const s of trace.spans) {
    if (s.lane !== lane || s.kind === 'await') continue;
    if (s.kind !== 'script' && s.asyncId !== undefined) {
      const prev = lastEnd.get(s.asyncId);
      let f = prev ?? s.scheduled ?? s.start;
      if ((s.kind === 'microtask' || s.kind === 'nextTick') && prev === undefined) f = Math.max(f, macroStart);
      from[s.id] = Math.min(f, s.start);
      lastEnd.set(s.asyncId, s.end);
    }
    if (s.parent === undefined && s.kind !== 'microtask' && s.kind !== 'nextTick') macroStart = s.start;
  }
  return from;
}

interface QueueIndex {
  from: Float64Array;
  start: Float64Array;
}

function sortedIndex(pairs: [number, number][]): QueueIndex {
  return {
    from: Float64Array.from(pairs, (p) => p[0]).sort(),
    start: Float64Array.from(pairs, (p) => p[1]).sort(),
  };
}

/** Items pending at t: became pending at or before t, and start (or end, for awaits) after t. */
const countAt = (q: QueueIndex, t: number) => countLE(q.from, t) - countLE(q.start, t);

/** The ordered steps of one lane (default: the main thread). */
export function stepEvents(trace: Trace, lane = 0): Step[] {
  const from = pendingFrom(trace, lane);
  const pairs: Record<keyof Queues, [number, number][]> = { timers: [], immediates: [], nextTicks: [], microtasks: [], io: [], awaits: [] };
  for (const s of trace.spans) {
    if (s.lane !== lane) continue;
    if (s.kind === 'await') pairs.awaits.push([s.start, s.end]);
    else {
      const q = QUEUE_OF[s.kind];
      if (q && from[s.id] >= 0) pairs[q].push([from[s.id], s.start]);
    }
  }
  const idx = Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k, sortedIndex(v)])) as Record<keyof Queues, QueueIndex>;
  const pendingAt = (t: number): PendingCounts => ({
    timers: countAt(idx.timers, t), immediates: countAt(idx.immediates, t), nextTicks: countAt(idx.nextTicks, t),
    microtasks: countAt(idx.microtasks, t), io: countAt(idx.io, t), awaits: countAt(idx.awaits, t),
  });

  // Runs and suspends come from spans, outputs from events; merged by time, a run before what happens inside it.
  type Raw = { t: number; order: number; kind: Step['kind']; span?: number; event?: number };
  const raw: Raw[] = [];
  for (const s of trace.spans) {
    if (s.lane !== lane) continue;
    if (s.kind === 'await') raw.push({ t: s.start, order: 1, kind: 'suspend', span: s.id });
    else raw.push({ t: s.start, order: 0, kind: 'run', span: s.id });
  }
  const suspendEvent = new Map<string, number>();
  for (const e of trace.events) {
    if (e.lane !== lane) continue;
    if (e.kind === 'console') raw.push({ t: e.t, order: 2, kind: 'output', event: e.seq });
    else if (e.kind === 'suspend') suspendEvent.set(`${e.call}@${e.t}`, e.seq);
  }
  raw.sort((a, b) => a.t - b.t || a.order - b.order || (a.span ?? a.event ?? 0) - (b.span ?? b.event ?? 0));

  const steps: Step[] = [];
  let prevRun: Span | undefined;
  for (const r of raw) {
    const step: Step = { index: steps.length, t: r.t, lane, kind: r.kind, rule: 'output', pending: pendingAt(r.t) };
    if (r.span !== undefined) step.span = r.span;
    if (r.event !== undefined) step.event = r.event;
    if (r.kind === 'run') {
      const s = trace.spans[r.span!];
      step.rule = ruleFor(s, prevRun, step.pending);
      prevRun = s;
    } else if (r.kind === 'suspend') {
      const s = trace.spans[r.span!];
      step.rule = 'awaitSuspended';
      const seq = suspendEvent.get(`${s.call}@${s.start}`);
      if (seq !== undefined) step.event = seq;
      // The paused function is not itself waiting in the count "just as it began".
      step.pending.awaits = Math.max(0, step.pending.awaits - 1);
    }
    steps.push(step);
  }
  return steps;
}

function ruleFor(s: Span, prev: Span | undefined, p: PendingCounts): StepRule {
  if (s.parent !== undefined && !isContinuation(s)) return 'nested';
  switch (s.kind) {
    case 'script':
      return 'scriptFirst';
    case 'nextTick':
      return p.microtasks > 0 ? 'nextTickBeforePromises' : 'nextTick';
    case 'microtask':
      if (isContinuation(s)) return 'awaitResumed';
      return p.timers + p.immediates + p.io > 0 ? 'microtasksDrainBeforeTimers' : 'microtask';
    case 'timer':
      return 'timersPhase';
    case 'immediate':
      return prev?.kind === 'io' ? 'immediateAfterIo' : 'checkPhaseImmediate';
    default:
      return 'ioCallback';
  }
}

/** An await continuation: a microtask span in which an async function resumed (see build-trace). */
export const isContinuation = (s: Span) => s.kind === 'microtask' && (s.call !== undefined || s.label.startsWith('resume '));

/** The queues of a lane at time `t` (the span starting exactly at `t` counts as running). O(spans). */
export function queuesAt(trace: Trace, t: number, lane = 0): Queues {
  const from = pendingFrom(trace, lane);
  const q: Queues = { timers: [], immediates: [], nextTicks: [], microtasks: [], io: [], awaits: [] };
  for (const s of trace.spans) {
    if (s.lane !== lane) continue;
    if (s.kind === 'await') {
      if (s.start <= t && s.end > t) q.awaits.push(s.id);
      continue;
    }
    const name = QUEUE_OF[s.kind];
    if (name && from[s.id] >= 0 && from[s.id] <= t && s.start > t) {
      q[name].push(s.id);
    }
  }
  return q;
}
