/**
 * The label column beside the canvas: one label per row (a lane, an async call, a wait, the
 * pending strip, the console), at the row's height. A folded group of waits is a button that
 * opens it into one bar per wait (and closes it again). The program's strings are set as text.
 */
import type { Row, TraceModel } from './model';
import { el, clear } from './dom';
import { t } from './i18n';

export function renderRowLabels(host: HTMLElement, rows: Row[], models: TraceModel[], onToggle: (trace: number, group: number) => void): void {
  clear(host);
  for (const r of rows) {
    let text = r.label;
    if (r.type === 'concurrency') text = `${t('concurrency')} (≤${models[r.trace].summary.peakConcurrency})`;
    if (r.type === 'console') text = t('consoleRow');
    const cls = `lane-label lane-label-${r.type}${r.folded ? ' lane-label-folded' : ''}`;
    const d = el('div', { class: cls, role: 'listitem', title: r.type === 'concurrency' ? t('concurrencyTitle') : text }, r.toggle ? '' : text);
    if (r.toggle && r.group !== undefined) {
      const { group, trace } = r as Row & { group: number };
      const open = r.toggle === 'open';
      const b = el('button', { type: 'button', class: 'wait-toggle', 'aria-expanded': open ? 'true' : 'false', title: t(open ? 'waitsClose' : 'waitsOpen', text) }, `${open ? '▾' : '▸'} ${text}`);
      b.addEventListener('click', () => onToggle(trace, group));
      d.append(b);
    }
    d.style.top = `${r.y}px`;
    d.style.height = `${r.height}px`;
    d.style.paddingLeft = `${6 + r.depth * 12}px`;
    host.append(d);
  }
}
