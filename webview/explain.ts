/**
 * Plain-language explanations: for a step in step mode, or a selected span, what happened (which
 * callback ran, when, for how long, who scheduled it, and why it had to wait) and the event-loop
 * rule that made it run when it did. Strings come from i18n (English, Korean).
 *
 * A callback "waited because its thread was blocked" when blocked stretches on its lane (other
 * than its own) cover at least half of the time between its scheduling and its start. The trace
 * records when a timer was set (`scheduled`), not its delay, so the text says when it was set and
 * how long it waited, never a due time it cannot know (and nothing when it was not recorded).
 */
import type { TraceModel } from './model';
import { KIND } from '../src/core/span-kinds';
import { stepInfo, stepIndexOf, stepOrder, type Rule, type StepInfo } from './step-model';
import { SPAN_KINDS } from '../src/core/span-kinds';
import { refAt } from '../src/core/columns/table';
import { formatDuration as fd } from './scales';
import { t, type StringKey } from './i18n';

export interface Explanation {
  /** Sentences: what happened. */
  what: string[];
  /** The rule that made it happen. */
  rule: Rule;
  /** The rule in words. */
  why: string;
  /** Index into trace.blocked of the stretch that delayed it, when one did. */
  blockedBy?: number;
}

const K_NEXTTICK = 1, K_MICROTASK = 2, K_TIMER = 3, K_IMMEDIATE = 4, K_IO = 5;

function laneName(m: TraceModel, lane: number): string {
  return m.trace.lanes.find((l) => l.id === lane)?.label ?? `lane ${lane}`;
}

function callName(m: TraceModel, call: number): string {
  const calls = m.trace.asyncCalls;
  return (calls[call]?.id === call ? calls[call] : calls.find((c) => c.id === call))?.name ?? '?';
}

/** Why a macrotask started when it did: when it was set, how long it waited, and the blocking that held it up. */
function waitSentence(m: TraceModel, i: number): [string, number | undefined] | undefined {
  const T = m.spans;
  const kind = T.kind[i];
  if (kind !== K_TIMER && kind !== K_IMMEDIATE && kind !== K_IO) return undefined;
  // Only when the trace says when it was set (the recorder does, for timers, immediates and I/O).
  const setAt = T.scheduled[i];
  const start = T.start[i];
  if (!(setAt <= start)) return undefined;
  const wait = start - setAt;
  const b = m.blocked.get(T.lane[i]);
  let sum = 0, best = -1, bestOverlap = 0;
  const ownId = i;
  if (b) {
    for (let j = 0; j < b.starts.length; j++) {
      if (m.trace.blocked[b.refs[j]]?.span === ownId) continue;
      const overlap = Math.min(b.ends[j], start) - Math.max(b.starts[j], setAt);
      if (overlap <= 0) continue;
      sum += overlap;
      if (overlap > bestOverlap) { bestOverlap = overlap; best = j; }
    }
  }
  if (best >= 0 && sum >= Math.max(0.5 * wait, 1e-3)) {
    const ref = b!.refs[best];
    const line = m.trace.blocked[ref]?.line;
    const who = T.lane[i] === 0 ? t('theMainThread') : laneName(m, T.lane[i]);
    return [t('whatWaitBlocked', fd(setAt), fd(start), fd(wait), who, fd(b!.starts[best]), fd(b!.ends[best]), line !== undefined ? t('whatLine', line) : ''), ref];
  }
  return [kind === K_TIMER ? t('whatWaitTimer', fd(setAt), fd(wait)) : t('whatWaitOther', fd(setAt), fd(wait)), undefined];
}

/** When the span itself is a blocked stretch: it kept its thread busy, nothing else could run. */
function ownBlocking(m: TraceModel, i: number): string | undefined {
  const id = i;
  const b = m.trace.blocked.find((x) => x.span === id);
  if (!b) return undefined;
  const who = b.lane === 0 ? t('theMainThread') : laneName(m, b.lane);
  return t('whatBlocking', who, fd(b.end - b.start), b.line !== undefined ? t('whatLine', b.line) : '');
}

/** The explanation of step k (of stepOrder). */
export function explainStep(m: TraceModel, k: number, info: StepInfo = stepInfo(m, stepOrder(m), k)): Explanation {
  const T = m.spans;
  const i = info.span;
  const kind = T.kind[i];
  const lane = T.lane[i];
  const dur = T.end[i] - T.start[i];
  const line = T.line[i] >= 0 ? t('whatLine', T.line[i]) : '';
  const what: string[] = [];
  if (kind === 0) what.push(t('what_script', laneName(m, lane), fd(dur)));
  else if (info.rule === 'awaitResumed' && info.resumedFrom !== undefined) {
    const a = info.resumedFrom;
    what.push(t('what_resumed', callName(m, T.call[a]), T.labels[T.label[a]] || '…', T.line[a] >= 0 ? T.line[a] : '?', fd(T.start[i]), fd(dur)));
  } else if (kind === K_IO) what.push(t('what_io', line, fd(T.start[i]), fd(dur), T.labels[T.label[i]] || 'I/O'));
  else if (kind === K_NEXTTICK || kind === K_MICROTASK || kind === K_TIMER || kind === K_IMMEDIATE) what.push(t(`what_${SPAN_KINDS[kind]}` as StringKey, line, fd(T.start[i]), fd(dur)));
  const tr = refAt(T, T.trigger[i]);
  if (tr >= 0 && kind !== 0) {
    const kindName = t(`kind_${SPAN_KINDS[T.kind[tr]]}` as StringKey);
    what.push(!Number.isNaN(T.scheduled[i]) ? t('whatScheduledBy', tr, kindName, fd(T.scheduled[i])) : t('whatCausedBy', tr, kindName));
  }
  const wait = waitSentence(m, i);
  if (wait) what.push(wait[0]);
  const own = ownBlocking(m, i);
  if (own) what.push(own);
  if (lane !== 0 && m.trace.lanes.length > 1) what.push(t('whatOtherLane', laneName(m, lane)));
  const out: Explanation = { what, rule: info.rule, why: t(`rule_${info.rule}` as StringKey) };
  if (wait?.[1] !== undefined) out.blockedBy = wait[1];
  return out;
}

/** The explanation of a selected span: its step's, or for an await the pause itself. */
export function explainSpan(m: TraceModel, i: number): Explanation | undefined {
  const T = m.spans;
  if (!(i >= 0 && i < T.n)) return undefined;
  if (T.kind[i] === KIND.await) {
    const c = T.call[i];
    return {
      what: [t('what_await', c >= 0 ? callName(m, c) : '?', T.labels[T.label[i]] || '…', T.line[i] >= 0 ? T.line[i] : '?', fd(T.end[i] - T.start[i]))],
      rule: 'awaitSuspended',
      why: t('rule_awaitSuspended'),
    };
  }
  const k = stepIndexOf(m, i);
  return k >= 0 ? explainStep(m, k) : undefined;
}
