/**
 * The one-line summary of a run (the core's `summarize`, the CLI's figures): the program's own
 * time, time blocked, time idle (main lane running nothing), peak concurrency and "sum of waits
 * vs wall time" (how much waiting overlapped).
 */
import type { Summary } from '../src/core/summary';
import { formatDuration } from './scales';
import { t } from './i18n';
import { el } from './dom';

/** Renders the summary line into `host` (plain text pieces, one span each). */
export function renderSummary(host: HTMLElement, s: Summary, prefix?: string): void {
  const line = el('div', { class: 'summary-line' });
  if (prefix) line.append(el('strong', { class: 'summary-label' }, prefix));
  const parts: [string, string][] = [
    ['total', t('summaryTotal', formatDuration(s.programMs))],
    ['blocked', t('summaryBlocked', formatDuration(s.blockedMs))],
    ['idle', t('summaryIdle', formatDuration(s.idleMs))],
    ['peak', t('summaryPeak', s.peakConcurrency)],
    ['waits', t('summaryWaits', formatDuration(s.awaitWaitSumMs), formatDuration(s.awaitWallMs))],
  ];
  for (const [k, text] of parts) line.append(el('span', { class: `summary-item summary-${k}${k === 'blocked' && s.blockedMs > 0 ? ' has-blocked' : ''}`, 'data-key': k }, text));
  host.append(line);
}
