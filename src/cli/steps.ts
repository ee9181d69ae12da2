/**
 * `--steps`: the step-by-step story of a run in the terminal, in English or Korean. Each step is
 * a callback that ran (the core's step model, src/core/steps.ts): what ran, where and when, the
 * queue it came from, what happened in words, the event-loop rule that made it next, what was
 * still waiting, the await chain, and what it printed. The words are the core's (src/core/text),
 * the same the view shows.
 */
import type { Trace } from '../core/trace';
import { columnar, type ColumnarTrace } from '../core/columns/table';
import { stepAt, stepOrder, QUEUE_NAMES, type QueueName } from '../core/steps';
import { explainStep } from '../core/explain';
import { formatDuration } from '../core/duration';
import { callTitle, explanationText, laneName, spanTitle } from '../core/text/explain-text';
import { phrase, type Lang, type PhraseKey } from '../core/text/phrases';
import { quoted, terminalSafe } from './terminal';

/** At most this many steps are printed (a step looks up to 20,000 callbacks ahead for its queues). */
export const MAX_STEPS = 2000;

const QUEUE_LABEL: Record<QueueName, PhraseKey> = { nextTick: 'qNextTick', microtask: 'qMicrotask', timer: 'qTimers', immediate: 'qImmediates', io: 'qIo' };

export function formatSteps(trace: Trace | ColumnarTrace, lang: Lang, max = MAX_STEPS): string {
  const data = columnar(trace);
  const T = data.spans;
  const order = stepOrder(data);
  if (order.length === 0) return phrase(lang, 'stepNone');
  // What each span printed.
  const printed = new Map<number, string[]>();
  for (const e of data.events) {
    if (e.kind !== 'console' || e.span === undefined) continue;
    let list = printed.get(e.span);
    if (!list) printed.set(e.span, (list = []));
    list.push(e.text);
  }
  const lines: string[] = [];
  const shown = Math.min(order.length, max);
  for (let k = 0; k < shown; k++) {
    const step = stepAt(data, k, order);
    const i = step.span;
    const head = [phrase(lang, 'stepOf', k + 1, order.length)];
    if (data.lanes.length > 1) head.push(terminalSafe(laneName(data, T.lane[i])));
    head.push(terminalSafe(spanTitle(data, i, lang)), phrase(lang, 'stepAt', formatDuration(T.start[i]), formatDuration(T.end[i] - T.start[i])));
    if (step.queue) head.push(phrase(lang, 'stepFrom', phrase(lang, `queue_${step.queue}`)));
    lines.push(head.join(' · '));
    const ex = explainStep(data, k, step);
    const words = explanationText(ex, data, lang);
    for (const w of words.what) lines.push(`  ${terminalSafe(w)}`);
    lines.push(`  ${phrase(lang, 'stepWhy')} [${ex.rule}]: ${words.why}`);
    lines.push(`  ${phrase(lang, 'stepWaiting')}: ${QUEUE_NAMES.map((q) => `${phrase(lang, QUEUE_LABEL[q])} ${step.queues[q].length}`).join(' · ')}`);
    if (step.chain.length) lines.push(`  ${phrase(lang, 'stepAwaitChain')}: ${step.chain.map((c) => terminalSafe(callTitle(data, c))).join(' ← ')}`);
    const out = printed.get(i);
    if (out) lines.push(`  ${phrase(lang, 'stepPrinted')}: ${out.map(quoted).join(', ')}`);
  }
  if (order.length > shown) lines.push(phrase(lang, 'stepMore', order.length - shown));
  return lines.join('\n');
}
