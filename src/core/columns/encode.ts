/**
 * Encodes spans into the packed columns (format.ts): a million spans become a few MB of varints
 * instead of a million JSON objects. Pure: the caller gzips and base64s the bytes for transport.
 */
import type { Span } from '../trace';
import { kindCode } from '../span-kinds';
import { COLUMN_NAMES, COLUMNS_VERSION, zigzag, type ColumnName, type ColumnsHeader } from './format';
import { Varints } from './varint';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** True when every time of these spans is a whole number of microseconds (as the recorder writes them). */
function wholeMicroseconds(spans: Span[]): boolean {
  const whole = (ms: unknown): boolean => !isNum(ms) || Math.abs(ms * 1e3 - Math.round(ms * 1e3)) < 1e-6;
  for (const s of spans) if (!whole(s.start) || !whole(s.end) || !whole(s.scheduled) || !whole(s.delay)) return false;
  return true;
}

/**
 * The spans as columns: times in whole microseconds when they all are (the recorder's precision),
 * else whole nanoseconds. Columns holding only defaults are left out.
 */
export function encodeColumns(spans: Span[]): { header: ColumnsHeader; bytes: Uint8Array } {
  const n = spans.length;
  const tick = wholeMicroseconds(spans) ? 1000 : 1;
  const perMs = 1e6 / tick;
  const ticks = (ms: unknown): number => (isNum(ms) ? Math.round(ms * perMs) : 0);
  const labels: string[] = [];
  const labelIdx = new Map<string, number>();
  const col = Object.fromEntries(COLUMN_NAMES.map((k) => [k, new Varints()])) as Record<ColumnName, Varints>;
  const used = new Set<ColumnName>(['start', 'dur', 'lane', 'kind', 'label']);
  const plusOne = (k: ColumnName, v: unknown): void => {
    if (isNum(v) && v >= 0) { col[k].push(Math.floor(v) + 1); used.add(k); } else col[k].push(0);
  };
  const relative = (k: ColumnName, i: number, id: unknown): void => {
    if (isNum(id)) { col[k].push(zigzag(i - Math.floor(id)) + 1); used.add(k); } else col[k].push(0);
  };
  let prev = 0, prevAsync = 0;
  for (let i = 0; i < n; i++) {
    const s = spans[i];
    const st = ticks(s.start);
    col.start.push(zigzag(st - prev));
    prev = st;
    col.dur.push(Math.max(0, ticks(s.end) - st));
    col.lane.push(isNum(s.lane) && s.lane >= 0 ? Math.floor(s.lane) : 0);
    col.kind.push(kindCode(s.kind));
    const label = typeof s.label === 'string' ? s.label : '';
    let li = labelIdx.get(label);
    if (li === undefined) { li = labels.length; labels.push(label); labelIdx.set(label, li); }
    col.label.push(li);
    plusOne('line', s.line);
    plusOne('col', s.col);
    plusOne('call', s.call);
    plusOne('callerLine', s.callerLine);
    plusOne('callerCol', s.callerCol);
    if (isNum(s.asyncId) && s.asyncId >= 0) {
      const a = Math.floor(s.asyncId);
      col.asyncId.push(zigzag(a - prevAsync) + 1);
      prevAsync = a;
      used.add('asyncId');
    } else col.asyncId.push(0);
    relative('trigger', i, s.trigger);
    relative('parent', i, s.parent);
    if (isNum(s.scheduled)) { col.scheduled.push(zigzag(st - ticks(s.scheduled)) + 1); used.add('scheduled'); } else col.scheduled.push(0);
    col.open.push(s.open ? 1 : 0);
    if (s.open) used.add('open');
    if (isNum(s.delay) && s.delay >= 0) { col.delay.push(ticks(s.delay) + 1); used.add('delay'); } else col.delay.push(0);
    col.repeat.push(s.repeat ? 1 : 0);
    if (s.repeat) used.add('repeat');
    if (typeof s.detail === 'string') {
      let di = labelIdx.get(s.detail);
      if (di === undefined) { di = labels.length; labels.push(s.detail); labelIdx.set(s.detail, di); }
      col.detail.push(di + 1);
      used.add('detail');
    } else col.detail.push(0);
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
