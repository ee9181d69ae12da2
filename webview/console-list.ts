/**
 * The console output as a side list, in order. Hovering (or focusing) an entry marks its place on
 * the time axis; clicking selects the span that printed it. Text goes in with textContent.
 * Entries are added in pages (a run that printed thousands of lines does not hold up the first paint).
 */
import type { TraceModel } from './model';
import { el } from './dom';
import { t } from './i18n';
import { formatDuration } from './scales';
import { refAt } from '../src/core/columns/table';

const FIRST = 200;
const PAGE = 1000;

export function renderConsoleList(host: HTMLElement, models: TraceModel[], labels: string[], onHover: (t: number | undefined) => void, onPick: (trace: number, span: number) => void): void {
  const box = el('section', { class: 'console-list', 'aria-label': t('consoleList') });
  box.append(el('h2', {}, t('consoleList')));
  const list = el('ol');
  const all: [TraceModel, number][] = [];
  for (const m of models) for (let i = 0; i < m.consoleIdx.length; i++) all.push([m, m.consoleIdx[i]]);
  let shown = 0;
  const more = el('button', { type: 'button', class: 'more' });
  const addPage = (size: number): void => {
    const end = Math.min(all.length, shown + size);
    const frag = document.createDocumentFragment();
    for (; shown < end; shown++) {
      const [m, ei] = all[shown];
      const e = m.trace.events[ei];
      if (e.kind !== 'console') continue;
      const li = el('li', { tabindex: 0, class: `console-${e.stream}`, 'data-t': e.t });
      li.append(el('span', { class: 'console-time' }, (models.length > 1 ? `${labels[m.index]} · ` : '') + formatDuration(e.t)), el('span', { class: 'console-text' }, e.text));
      const enter = (): void => onHover(e.t);
      li.addEventListener('pointerenter', enter);
      li.addEventListener('focus', enter);
      li.addEventListener('pointerleave', () => onHover(undefined));
      li.addEventListener('blur', () => onHover(undefined));
      const pick = (): void => { if (e.span !== undefined) { const s = refAt(m.spans, e.span); if (s >= 0) onPick(m.index, s); } };
      li.addEventListener('click', pick);
      li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') pick(); });
      frag.append(li);
    }
    list.append(frag);
    const rest = all.length - shown;
    more.hidden = rest <= 0;
    more.textContent = `${t('showMore')} (${rest})`;
  };
  more.addEventListener('click', () => addPage(PAGE));
  if (all.length === 0) box.append(el('p', { class: 'muted' }, t('noConsole')));
  else { addPage(FIRST); box.append(list, more); }
  host.append(box);
}
