/**
 * The event table: every point event (time, lane, kind, line, text) as a real <table>, which a
 * screen reader can walk. Rows are added in pages so a huge trace does not build a huge DOM.
 */
import type { Trace, TraceEvent } from '../src/core/trace';
import { el, clear } from './dom';
import { t } from './i18n';
import { formatDuration } from './scales';

const PAGE = 500;

/** The text column of an event. */
export function eventText(e: TraceEvent): string {
  switch (e.kind) {
    case 'console': return e.text;
    case 'error': case 'unhandledRejection': return e.message;
    case 'exit': return `code ${e.code}${e.explicit ? ' (process.exit)' : ''}`;
    case 'stall': return `since ${formatDuration(e.since)}`;
    case 'suspend': case 'resume': return e.text;
    case 'emit': return `${e.emitter} '${e.name}' (${e.listeners})`;
    case 'truncated': return e.reason;
    default: return '';
  }
}

function eventLine(e: TraceEvent): string {
  return 'line' in e && typeof e.line === 'number' ? String(e.line) : '';
}

/** Renders the table into `host`; returns its <details> element. */
export function renderEventTable(host: HTMLElement, traces: Pick<Trace, 'events' | 'lanes'>[], labels: string[]): HTMLDetailsElement {
  const details = el('details', { class: 'event-table' });
  const total = traces.reduce((n, tr) => n + tr.events.length, 0);
  details.append(el('summary', {}, `${t('eventTable')} (${total})`));
  const table = el('table');
  table.append(el('caption', { class: 'sr-only' }, t('eventTable')));
  const head = el('tr');
  const cols = [t('colTime'), t('colLane'), t('colKind'), t('colLine'), t('colText')];
  if (traces.length > 1) cols.unshift('#');
  for (const c of cols) head.append(el('th', { scope: 'col' }, c));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  table.append(thead, tbody);
  // The k-th row is event k of the first trace, then of the second: looked up, not copied (a
  // trace of millions of events would otherwise be millions of pairs before the first paint).
  const firstOf = traces.map((_, i) => traces.slice(0, i).reduce((n, tr) => n + tr.events.length, 0));
  const rowAt = (k: number): [number, TraceEvent] => {
    const ti = k < (firstOf[1] ?? Infinity) ? 0 : 1;
    return [ti, traces[ti].events[k - firstOf[ti]]];
  };
  let shown = 0;
  const more = el('button', { type: 'button', class: 'more' }, t('showMore'));
  const note = el('p', { class: 'muted' });
  const addPage = (): void => {
    const end = Math.min(total, shown + PAGE);
    const frag = document.createDocumentFragment();
    for (; shown < end; shown++) {
      const [ti, e] = rowAt(shown);
      const lane = traces[ti].lanes.find((l) => l.id === e.lane)?.label ?? String(e.lane);
      const tr = el('tr', { 'data-seq': e.seq, class: `ev-${e.kind}` });
      const cells = [formatDuration(e.t), lane, e.kind, eventLine(e), eventText(e)];
      if (traces.length > 1) cells.unshift(labels[ti] ?? String(ti + 1));
      for (const c of cells) tr.append(el('td', {}, c));
      frag.append(tr);
    }
    tbody.append(frag);
    const rest = total - shown;
    more.hidden = rest <= 0;
    note.textContent = rest > 0 ? t('moreRows', rest) : '';
  };
  more.addEventListener('click', addPage);
  // Build rows lazily, the first time the table is opened (or right away for small traces).
  let built = false;
  const build = (): void => { if (!built) { built = true; clear(tbody); addPage(); } };
  details.addEventListener('toggle', () => { if (details.open) build(); });
  if (total <= PAGE) build();
  details.append(table, note, more);
  host.append(details);
  return details;
}
