/**
 * The pitfalls of a run (the core's findPitfalls: a forgotten await, an unhandled rejection, a
 * promise that never settled, blocking inside async code), listed above the timeline in words
 * from the core's phrasebook, each with the line to look at. Text only (textContent).
 */
import type { TraceModel } from './model';
import { findPitfalls } from '../src/core/pitfalls';
import { pitfallText } from '../src/core/text/explain-text';
import { el } from './dom';
import { lang, t } from './i18n';

/** At most this many are listed per run; the rest are counted. */
const MAX = 8;

export function renderPitfalls(host: HTMLElement, models: TraceModel[], labels: string[]): void {
  const found = models.map((m) => findPitfalls(m.trace));
  if (!found.some((f) => f.length)) return;
  const box = el('section', { class: 'pitfalls warn', 'aria-label': t('pitfalls') });
  box.append(el('h2', {}, t('pitfalls')));
  const ul = el('ul');
  found.forEach((list, i) => {
    for (const p of list.slice(0, MAX)) {
      const prefix = models.length > 1 ? `${labels[i]}: ` : '';
      const where = p.line !== undefined ? ` (${t('pitfallLine', p.line)})` : '';
      ul.append(el('li', { class: `pitfall pitfall-${p.kind}`, 'data-kind': p.kind }, `${prefix}${pitfallText(p, lang())}${where}`));
    }
    if (list.length > MAX) ul.append(el('li', { class: 'muted' }, `+${list.length - MAX}`));
  });
  box.append(ul);
  host.append(box);
}
