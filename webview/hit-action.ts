/**
 * What a click on the timeline does (hit-test.ts says what is under the pointer): a span is
 * selected and its line opened; a wait selects the callback it led to and opens the line that
 * started it; a blocked stretch opens its line (in the file of its innermost frame, when its
 * stack names one); a console mark selects the span that printed it.
 * The line's file goes with it when it is not the trace's entry file (`Span.file`, `AsyncCall.file`:
 * a run of a whole command records many files).
 */
import type { Hit } from './hit-test';
import type { TraceModel } from './model';
import { itemRef } from './rows';
import { refAt, spanAt } from '../src/core/columns/table';
import { waitSite } from '../src/core/waits';

export interface ClickAction {
  /** Span index to select. */
  select?: number;
  /** Tell the listeners of the selection (a console mark selects quietly). */
  notify?: boolean;
  /** Line (and column) to open in the editor. */
  line?: number;
  col?: number;
  /** The file of `line` when it is not `meta.file`. */
  file?: string;
}

/** Span i's file (`Span.file`), if it has one. */
const fileOf = (m: TraceModel, i: number): string | undefined => (i >= 0 && m.spans.file[i] >= 0 ? m.spans.labels[m.spans.file[i]] : undefined);

export function clickAction(hit: Hit, m: TraceModel): ClickAction {
  if (hit.type === 'item' && hit.row.type === 'wait') {
    const k = itemRef(hit.row, hit.i);
    const span = m.waits.span[k] ?? -1;
    const out: ClickAction = span >= 0 ? { select: span, notify: true } : {};
    const at = waitSite(m.trace, m.waits, k);
    if (at) Object.assign(out, at);
    return out;
  }
  if (hit.type === 'item') {
    const ref = itemRef(hit.row, hit.i);
    const out: ClickAction = ref >= 0 ? { select: ref, notify: true } : {};
    const s = ref >= 0 ? spanAt(m.spans, ref) : undefined;
    const line = s ? s.line : hit.row.line;
    if (line !== undefined) { out.line = line; out.col = s?.col; }
    // A span's own file; a running piece of a call: the call's.
    const file = s ? s.file : hit.row.call !== undefined ? m.trace.asyncCalls[hit.row.call]?.file : undefined;
    if (line !== undefined && file !== undefined) out.file = file;
    return out;
  }
  if (hit.type === 'blocked') {
    const b = m.trace.blocked[hit.b];
    // The innermost frame at the block (it names its own file: a block in a second user file).
    const top = b.stack?.[0];
    const line = b.line ?? top?.line;
    if (line === undefined) return {};
    const file = top && top.line === line ? top.file : b.span !== undefined ? fileOf(m, refAt(m.spans, b.span)) : undefined;
    const col = top && top.line === line ? top.col : undefined;
    return { line, ...(col !== undefined ? { col } : {}), ...(file !== undefined && file !== m.trace.meta.file ? { file } : {}) };
  }
  if (hit.type === 'console') {
    const ev = m.trace.events[hit.e];
    const sp = ev.kind === 'console' && ev.span !== undefined ? refAt(m.spans, ev.span) : -1;
    return sp >= 0 ? { select: sp } : {};
  }
  return {};
}
