/** Colour legend: a swatch per kind of callback, plus the await bar and the blocked hatch. */
import { el } from './dom';
import { t, type StringKey } from './i18n';

export function renderLegend(host: HTMLElement): void {
  const ul = el('ul', { class: 'legend', 'aria-label': t('legend') });
  for (const k of ['script', 'nextTick', 'microtask', 'timer', 'immediate', 'io', 'running', 'await', 'blocked']) {
    const li = el('li');
    li.append(el('span', { class: `swatch swatch-${k}`, 'aria-hidden': 'true' }), document.createTextNode(t(`kind_${k}` as StringKey)));
    ul.append(li);
  }
  host.append(ul);
}
