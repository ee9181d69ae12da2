/**
 * Encodes spans into the packed columns (format.ts): a million spans become a few MB of varints
 * instead of a million JSON objects. From a span table (`encodeTable`, any range of it: an .avtrace
 * file's span sections are ranges of one table) or from span objects (`encodeColumns`). Pure: the
 * caller compresses the bytes (and base64s them for a JSON payload).
 */
import type { Span } from '../trace';
import { COLUMN_NAMES, COLUMNS_VERSION, zigzag, type ColumnName, type ColumnsHeader } from './format';
import { Varints } from './varint';
import { tableFromSpans, type SpanTable } from './table';

/** True when every time of spans [from, to) is a whole number of microseconds (as the recorder writes them). */
function wholeMicroseconds(t: SpanTable, from: number, to: number): boolean {
  const whole = (ms: number): boolean => Number.isNaN(ms) || Math.abs(ms * 1e3 - Math.round(ms * 1e3)) < 1e-6;
  const { start, end, scheduled, delay } = t;
  for (let i = from; i < to; i++) if (!whole(start[i]) || !whole(end[i]) || !whole(scheduled[i]) || !whole(delay[i])) return false;
  return true;
}

/**
 * Spans [from, to) of a table as columns: times in whole microseconds when they all are (the
 * recorder's precision), else whole nanoseconds. Columns holding only defaults are left out.
 * Span references (trigger, parent) are span ids; `firstId` is the id of the span in row `from`
 * (a table of the spans k.. of a trace, encoded as they stream in, passes k).
 */
export function encodeTable(t: SpanTable, from = 0, to = t.n, firstId = from): { header: ColumnsHeader; bytes: Uint8Array } {
  from = Math.max(0, Math.floor(from));
  to = Math.max(from, Math.min(t.n, Math.floor(to)));
  const idOffset = Math.floor(firstId) - from;
  const n = to - from;
  const tick = wholeMicroseconds(t, from, to) ? 1000 : 1;
  const perMs = 1e6 / tick;
  const ticks = (ms: number): number => (Number.isFinite(ms) ? Math.round(ms * perMs) : 0);
  const labels: string[] = [];
  // The table's label index → this range's.
  const labelIdx = new Map<number, number>();
  const col = Object.fromEntries(COLUMN_NAMES.map((k) => [k, new Varints(k === 'start' || k === 'dur' || k === 'scheduled' ? 2 * n : n)])) as Record<ColumnName, Varints>;
  const used = new Set<ColumnName>(['start', 'dur', 'lane', 'kind', 'label']);
  const { start, end, lane, kind, label, line, col: column, call, asyncId, trigger, parent, scheduled, open, delay, repeat, detail, file, callerLine, callerCol } = t;
  /** This range's index of the table's label `g` (labels, details and files share one list). */
  const localLabel = (g: number): number => {
    let li = labelIdx.get(g);
    if (li === undefined) { li = labels.length; labels.push(t.labels[g] ?? ''); labelIdx.set(g, li); }
    return li;
  };
  const plusOne = (k: ColumnName, v: number): void => {
    if (v >= 0) { col[k].push(Math.floor(v) + 1); used.add(k); } else col[k].push(0);
  };
  const relative = (k: ColumnName, i: number, id: number): void => {
    if (id >= 0) { col[k].push(zigzag(i - Math.floor(id)) + 1); used.add(k); } else col[k].push(0);
  };
  let prev = 0, prevAsync = 0;
  for (let i = from; i < to; i++) {
    const st = ticks(start[i]);
    col.start.push(zigzag(st - prev));
    prev = st;
    col.dur.push(Math.max(0, ticks(end[i]) - st));
    col.lane.push(lane[i]);
    col.kind.push(kind[i]);
    col.label.push(localLabel(label[i]));
    plusOne('line', line[i]);
    plusOne('col', column[i]);
    plusOne('callerLine', callerLine[i]);
    plusOne('callerCol', callerCol[i]);
    plusOne('call', call[i]);
    if (asyncId[i] >= 0) {
      const a = Math.floor(asyncId[i]);
      col.asyncId.push(zigzag(a - prevAsync) + 1);
      prevAsync = a;
      used.add('asyncId');
    } else col.asyncId.push(0);
    relative('trigger', i + idOffset, trigger[i]);
    relative('parent', i + idOffset, parent[i]);
    if (Number.isFinite(scheduled[i])) { col.scheduled.push(zigzag(st - ticks(scheduled[i])) + 1); used.add('scheduled'); } else col.scheduled.push(0);
    col.open.push(open[i] ? 1 : 0);
    if (open[i]) used.add('open');
    if (Number.isFinite(delay[i]) && delay[i] >= 0) { col.delay.push(ticks(delay[i]) + 1); used.add('delay'); } else col.delay.push(0);
    col.repeat.push(repeat[i] ? 1 : 0);
    if (repeat[i]) used.add('repeat');
    if (detail[i] >= 0) { col.detail.push(localLabel(detail[i]) + 1); used.add('detail'); } else col.detail.push(0);
    if (file[i] >= 0) { col.file.push(localLabel(file[i]) + 1); used.add('file'); } else col.file.push(0);
  }
  const layout: ColumnsHeader['layout'] = [];
  let size = 0;
  for (const k of COLUMN_NAMES) if (used.has(k)) size += col[k].len;
  const bytes = new Uint8Array(size);
  let off = 0;
  for (const k of COLUMN_NAMES) {
    if (!used.has(k)) continue;
    const b = col[k].bytes();
    layout.push([k, off, b.length]);
    bytes.set(b, off);
    off += b.length;
  }
  return { header: { v: COLUMNS_VERSION, n, tick, layout, labels }, bytes };
}

/** Span objects as columns (fields of the wrong type read as absent). */
export function encodeColumns(spans: Span[]): { header: ColumnsHeader; bytes: Uint8Array } {
  return encodeTable(tableFromSpans(spans));
}
