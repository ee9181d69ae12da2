/**
 * The console output as a side list, in order. Hovering (or focusing) an entry marks its place on
 * the time axis; clicking selects the span that printed it. Text goes in with textContent.
 */
import type { TraceModel } from './model';
import { el } from './dom';
import { t } from './i18n';
import { formatDuration } from './scales';

const MAX = 2000;

export function renderConsoleList(host: HTMLElement, models: TraceModel[], labels: string[], onHover: (t: number | undefined) => void, onPick: (trace: number, span: number) => void): void {
  const box = el('section', { class: 'console-list', 'aria-label': t('consoleList') });
  box.append(el('h2', {}, t('consoleList')));
  const list = el('ol');
  let count = 0;
  for (const m of models) {
    for (let i = 0; i < m.consoleIdx.length && count < MAX; i++, count++) {
      const e = m.trace.events[m.consoleIdx[i]];
      if (e.kind !== 'console') continue;
      const li = el('li', { tabindex: 0, class: `console-${e.stream}`, 'data-t': e.t });
      li.append(el('span', { class: 'console-time' }, (models.length > 1 ? `${labels[m.index]} · ` : '') + formatDuration(e.t)), el('span', { class: 'console-text' }, e.text));
      const enter = (): void => onHover(e.t);
      li.addEventListener('pointerenter', enter);
      li.addEventListener('focus', enter);
      li.addEventListener('pointerleave', () => onHover(undefined));
      li.addEventListener('blur', () => onHover(undefined));
      const pick = (): void => { if (e.span !== undefined) { const s = m.indexOfId(e.span); if (s >= 0) onPick(m.index, s); } };
      li.addEventListener('click', pick);
      li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') pick(); });
      list.append(li);
    }
  }
  if (count === 0) box.append(el('p', { class: 'muted' }, t('noConsole')));
  else box.append(list);
  host.append(box);
}
