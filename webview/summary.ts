/**
 * The one-line summary of a run: total time, time blocked, time idle (main lane running
 * nothing), peak concurrency and "sum of waits vs wall time" (how much waiting overlapped).
 */
import type { Summary } from '../src/core/summary';
import type { TraceModel } from './model';
import { KIND } from '../src/core/span-kinds';
import { formatDuration } from './scales';
import { t } from './i18n';
import { el } from './dom';

export interface SummaryNumbers {
  /** The program's own time: from the main lane's first span to the end (start-up left out). */
  totalMs: number;
  blockedMs: number;
  idleMs: number;
  peak: number;
  /** Sum of the waits, and the wall time they cover. */
  waitsMs: number;
  waitsWallMs: number;
}

/**
 * The summary: the host's (core `summarize`, exactly the CLI's figures) when it sent one, else
 * estimated from the view model (main lane = lane 0, or the first lane).
 */
export function summaryNumbers(m: TraceModel, host?: Summary): SummaryNumbers {
  if (host) {
    return { totalMs: host.programMs, blockedMs: host.blockedMs, idleMs: host.idleMs, peak: host.peakConcurrency, waitsMs: host.awaitWaitSumMs, waitsWallMs: host.awaitWallMs };
  }
  const start = programStart(m);
  const totalMs = Math.max(0, m.duration - start);
  let blockedMs = 0;
  for (const b of m.trace.blocked) blockedMs += Math.max(0, b.end - b.start);
  // Idle = wall time minus the union of what ran on the main lane.
  const main = m.rows.find((r) => r.type === 'lane');
  let busy = 0;
  if (main) {
    let curS = -Infinity, curE = -Infinity;
    for (let i = 0; i < main.n; i++) {
      const s = main.starts[i], e = main.ends[i];
      if (s > curE) { if (curE > curS) busy += curE - curS; curS = s; curE = e; }
      else if (e > curE) curE = e;
    }
    if (curE > curS) busy += curE - curS;
  }
  let waitsMs = 0;
  for (const r of m.rows) {
    if (r.type !== 'call') continue;
    for (let i = 0; i < r.n; i++) if (r.kinds[i] === KIND.await) waitsMs += r.ends[i] - r.starts[i];
  }
  return { totalMs, blockedMs, idleMs: Math.max(0, totalMs - busy), peak: m.conc.peak, waitsMs, waitsWallMs: totalMs };
}

/** Start of the main lane's first span (before it, Node and the recorder start up). */
export function programStart(m: TraceModel): number {
  const T = m.spans;
  const main = m.trace.lanes[0]?.id ?? 0;
  let start = Infinity;
  for (let i = 0; i < T.n; i++) if (T.lane[i] === main && T.start[i] < start) start = T.start[i];
  return Number.isFinite(start) ? start : 0;
}

/** Renders the summary line into `host` (plain text pieces, one span each). */
export function renderSummary(host: HTMLElement, s: SummaryNumbers, prefix?: string): void {
  const line = el('div', { class: 'summary-line' });
  if (prefix) line.append(el('strong', { class: 'summary-label' }, prefix));
  const parts: [string, string][] = [
    ['total', t('summaryTotal', formatDuration(s.totalMs))],
    ['blocked', t('summaryBlocked', formatDuration(s.blockedMs))],
    ['idle', t('summaryIdle', formatDuration(s.idleMs))],
    ['peak', t('summaryPeak', s.peak)],
    ['waits', t('summaryWaits', formatDuration(s.waitsMs), formatDuration(s.waitsWallMs))],
  ];
  for (const [k, text] of parts) line.append(el('span', { class: `summary-item summary-${k}${k === 'blocked' && s.blockedMs > 0 ? ' has-blocked' : ''}`, 'data-key': k }, text));
  host.append(line);
}
