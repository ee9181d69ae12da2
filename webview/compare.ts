/** Compare mode header: the wall time of each variant and the speedup of the faster one. */
import { el } from './dom';
import { t } from './i18n';
import { formatDuration } from './scales';

/** Speedup of b over a (a.wall / b.wall), and which is faster. */
export function speedup(aMs: number, bMs: number): { factor: number; faster: 0 | 1 } {
  if (aMs >= bMs) return { factor: bMs > 0 ? aMs / bMs : Infinity, faster: 1 };
  return { factor: aMs > 0 ? bMs / aMs : Infinity, faster: 0 };
}

/** `times`: each variant's program time (the summary's total: start-up left out, it is the same for both). */
export function renderCompare(host: HTMLElement, times: [number, number], labels: [string, string]): void {
  const box = el('section', { class: 'compare', 'aria-label': t('compareTitle') });
  const [a, b] = times;
  box.append(
    el('span', { class: 'compare-wall compare-a' }, t('compareWall', labels[0], formatDuration(a))),
    el('span', { class: 'compare-wall compare-b' }, t('compareWall', labels[1], formatDuration(b))),
  );
  const s = speedup(a, b);
  const text = s.factor < 1.05 ? t('compareSame') : t('compareFaster', labels[s.faster], s.factor.toFixed(s.factor < 10 ? 2 : 1), labels[1 - s.faster]);
  box.append(el('strong', { class: 'compare-speedup', 'data-factor': s.factor.toFixed(3) }, text));
  host.append(box);
}
