/**
 * Spans as columns of typed arrays, never one object per span. A plain Trace (VS Code's `show`
 * message) is converted once and its span objects are let go; the standalone HTML carries the
 * columns themselves (`spanColumns`, written by src/run/html.ts `packSpans`: one gzip'd, base64
 * blob) so a million spans load without a million objects being parsed. A Span object is made
 * only for the few spans a tooltip or panel shows (`spanAt`).
 *
 * Blob format v2: one LEB128 varint column after another, `layout` says where each starts.
 * Times are whole ticks of `tick` ns (1000 when every time is whole µs, as recorded; else 1).
 * Columns (absent = every value is the default):
 *   start      zigzag(start - previous span's start)
 *   dur        end - start
 *   lane, kind, label   values (kind: index in SPAN_KINDS; label: index in `labels`)
 *   line, col, call      value + 1, 0 = none
 *   asyncId    zigzag(asyncId - previous span's asyncId) + 1, 0 = none
 *   trigger, parent      zigzag(index - span id) + 1, 0 = none
 *   scheduled  zigzag(start - scheduled) + 1, 0 = none
 *   ids        zigzag(id - index) (only when ids are not 0..n-1)
 *   open       1 = open
 */
import type { Span, SpanKind } from '../src/core/trace';

export const SPAN_KINDS: SpanKind[] = ['script', 'nextTick', 'microtask', 'timer', 'immediate', 'io', 'await'];

export interface SpanTable {
  n: number;
  /** ms since run start. */
  start: Float64Array;
  end: Float64Array;
  lane: Uint16Array;
  /** Index in SPAN_KINDS (= the kind codes of model.ts). */
  kind: Uint8Array;
  /** -1 = none for the Int32 columns. */
  line: Int32Array;
  col: Int32Array;
  /** Span id of the trigger (not index). */
  trigger: Int32Array;
  /** Span id of the span it ran inside. */
  parent: Int32Array;
  call: Int32Array;
  /** Node's async id; -1 = none. */
  asyncId: Float64Array;
  /** When its resource was created (ms); NaN = not recorded. */
  scheduled: Float64Array;
  open: Uint8Array;
  /** Index into `labels`. */
  label: Uint32Array;
  labels: string[];
  /** Span ids, when they are not 0..n-1. */
  ids: Int32Array | null;
}

/** The standalone HTML's span columns (format v2, written by src/run/html.ts `packSpans`). */
export interface SpanColumns {
  v: 2;
  n: number;
  /** Time unit of the time columns in ns (1000 = µs); absent = 1. */
  tick?: number;
  gzip: boolean;
  data: string;
  /** [column, byteOffset, byteLength] of each varint column in the blob. */
  layout: [string, number, number][];
  labels: string[];
}

const kindCode = new Map<string, number>(SPAN_KINDS.map((k, i) => [k, i]));
const numOr = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

function emptyTable(n: number): SpanTable {
  return {
    n, start: new Float64Array(n), end: new Float64Array(n), lane: new Uint16Array(n), kind: new Uint8Array(n),
    line: new Int32Array(n).fill(-1), col: new Int32Array(n).fill(-1), trigger: new Int32Array(n).fill(-1),
    parent: new Int32Array(n).fill(-1), call: new Int32Array(n).fill(-1), asyncId: new Float64Array(n).fill(-1),
    scheduled: new Float64Array(n).fill(NaN), open: new Uint8Array(n), label: new Uint32Array(n), labels: [''], ids: null,
  };
}

/** Columns from span objects (the trace VS Code sends); the objects are not kept. */
export function tableFromSpans(spans: Span[]): SpanTable {
  const n = spans.length;
  const t = emptyTable(n);
  t.labels = [];
  const labelIdx = new Map<string, number>();
  let identity = true;
  for (let i = 0; i < n; i++) {
    const s = spans[i];
    t.start[i] = numOr(s.start, 0);
    t.end[i] = Math.max(t.start[i], numOr(s.end, 0));
    t.lane[i] = numOr(s.lane, 0);
    t.kind[i] = kindCode.get(s.kind) ?? 5;
    t.line[i] = numOr(s.line, -1);
    t.col[i] = numOr(s.col, -1);
    t.trigger[i] = numOr(s.trigger, -1);
    t.parent[i] = numOr(s.parent, -1);
    t.call[i] = numOr(s.call, -1);
    t.asyncId[i] = numOr(s.asyncId, -1);
    t.scheduled[i] = numOr(s.scheduled, NaN);
    t.open[i] = s.open ? 1 : 0;
    const lbl = typeof s.label === 'string' ? s.label : '';
    let li = labelIdx.get(lbl);
    if (li === undefined) { li = t.labels.length; t.labels.push(lbl); labelIdx.set(lbl, li); }
    t.label[i] = li;
    if (s.id !== i) identity = false;
  }
  if (!identity) t.ids = Int32Array.from(spans, (s) => numOr(s.id, -1));
  if (!t.labels.length) t.labels.push('');
  return t;
}

function base64Bytes(s: string): Uint8Array {
  const from = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (from) return from(s);
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Decodes n LEB128 varints from bytes[off] into out (one typed-array type: stays fast); a truncated blob reads as zeros. */
function readVarints(bytes: Uint8Array, off: number, n: number, out: Float64Array): void {
  let p = off;
  const len = bytes.length;
  for (let i = 0; i < n; i++) {
    let b = p < len ? bytes[p++] : 0;
    if (b < 0x80) { out[i] = b; continue; }
    let v = b & 0x7f, mul = 128;
    do { b = p < len ? bytes[p++] : 0; v += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
    out[i] = v;
  }
}


/**
 * The decoded columns. What the first paint needs is decoded at once; the columns only tooltips,
 * explanations and step mode read (line, col, parent, asyncId, scheduled) on first use.
 */
class DecodedTable implements SpanTable {
  private lazy: Partial<Record<'line' | 'col' | 'parent' | 'asyncId' | 'scheduled', Int32Array | Float64Array>> = {};

  constructor(
    readonly n: number,
    readonly start: Float64Array,
    readonly end: Float64Array,
    readonly lane: Uint16Array,
    readonly kind: Uint8Array,
    readonly label: Uint32Array,
    readonly labels: string[],
    readonly open: Uint8Array,
    readonly call: Int32Array,
    readonly trigger: Int32Array,
    readonly ids: Int32Array | null,
    private readonly decode: (name: 'line' | 'col' | 'parent' | 'asyncId' | 'scheduled') => Int32Array | Float64Array,
  ) {}

  get line(): Int32Array { return (this.lazy.line ??= this.decode('line')) as Int32Array; }
  get col(): Int32Array { return (this.lazy.col ??= this.decode('col')) as Int32Array; }
  get parent(): Int32Array { return (this.lazy.parent ??= this.decode('parent')) as Int32Array; }
  get asyncId(): Float64Array { return (this.lazy.asyncId ??= this.decode('asyncId')) as Float64Array; }
  get scheduled(): Float64Array { return (this.lazy.scheduled ??= this.decode('scheduled')) as Float64Array; }
}

/** Decodes the standalone HTML's span columns. */
export async function tableFromColumns(c: SpanColumns): Promise<SpanTable> {
  const raw = base64Bytes(c.data);
  const bytes = c.gzip ? await gunzip(raw) : raw;
  const n = Math.max(0, Math.floor(c.n));
  // Division (not multiplication) gives back exactly the recorded decimals.
  const perMs = 1e6 / (typeof c.tick === 'number' && c.tick > 0 ? c.tick : 1);
  const where = new Map(c.layout.map(([name, off, len]) => [name, [off, len]]));
  /**
   * A column's raw values (always in a Float64Array, so every loop below sees one array type),
   * or undefined when it is absent. A column of n bytes holds only one-byte values: a native copy.
   */
  const col = (name: string, out: Float64Array): Float64Array | undefined => {
    const [off, len] = where.get(name) ?? [];
    if (typeof off !== 'number' || off < 0) return undefined;
    if (len === n && off + n <= bytes.length) out.set(bytes.subarray(off, off + n));
    else readVarints(bytes, off, n, out);
    return out;
  };
  /** value + 1 columns (0 = none → -1). */
  const plusOne = (name: string, tmp: Float64Array): Int32Array => {
    const v = col(name, tmp);
    const out = new Int32Array(n);
    if (!v) return out.fill(-1);
    for (let i = 0; i < n; i++) out[i] = v[i] - 1;
    return out;
  };
  /** Span-id columns: zigzag(index - id) + 1, 0 = none. */
  const relative = (name: string, tmp: Float64Array): Int32Array => {
    const v = col(name, tmp);
    const out = new Int32Array(n);
    if (!v) return out.fill(-1);
    for (let i = 0; i < n; i++) {
      const z = v[i] - 1;
      out[i] = z < 0 ? -1 : i - (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    }
    return out;
  };

  const scratch = new Float64Array(n);
  const start = new Float64Array(n), end = new Float64Array(n);
  // Starts in ticks, then in ms (kept in `scratch` for `dur`).
  if (col('start', scratch)) {
    let acc = 0;
    for (let i = 0; i < n; i++) { const z = scratch[i]; acc += z % 2 === 0 ? z / 2 : -(z + 1) / 2; scratch[i] = acc; start[i] = acc / perMs; }
    if (col('dur', end)) for (let i = 0; i < n; i++) end[i] = (scratch[i] + end[i]) / perMs;
    else end.set(start);
  }
  const lane = new Uint16Array(n), label = new Uint32Array(n), open = new Uint8Array(n), kind = new Uint8Array(n);
  if (col('kind', scratch)) { for (let i = 0; i < n; i++) kind[i] = scratch[i] < SPAN_KINDS.length ? scratch[i] : 5; } else kind.fill(5);
  const copy = (name: string, out: Uint16Array | Uint32Array | Uint8Array): void => { if (col(name, scratch)) out.set(scratch); };
  copy('lane', lane);
  copy('label', label);
  copy('open', open);
  const call = plusOne('call', scratch);
  const trigger = relative('trigger', scratch);
  let ids: Int32Array | null = null;
  if (col('ids', scratch)) { ids = new Int32Array(n); for (let i = 0; i < n; i++) { const z = scratch[i]; ids[i] = i + (z % 2 === 0 ? z / 2 : -(z + 1) / 2); } }
  const labels = c.labels.length ? c.labels.map((l) => (typeof l === 'string' ? l : String(l))) : [''];

  const later = (name: 'line' | 'col' | 'parent' | 'asyncId' | 'scheduled'): Int32Array | Float64Array => {
    const tmp = new Float64Array(n);
    if (name === 'line' || name === 'col') return plusOne(name, tmp);
    if (name === 'parent') return relative(name, tmp);
    const out = new Float64Array(n);
    const v = col(name, tmp);
    if (!v) return out.fill(name === 'asyncId' ? -1 : NaN);
    if (name === 'asyncId') {
      // zigzag(asyncId - previous asyncId) + 1.
      let prev = 0;
      for (let i = 0; i < n; i++) {
        const z = v[i] - 1;
        if (z < 0) { out[i] = -1; continue; }
        prev += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
        out[i] = prev;
      }
    } else {
      // zigzag(start - scheduled) + 1, in ticks; the start's ticks come back exactly from ms.
      for (let i = 0; i < n; i++) {
        const z = v[i] - 1;
        out[i] = z < 0 ? NaN : (Math.round(start[i] * perMs) - (z % 2 === 0 ? z / 2 : -(z + 1) / 2)) / perMs;
      }
    }
    return out;
  };
  return new DecodedTable(n, start, end, lane, kind, label, labels, open, call, trigger, ids, later);
}

/** The span at index i as an object (made on demand: for tooltips and panels). */
export function spanAt(t: SpanTable, i: number): Span | undefined {
  if (!(i >= 0 && i < t.n)) return undefined;
  const s: Span = { id: t.ids ? t.ids[i] : i, lane: t.lane[i], kind: SPAN_KINDS[t.kind[i]] ?? 'io', start: t.start[i], end: t.end[i], label: t.labels[t.label[i]] ?? '' };
  if (t.line[i] >= 0) s.line = t.line[i];
  if (t.col[i] >= 0) s.col = t.col[i];
  if (t.trigger[i] >= 0) s.trigger = t.trigger[i];
  if (t.parent[i] >= 0) s.parent = t.parent[i];
  if (t.call[i] >= 0) s.call = t.call[i];
  if (t.asyncId[i] >= 0) s.asyncId = t.asyncId[i];
  if (!Number.isNaN(t.scheduled[i])) s.scheduled = t.scheduled[i];
  if (t.open[i]) s.open = true;
  return s;
}

/** The span id at index i. */
export function idAt(t: SpanTable, i: number): number {
  return t.ids ? t.ids[i] : i;
}
