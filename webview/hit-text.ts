/** The tooltip's lines for what is under the pointer (hit-test.ts): a span, a running piece of an async call, a wait, a blocked stretch (what it delayed, its stack), the pending strip, a console mark. */
import type { TraceModel } from './model';
import { ITEM_KINDS, RUNNING } from './model';
import type { Hit } from './hit-test';
import { itemEnd, itemKind, itemRef, itemStart } from './rows';
import { KIND } from '../src/core/span-kinds';
import { spanAt } from '../src/core/columns/table';
import { formatDuration } from './scales';
import { t, lang, type StringKey } from './i18n';
import { explainWait } from '../src/core/explain';
import { waitSite } from '../src/core/waits';
import { factText } from '../src/core/text/explain-text';
import { delayedText, stackLines } from '../src/core/text/block-text';
import { phrase } from '../src/core/text/phrases';

/** A blocked stretch's tooltip shows at most this many frames of its stack. */
const STACK_SHOWN = 8;

/** The last part of a path or URL (a file of `async-viz run` other than the trace's own). */
const baseName = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

/** `line N`, or `line N of lib.ts` when the line is in another user file than the trace's (`own`). */
const lineText = (line: number, file: string | undefined, own: string): string => (file && file !== own ? t('tipLineIn', line, baseName(file)) : t('tipLine', line));

/** Tooltip lines for a hit: kind, start, duration, line, text (the program's text is shown as text by the tooltip). */
export function describeHit(hit: Hit, m: TraceModel): string[] {
  if (hit.type === 'console') {
    const ev = m.trace.events[hit.e];
    return ev.kind === 'console' ? [`${t('consoleRow')} (${ev.stream})`, t('tipStart', formatDuration(ev.t)), ev.text] : [];
  }
  if (hit.type === 'conc') return [t('concurrencyTitle'), `${formatDuration(hit.t)}: ${hit.count}`];
  if (hit.type === 'blocked') {
    const b = m.trace.blocked[hit.b];
    const lines = [t('kind_blocked'), t('tipStart', formatDuration(b.start)), t('tipDuration', formatDuration(b.durationMs ?? b.end - b.start))];
    if (b.line !== undefined) lines.push(t('tipLine', b.line));
    if (b.delayed || b.stack) lines.push(delayedText(m.trace, b, lang()));
    const stack = stackLines(m.trace, b);
    if (stack.length) lines.push(phrase(lang(), 'blockStack'), ...stack.slice(0, STACK_SHOWN).map((f) => `  ${f}`));
    return lines;
  }
  const { row, i } = hit;
  if (row.type === 'wait') return describeWait(m, itemRef(row, i), row.label, row.folded === true);
  const kind = itemKind(row, i);
  const ref = itemRef(row, i);
  const s = ref >= 0 ? spanAt(m.spans, ref) : undefined;
  const lines = [`${t(`kind_${ITEM_KINDS[kind]}` as StringKey)}${s ? ` #${s.id}` : ''}`,
    t('tipStart', formatDuration(itemStart(row, i))), t('tipDuration', formatDuration(itemEnd(row, i) - itemStart(row, i)))];
  const line = s?.line ?? (kind === RUNNING ? row.line : undefined);
  if (line !== undefined) lines.push(lineText(line, s?.line !== undefined ? s.file : undefined, m.trace.meta.file));
  if (s?.label) lines.push(s.label);
  if (kind === RUNNING) lines.push(row.label);
  if (s?.trigger !== undefined) lines.push(t('tipTrigger', s.trigger));
  if (s && kind !== KIND.await) lines.push(t('tipClick'));
  return lines;
}

/** A wait's lines: what it is, when it started, when its callback ran, and for a timer when it was due and why it was late. */
function describeWait(m: TraceModel, k: number, label: string, folded: boolean): string[] {
  const w = m.waits;
  if (!(k >= 0 && k < w.n)) return [label];
  const lines = [label, t('tipWait', formatDuration(w.from[k]), formatDuration(w.to[k]), formatDuration(w.to[k] - w.from[k]))];
  for (const f of explainWait(m.trace, k)) if (f.fact === 'waitDue') lines.push(factText(f, m.trace, lang()));
  const at = waitSite(m.trace, w, k);
  if (at) lines.push(lineText(at.line, at.file, m.trace.meta.file));
  lines.push(folded ? t('tipWaitFolded') : t('tipClick'));
  return lines;
}
