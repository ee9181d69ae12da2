/**
 * Spans as columns of typed arrays (one array per field), never one object per span: a million
 * spans cost a few typed arrays instead of a million objects, and the analyses and the view read
 * them in tight loops. A `ColumnarTrace` is a trace whose spans are held this way; `columnar`
 * makes one from a plain trace, `spanAt` makes a Span object back for the few spans a tooltip,
 * a panel or the CLI shows. A span's index in the columns is its id (the trace format says so).
 */
import type { Span, Trace } from '../trace';
import { kindCode, kindOf } from '../span-kinds';
import type { FloatColumn, IntColumn, UintColumn } from './narrow';

export interface SpanTable {
  /** Number of spans. */
  n: number;
  /** Start and end, ms since run start. */
  start: Float64Array;
  end: Float64Array;
  lane: Uint16Array;
  /** Kind code (span-kinds.ts KIND). */
  kind: Uint8Array;
  /** 1-based line and column; -1 = none. */
  line: IntColumn;
  col: IntColumn;
  /** Span id (= index) of the cause; -1 = none. */
  trigger: IntColumn;
  /** Span id of the span it ran inside; -1 = none. */
  parent: IntColumn;
  /** AsyncCall id; -1 = none. */
  call: IntColumn;
  /** Node's async id; -1 = none. */
  asyncId: Int32Array | Float64Array;
  /** When its resource was created, ms; NaN = not recorded. */
  scheduled: Float64Array;
  /** 1 = the span never ended in the recording. */
  open: Uint8Array;
  /** A timer's delay, ms; NaN = none. */
  delay: FloatColumn;
  /** 1 = a setInterval. */
  repeat: Uint8Array;
  /** Index into `labels` of what the operation is (`Span.detail`); -1 = none. */
  detail: IntColumn;
  /** Index into `labels` of the user's file the line is in (`Span.file`); -1 = none (`meta.file`). */
  file: IntColumn;
  /** `Span.callerLine` and `callerCol`; -1 = none. */
  callerLine: IntColumn;
  callerCol: IntColumn;
  /** Index into `labels` (one past them: no label). */
  label: UintColumn;
  /** Distinct labels (and details, and files). */
  labels: string[];
}

/** A trace whose spans are columns: what the analyses read (and what the view holds). */
export type ColumnarTrace = Omit<Trace, 'spans'> & { spans: SpanTable };

const numOr = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** Columns of `n` spans, every value at its default (none, 0). */
export function emptyTable(n: number): SpanTable {
  return {
    n, start: new Float64Array(n), end: new Float64Array(n), lane: new Uint16Array(n), kind: new Uint8Array(n),
    line: new Int32Array(n).fill(-1), col: new Int32Array(n).fill(-1), trigger: new Int32Array(n).fill(-1),
    parent: new Int32Array(n).fill(-1), call: new Int32Array(n).fill(-1), asyncId: new Float64Array(n).fill(-1),
    scheduled: new Float64Array(n).fill(NaN), open: new Uint8Array(n), label: new Uint32Array(n), labels: [''],
    delay: new Float64Array(n).fill(NaN), repeat: new Uint8Array(n), detail: new Int32Array(n).fill(-1), file: new Int32Array(n).fill(-1),
    callerLine: new Int32Array(n).fill(-1), callerCol: new Int32Array(n).fill(-1),
  };
}

/** Columns from span objects (fields of the wrong type read as absent). */
export function tableFromSpans(spans: Span[]): SpanTable {
  const n = spans.length;
  const t = emptyTable(n);
  t.labels = [];
  const labelIdx = new Map<string, number>();
  const indexOf = (text: string): number => {
    let li = labelIdx.get(text);
    if (li === undefined) { li = t.labels.length; t.labels.push(text); labelIdx.set(text, li); }
    return li;
  };
  for (let i = 0; i < n; i++) {
    const s = spans[i];
    t.start[i] = numOr(s.start, 0);
    t.end[i] = Math.max(t.start[i], numOr(s.end, 0));
    t.lane[i] = Math.max(0, numOr(s.lane, 0));
    t.kind[i] = kindCode(s.kind);
    t.line[i] = numOr(s.line, -1);
    t.col[i] = numOr(s.col, -1);
    t.callerLine[i] = numOr(s.callerLine, -1);
    t.callerCol[i] = numOr(s.callerCol, -1);
    t.trigger[i] = numOr(s.trigger, -1);
    t.parent[i] = numOr(s.parent, -1);
    t.call[i] = numOr(s.call, -1);
    t.asyncId[i] = numOr(s.asyncId, -1);
    t.scheduled[i] = numOr(s.scheduled, NaN);
    t.open[i] = s.open ? 1 : 0;
    t.label[i] = indexOf(typeof s.label === 'string' ? s.label : '');
    t.delay[i] = numOr(s.delay, NaN);
    t.repeat[i] = s.repeat ? 1 : 0;
    if (typeof s.detail === 'string') t.detail[i] = indexOf(s.detail);
    if (typeof s.file === 'string') t.file[i] = indexOf(s.file);
  }
  if (!t.labels.length) t.labels.push('');
  return t;
}

const converted = new WeakMap<Trace, ColumnarTrace>();

/** The trace with its spans as columns (a plain trace is converted once and the result kept). */
export function columnar(trace: Trace | ColumnarTrace): ColumnarTrace {
  if (!Array.isArray(trace.spans)) return trace as ColumnarTrace;
  const plain = trace as Trace;
  let c = converted.get(plain);
  if (!c) converted.set(plain, (c = { ...plain, spans: tableFromSpans(plain.spans) }));
  return c;
}

/** The span at index i as an object (made on demand). */
export function spanAt(t: SpanTable, i: number): Span | undefined {
  if (!(i >= 0 && i < t.n)) return undefined;
  const s: Span = { id: i, lane: t.lane[i], kind: kindOf(t.kind[i]), start: t.start[i], end: t.end[i], label: t.labels[t.label[i]] ?? '' };
  if (t.line[i] >= 0) s.line = t.line[i];
  if (t.col[i] >= 0) s.col = t.col[i];
  if (t.trigger[i] >= 0) s.trigger = t.trigger[i];
  if (t.parent[i] >= 0) s.parent = t.parent[i];
  if (t.call[i] >= 0) s.call = t.call[i];
  if (t.asyncId[i] >= 0) s.asyncId = t.asyncId[i];
  if (!Number.isNaN(t.scheduled[i])) s.scheduled = t.scheduled[i];
  if (t.open[i]) s.open = true;
  if (!Number.isNaN(t.delay[i])) s.delay = t.delay[i];
  if (t.repeat[i]) s.repeat = true;
  if (t.detail[i] >= 0) s.detail = t.labels[t.detail[i]] ?? '';
  if (t.file[i] >= 0) s.file = t.labels[t.file[i]] ?? '';
  if (t.callerLine[i] >= 0) s.callerLine = t.callerLine[i];
  if (t.callerCol[i] >= 0) s.callerCol = t.callerCol[i];
  return s;
}

/** The label of span i. */
export const labelAt = (t: SpanTable, i: number): string => t.labels[t.label[i]] ?? '';

/** The spans that span i triggered (its effects: their `trigger` is i), in order. */
export function triggeredBy(t: SpanTable, i: number): number[] {
  const out: number[] = [];
  const tr = t.trigger;
  for (let j = 0; j < t.n; j++) if (tr[j] === i) out.push(j);
  return out;
}

/** A span reference (trigger, parent) as an index, or -1 when absent or out of range. */
export const refAt = (t: SpanTable, ref: number): number => (ref >= 0 && ref < t.n ? ref : -1);

/** Every file the trace's lines are in: `meta.file`, the files of its spans and async calls, and of its blocked stretches' stacks. */
export function filesOf(trace: Trace | ColumnarTrace): Set<string> {
  const t = columnar(trace).spans;
  const out = new Set<string>([trace.meta.file]);
  for (let i = 0; i < t.n; i++) if (t.file[i] >= 0) out.add(t.labels[t.file[i]] ?? '');
  for (const c of trace.asyncCalls) if (typeof c.file === 'string') out.add(c.file);
  for (const b of trace.blocked) for (const f of b.stack ?? []) if (typeof f.file === 'string') out.add(f.file);
  return out;
}
