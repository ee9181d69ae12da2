/**
 * What a click on the timeline does (hit-test.ts says what is under the pointer): a span is
 * selected and its line opened; a wait selects the callback it led to and opens the line that
 * started it; a blocked stretch opens its line; a console mark selects the span that printed it.
 */
import type { Hit } from './hit-test';
import type { TraceModel } from './model';
import { itemRef } from './rows';
import { refAt, spanAt } from '../src/core/columns/table';

export interface ClickAction {
  /** Span index to select. */
  select?: number;
  /** Tell the listeners of the selection (a console mark selects quietly). */
  notify?: boolean;
  /** Line (and column) to open in the editor. */
  line?: number;
  col?: number;
}

export function clickAction(hit: Hit, m: TraceModel): ClickAction {
  if (hit.type === 'item' && hit.row.type === 'wait') {
    const k = itemRef(hit.row, hit.i);
    const span = m.waits.span[k] ?? -1;
    const out: ClickAction = span >= 0 ? { select: span, notify: true } : {};
    if (m.waits.line[k] >= 0) {
      out.line = m.waits.line[k];
      if (span >= 0 && m.spans.col[span] >= 0) out.col = m.spans.col[span];
    }
    return out;
  }
  if (hit.type === 'item') {
    const ref = itemRef(hit.row, hit.i);
    const out: ClickAction = ref >= 0 ? { select: ref, notify: true } : {};
    const s = ref >= 0 ? spanAt(m.spans, ref) : undefined;
    const line = s ? s.line : hit.row.line;
    if (line !== undefined) { out.line = line; out.col = s?.col; }
    return out;
  }
  if (hit.type === 'blocked') {
    const b = m.trace.blocked[hit.b];
    return b.line !== undefined ? { line: b.line } : {};
  }
  if (hit.type === 'console') {
    const ev = m.trace.events[hit.e];
    const sp = ev.kind === 'console' && ev.span !== undefined ? refAt(m.spans, ev.span) : -1;
    return sp >= 0 ? { select: sp } : {};
  }
  return {};
}
