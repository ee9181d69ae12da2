/**
 * Explanations as data: for a step (steps.ts) or a selected span, what happened (which callback
 * ran, when, for how long, who scheduled it, why it had to wait) as a list of facts, and the
 * event-loop rule that made it run when it did. The presenters put them in words, English or
 * Korean (core/text/explain-text.ts); nothing here is a sentence.
 *
 * A callback "waited because its thread was blocked" when blocked stretches on its lane (other
 * than its own) cover at least half of the time between its scheduling and its start (blocked.ts).
 */
import type { SpanKind } from './trace';
import { labelAt, refAt, type ColumnarTrace } from './columns/table';
import { KIND, kindOf } from './span-kinds';
import { stepAt, stepIndexOf, stepOrder, type Step, type StepRule } from './steps';
import { blockedByLane, stretchOf, waitOf } from './blocked';
import { waits } from './waits';

/** One thing that happened, with its numbers (times in ms since run start, durations in ms). */
export type Fact =
  /** The top-level code of a file ran on `lane`. */
  | { fact: 'script'; lane: number; dur: number }
  /** An async function resumed after an await (the await span `await`). */
  | { fact: 'resumed'; await: number; call: number; text: string; line?: number; at: number; dur: number }
  /** A callback of this kind ran. */
  | { fact: 'ran'; kind: Exclude<SpanKind, 'script' | 'await'>; label: string; line?: number; at: number; dur: number }
  /** It was scheduled by span `by` (when the trace says when: `at`). */
  | { fact: 'scheduledBy'; by: number; kind: SpanKind; at?: number }
  /** It waited from `setAt` to `start` because its lane was blocked (`blocked`: index into trace.blocked). */
  | { fact: 'waitBlocked'; setAt: number; start: number; wait: number; lane: number; blocked: number; from: number; to: number; line?: number }
  /** A timer ran `wait` after it was set. */
  | { fact: 'waitTimer'; setAt: number; wait: number }
  /**
   * A timer whose delay is known: set at `setAt` for `delay`, due at `due`, ran at `start`. When it
   * ran late because its lane was busy: the blocked stretch (index into trace.blocked) that was
   * running at its due time, or most of the late time, with where it started and its line.
   */
  | { fact: 'waitDue'; setAt: number; delay: number; due: number; start: number; lane: number; blocked?: number; from?: number; line?: number }
  /** Another operation ran `wait` after it was requested. */
  | { fact: 'waitOther'; setAt: number; wait: number }
  /** The span itself kept its lane busy (a blocked stretch). */
  | { fact: 'blocking'; lane: number; dur: number; line?: number }
  /** It ran on a lane other than the main thread. */
  | { fact: 'otherLane'; lane: number }
  /** An async function paused at an await (`call` -1 when unknown). */
  | { fact: 'paused'; call: number; text: string; line?: number; dur: number };

export interface Explanation {
  /** What happened, in order. */
  facts: Fact[];
  /** The rule that made it happen. */
  rule: StepRule;
  /** Index into trace.blocked of the stretch that delayed it, when one did. */
  blockedBy?: number;
}

const lineOf = (data: ColumnarTrace, i: number): number | undefined => (data.spans.line[i] >= 0 ? data.spans.line[i] : undefined);

/** The explanation of step k (of stepOrder). */
export function explainStep(data: ColumnarTrace, k: number, step: Step = stepAt(data, k, stepOrder(data))): Explanation {
  const T = data.spans;
  const i = step.span;
  const kind = T.kind[i];
  const lane = T.lane[i];
  const dur = T.end[i] - T.start[i];
  const facts: Fact[] = [];
  const from = step.resumedFrom ?? -1;
  if (kind === KIND.script) facts.push({ fact: 'script', lane, dur });
  else if (step.rule === 'awaitResumed' && from >= 0) {
    facts.push({ fact: 'resumed', await: from, call: T.call[from], text: labelAt(T, from), line: lineOf(data, from), at: T.start[i], dur });
  } else if (kind !== KIND.await) facts.push({ fact: 'ran', kind: kindOf(kind) as Exclude<SpanKind, 'script' | 'await'>, label: labelAt(T, i), line: lineOf(data, i), at: T.start[i], dur });
  const tr = refAt(T, T.trigger[i]);
  if (tr >= 0 && kind !== KIND.script) {
    const at = T.scheduled[i];
    facts.push(Number.isNaN(at) ? { fact: 'scheduledBy', by: tr, kind: kindOf(T.kind[tr]) } : { fact: 'scheduledBy', by: tr, kind: kindOf(T.kind[tr]), at });
  }
  const wait = waitOf(data, i);
  const due = dueFact(data, i);
  if (due) facts.push(due);
  else if (wait && wait.blockedBy !== undefined) {
    const b = data.blocked[wait.blockedBy];
    facts.push({ fact: 'waitBlocked', setAt: wait.setAt, start: wait.start, wait: wait.waitMs, lane, blocked: wait.blockedBy, from: b.start, to: b.end, line: b.line });
  } else if (wait) facts.push(kind === KIND.timer ? { fact: 'waitTimer', setAt: wait.setAt, wait: wait.waitMs } : { fact: 'waitOther', setAt: wait.setAt, wait: wait.waitMs });
  const own = stretchOf(data, i);
  if (own >= 0) {
    const b = data.blocked[own];
    facts.push({ fact: 'blocking', lane: b.lane, dur: b.end - b.start, line: b.line });
  }
  if (lane !== 0 && data.lanes.length > 1) facts.push({ fact: 'otherLane', lane });
  const out: Explanation = { facts, rule: step.rule };
  if (wait?.blockedBy !== undefined) out.blockedBy = wait.blockedBy;
  return out;
}

/** The explanation of a selected span: its step's, or for an await the pause itself. */
export function explainSpan(data: ColumnarTrace, i: number): Explanation | undefined {
  const T = data.spans;
  if (!(i >= 0 && i < T.n)) return undefined;
  if (T.kind[i] === KIND.await) {
    return { facts: [{ fact: 'paused', call: T.call[i], text: labelAt(T, i), line: lineOf(data, i), dur: T.end[i] - T.start[i] }], rule: 'awaitSuspended' };
  }
  const k = stepIndexOf(data, i);
  return k >= 0 ? explainStep(data, k) : undefined;
}

/** A timer ran this much after it was due (ms) before it counts as late. */
export const LATE_MS = 1;

/** The `waitDue` fact of span i, when it is a timer run whose delay the trace knows. */
function dueFact(data: ColumnarTrace, i: number): Fact | undefined {
  const w = waits(data);
  const k = w.span.indexOf(i);
  return k >= 0 ? waitDueFact(data, k) : undefined;
}

/**
 * The `waitDue` fact of wait k (core/waits.ts), when it is a timer whose delay is known: when it
 * was due, and when it ran late, what held it up: the blocked stretch on its lane that overlapped
 * most of the time from its due time to its start.
 */
export function waitDueFact(data: ColumnarTrace, k: number): Extract<Fact, { fact: 'waitDue' }> | undefined {
  const w = waits(data);
  const due = w.due[k];
  if (!(due >= w.from[k])) return undefined;
  const i = w.span[k];
  const lane = w.lane[k];
  const fact: Extract<Fact, { fact: 'waitDue' }> = { fact: 'waitDue', setAt: w.from[k], delay: due - w.from[k], due, start: w.to[k], lane };
  if (w.to[k] - due < LATE_MS) return fact;
  const b = blockedByLane(data).get(lane);
  let best = -1, bestOverlap = 0;
  if (b) {
    for (let j = 0; j < b.starts.length; j++) {
      if (data.blocked[b.refs[j]]?.span === i) continue;
      const overlap = Math.min(b.ends[j], w.to[k]) - Math.max(b.starts[j], due);
      if (overlap > bestOverlap) { bestOverlap = overlap; best = j; }
    }
  }
  if (best >= 0) {
    const bs = data.blocked[b!.refs[best]];
    fact.blocked = b!.refs[best];
    fact.from = bs.start;
    if (bs.line !== undefined) fact.line = bs.line;
  }
  return fact;
}

/** What a wait was (core/waits.ts, wait k): when it started and ended, and for a timer when it was due and why it ran late. */
export function explainWait(data: ColumnarTrace, k: number): Fact[] {
  const w = waits(data);
  const due = waitDueFact(data, k);
  if (due) return [due];
  return [w.kind[k] === KIND.timer ? { fact: 'waitTimer', setAt: w.from[k], wait: w.to[k] - w.from[k] } : { fact: 'waitOther', setAt: w.from[k], wait: w.to[k] - w.from[k] }];
}
