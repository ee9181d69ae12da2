/** Compare mode header: the wall time of each variant and the speedup of the faster one. */
import type { TraceModel } from './model';
import { el } from './dom';
import { t } from './i18n';
import { formatDuration } from './scales';

/** Speedup of b over a (a.wall / b.wall), and which is faster. */
export function speedup(aMs: number, bMs: number): { factor: number; faster: 0 | 1 } {
  if (aMs >= bMs) return { factor: bMs > 0 ? aMs / bMs : Infinity, faster: 1 };
  return { factor: aMs > 0 ? bMs / aMs : Infinity, faster: 0 };
}

export function renderCompare(host: HTMLElement, models: TraceModel[], labels: [string, string]): void {
  const box = el('section', { class: 'compare', 'aria-label': t('compareTitle') });
  const [a, b] = models;
  box.append(
    el('span', { class: 'compare-wall compare-a' }, t('compareWall', labels[0], formatDuration(a.duration))),
    el('span', { class: 'compare-wall compare-b' }, t('compareWall', labels[1], formatDuration(b.duration))),
  );
  const s = speedup(a.duration, b.duration);
  const text = s.factor < 1.05 ? t('compareSame') : t('compareFaster', labels[s.faster], s.factor.toFixed(s.factor < 10 ? 2 : 1), labels[1 - s.faster]);
  box.append(el('strong', { class: 'compare-speedup', 'data-factor': s.factor.toFixed(3) }, text));
  host.append(box);
}
