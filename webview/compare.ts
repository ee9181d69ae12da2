/** Compare mode header: the program time of each variant and the speedup of the faster one (the core's comparison). */
import type { Comparison } from '../src/core/summary';
import { el } from './dom';
import { t } from './i18n';
import { formatDuration } from './scales';

export function renderCompare(host: HTMLElement, c: Comparison, labels: [string, string]): void {
  const box = el('section', { class: 'compare', 'aria-label': t('compareTitle') });
  box.append(
    el('span', { class: 'compare-wall compare-a' }, t('compareWall', labels[0], formatDuration(c.aMs))),
    el('span', { class: 'compare-wall compare-b' }, t('compareWall', labels[1], formatDuration(c.bMs))),
  );
  const [fast, slow] = c.faster === 'b' ? [1, 0] : [0, 1];
  const text = c.faster === 'same' ? t('compareSame') : t('compareFaster', labels[fast], c.speedup.toFixed(c.speedup < 10 ? 2 : 1), labels[slow]);
  box.append(el('strong', { class: 'compare-speedup', 'data-factor': c.speedup.toFixed(3) }, text));
  host.append(box);
}
