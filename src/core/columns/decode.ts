/**
 * Decodes packed columns (format.ts) into a SpanTable: one blob (`decodeColumns`: the view's
 * payload) or consecutive chunks of one trace's spans (`SpanTableBuilder`: the span sections of an
 * .avtrace file), straight into full-size typed arrays, a block of values at a time (the only
 * scratch is one block, whatever the trace's size). What a first paint needs (start, end, lane,
 * kind, call, open) is decoded at once; the columns that labels, tooltips, explanations, steps,
 * the waits and the pending strip read (label, trigger, line, col, parent, asyncId, scheduled,
 * delay, repeat, detail, file, callerLine, callerCol) on first use, from a copy of just their bytes, or ahead of it a chunk at
 * a time (`warmColumns`: the view's idle moments). A truncated blob reads as zeros; nothing here
 * throws on odd input.
 */
import { KIND, SPAN_KINDS } from '../span-kinds';
import { unzigzag, type ColumnsHeader } from './format';
import { readVarints } from './varint';
import type { SpanTable } from './table';
import { LADDER, NarrowWriter, type FloatColumn, type IntColumn, type Ladder, type NarrowColumn, type UintColumn } from './narrow';

/** Values decoded per step (a scratch this long, reused). */
const BLOCK = 1 << 14;
const scratchA = new Float64Array(BLOCK);
const scratchB = new Float64Array(BLOCK);

const LAZY = ['label', 'trigger', 'line', 'col', 'parent', 'asyncId', 'scheduled', 'delay', 'repeat', 'detail', 'file', 'callerLine', 'callerCol'] as const;
type LazyColumn = (typeof LAZY)[number];

/** Reads one column's varints in blocks. */
class Cursor {
  private p: number;
  /** One byte per value: copied natively. */
  private readonly bytewise: boolean;
  constructor(private readonly bytes: Uint8Array, off: number, len: number, n: number) {
    this.p = off;
    this.bytewise = len === n && off + n <= bytes.length;
  }
  /** The next `count` values, into out[0..count). */
  next(count: number, out: Float64Array): Float64Array {
    if (this.bytewise) out.set(this.bytes.subarray(this.p, this.p + count));
    else { this.p = readVarints(this.bytes, this.p, count, out); return out; }
    this.p += count;
    return out;
  }
}

/** zigzag back to a signed integer (the bit trick while it fits 32 bits). */
const unzz = (z: number): number => (z < 2147483648 ? (z >>> 1) ^ -(z & 1) : unzigzag(z));

/** One chunk as the table keeps it for its lazy columns. */
interface Chunk {
  first: number;
  n: number;
  perMs: number;
  /** The chunk's label index → the table's. */
  labelMap: Uint32Array;
  /** Each lazy column's bytes (a copy), until it is decoded. */
  lazy: Partial<Record<LazyColumn, Uint8Array>>;
}

/** Each lazy column's kind of array (narrow.ts: it starts at the narrowest and widens as its values need). */
const LADDERS: Record<LazyColumn, Ladder> = {
  label: LADDER.uint, trigger: LADDER.int, line: LADDER.int, col: LADDER.int, parent: LADDER.int, asyncId: LADDER.id,
  scheduled: LADDER.time, delay: LADDER.float, repeat: LADDER.uint, detail: LADDER.int, file: LADDER.int, callerLine: LADDER.int, callerCol: LADDER.int,
};

/** A lazy column being decoded a chunk at a time (`warm`): its array and the next chunk to decode. */
interface Decoding {
  out: NarrowWriter;
  next: number;
}

class DecodedTable implements SpanTable {
  private decoded: Partial<Record<LazyColumn, NarrowColumn>> = {};
  private partial: Partial<Record<LazyColumn, Decoding>> = {};

  constructor(
    readonly n: number,
    readonly start: Float64Array,
    readonly end: Float64Array,
    readonly lane: Uint16Array,
    readonly kind: Uint8Array,
    readonly labels: string[],
    readonly open: Uint8Array,
    readonly call: IntColumn,
    private readonly chunks: Chunk[],
  ) {}

  get label(): UintColumn { return this.column('label') as UintColumn; }
  get trigger(): IntColumn { return this.column('trigger') as IntColumn; }
  get line(): IntColumn { return this.column('line') as IntColumn; }
  get col(): IntColumn { return this.column('col') as IntColumn; }
  get parent(): IntColumn { return this.column('parent') as IntColumn; }
  get asyncId(): Int32Array | Float64Array { return this.column('asyncId') as Int32Array | Float64Array; }
  get scheduled(): Float64Array { return this.column('scheduled') as Float64Array; }
  get delay(): FloatColumn { return this.column('delay') as FloatColumn; }
  get repeat(): Uint8Array { return this.column('repeat') as Uint8Array; }
  get detail(): IntColumn { return this.column('detail') as IntColumn; }
  get file(): IntColumn { return this.column('file') as IntColumn; }
  get callerLine(): IntColumn { return this.column('callerLine') as IntColumn; }
  get callerCol(): IntColumn { return this.column('callerCol') as IntColumn; }

  /**
   * Decodes the columns not read yet a chunk at a time while `more()` says there is time (a
   * page's idle moments), so that none has to be decoded whole when first read; true once all are.
   */
  warm(more: () => boolean): boolean {
    for (const name of LAZY) {
      if (this.decoded[name]) continue;
      if (!this.advance(name, more)) return false;
    }
    return true;
  }

  private column(name: LazyColumn): NarrowColumn {
    const hit = this.decoded[name];
    if (hit) return hit;
    this.advance(name, () => true);
    return this.decoded[name]!;
  }

  /** Decodes more chunks of a column while `more()`; true when the column is whole. */
  private advance(name: LazyColumn, more: () => boolean): boolean {
    const n = this.n;
    const p = (this.partial[name] ??= { out: new NarrowWriter(LADDERS[name], n), next: 0 });
    while (p.next < this.chunks.length) {
      if (!more()) return false;
      const c = this.chunks[p.next++];
      const bytes = c.lazy[name];
      delete c.lazy[name];
      decodeLazy(name, bytes, c, p.out, this.start, this.labels.length);
    }
    this.decoded[name] = p.out.out;
    delete this.partial[name];
    return true;
  }
}

/**
 * Decodes a lazy column of one chunk into spans first..first+n of `w`. `noLabel` is an index
 * past the table's labels: what a missing label (an index past the chunk's labels) reads as.
 */
function decodeLazy(name: LazyColumn, bytes: Uint8Array | undefined, c: Chunk, w: NarrowWriter, start: Float64Array, noLabel: number): void {
  const { first: a, n: m, perMs, labelMap } = c;
  if (!bytes) {
    // An absent column holds only defaults (a label column: every span has the chunk's first label).
    const none = name === 'scheduled' || name === 'delay' ? NaN : name === 'repeat' ? 0 : -1;
    w.fill(name === 'label' ? (labelMap.length ? labelMap[0] : noLabel) : none, a, a + m);
    return;
  }
  const cur = new Cursor(bytes, 0, bytes.length, m);
  let prev = 0;
  const out = scratchB;
  for (let b = 0; b < m; b += BLOCK) {
    const count = Math.min(BLOCK, m - b);
    const v = cur.next(count, scratchA);
    const at = a + b;
    // out[k] is span at + k's value (written into the column at the end of the block).
    switch (name) {
      case 'label':
        for (let k = 0; k < count; k++) out[k] = v[k] < labelMap.length ? labelMap[v[k]] : noLabel;
        break;
      case 'line': case 'col': case 'callerLine': case 'callerCol':
        // value + 1, 0 = none.
        for (let k = 0; k < count; k++) out[k] = v[k] - 1;
        break;
      case 'trigger': case 'parent':
        // zigzag(index - span id) + 1, 0 = none.
        for (let k = 0; k < count; k++) out[k] = v[k] === 0 ? -1 : at + k - unzz(v[k] - 1);
        break;
      case 'asyncId':
        // zigzag(asyncId - previous asyncId) + 1, 0 = none.
        for (let k = 0; k < count; k++) {
          if (v[k] === 0) { out[k] = -1; continue; }
          prev += unzz(v[k] - 1);
          out[k] = prev;
        }
        break;
      case 'detail': case 'file':
        // index in `labels` + 1, 0 = none (a missing label reads as none).
        for (let k = 0; k < count; k++) out[k] = v[k] === 0 || v[k] > labelMap.length ? -1 : labelMap[v[k] - 1];
        break;
      case 'delay':
        // ticks + 1, 0 = none.
        for (let k = 0; k < count; k++) out[k] = v[k] === 0 ? NaN : (v[k] - 1) / perMs;
        break;
      case 'repeat':
        for (let k = 0; k < count; k++) out[k] = v[k] ? 1 : 0;
        break;
      case 'scheduled':
        // zigzag(start - scheduled) + 1, in ticks; the start's ticks come back exactly from ms.
        for (let k = 0; k < count; k++) out[k] = v[k] === 0 ? NaN : (Math.round(start[at + k] * perMs) - unzz(v[k] - 1)) / perMs;
        break;
    }
    w.put(at, out, count);
  }
}

/** Builds one span table from consecutive chunks of packed columns (or one blob: a single chunk). */
export class SpanTableBuilder {
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  private readonly lane: Uint16Array;
  private readonly kind: Uint8Array;
  private readonly open: Uint8Array;
  private readonly call: NarrowWriter;
  private readonly labels: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private readonly chunks: Chunk[] = [];

  constructor(readonly n: number) {
    this.start = new Float64Array(n);
    this.end = new Float64Array(n);
    this.lane = new Uint16Array(n);
    this.kind = new Uint8Array(n).fill(KIND.io);
    this.open = new Uint8Array(n);
    this.call = new NarrowWriter(LADDER.int, n);
    this.call.fill(-1, 0, n);
  }

  /** Decodes the spans first .. first + h.n - 1 (clipped to the table) from a chunk's (un-gzip'd) bytes. */
  add(h: ColumnsHeader, bytes: Uint8Array, first = 0): this {
    const a = Math.max(0, Math.floor(first));
    const m = Math.max(0, Math.min(Math.floor(h.n), this.n - a));
    if (!(m > 0)) return this;
    // Division (not multiplication) gives back exactly the recorded decimals.
    const perMs = 1e6 / (typeof h.tick === 'number' && h.tick > 0 ? h.tick : 1);
    const where = new Map<string, [number, number]>();
    for (const [name, off, len] of h.layout) if (typeof off === 'number' && off >= 0 && typeof len === 'number' && len >= 0) where.set(name, [off, len]);
    const cursor = (name: string): Cursor | undefined => {
      const w = where.get(name);
      return w && new Cursor(bytes, w[0], w[1], m);
    };
    const { start, end, lane, kind, open, call } = this;
    const sc = cursor('start'), dc = cursor('dur'), lc = cursor('lane'), kc = cursor('kind'), oc = cursor('open'), cc = cursor('call');
    let acc = 0;
    for (let b = 0; b < m; b += BLOCK) {
      const count = Math.min(BLOCK, m - b);
      const at = a + b;
      if (sc) {
        // Starts: zigzag deltas in ticks; ends: start + duration.
        const s = sc.next(count, scratchA);
        const d = dc ? dc.next(count, scratchB) : undefined;
        for (let k = 0; k < count; k++) {
          const z = s[k];
          acc += z < 2147483648 ? (z >>> 1) ^ -(z & 1) : unzigzag(z);
          start[at + k] = acc / perMs;
          end[at + k] = d ? (acc + d[k]) / perMs : acc / perMs;
        }
      }
      if (lc) lane.set(lc.next(count, scratchA).subarray(0, count), at);
      if (kc) {
        const v = kc.next(count, scratchA);
        for (let k = 0; k < count; k++) kind[at + k] = v[k] < SPAN_KINDS.length ? v[k] : KIND.io;
      }
      if (oc) open.set(oc.next(count, scratchA).subarray(0, count), at);
      if (cc) {
        const v = cc.next(count, scratchA);
        for (let k = 0; k < count; k++) scratchB[k] = v[k] - 1;
        call.put(at, scratchB, count);
      }
    }
    const chunkLabels = Array.isArray(h.labels) ? h.labels : [];
    const labelMap = new Uint32Array(chunkLabels.length);
    chunkLabels.forEach((l, i) => {
      const text = typeof l === 'string' ? l : String(l);
      let g = this.labelIndex.get(text);
      if (g === undefined) { g = this.labels.length; this.labels.push(text); this.labelIndex.set(text, g); }
      labelMap[i] = g;
    });
    const lazy: Chunk['lazy'] = {};
    for (const name of LAZY) {
      const w = where.get(name);
      if (w) lazy[name] = bytes.slice(w[0], w[0] + w[1]);
    }
    this.chunks.push({ first: a, n: m, perMs, labelMap, lazy });
    return this;
  }

  /** The table (call once, after the last chunk). */
  table(): SpanTable {
    if (!this.labels.length) this.labels.push('');
    return new DecodedTable(this.n, this.start, this.end, this.lane, this.kind, this.labels, this.open, this.call.out as IntColumn, this.chunks);
  }
}

/** The span table of one packed blob (already un-gzip'd). */
export function decodeColumns(h: ColumnsHeader, bytes: Uint8Array): SpanTable {
  return new SpanTableBuilder(Math.max(0, Math.floor(Number(h.n)) || 0)).add(h, bytes, 0).table();
}

/** Decodes a table's columns not read yet, a chunk at a time while `more()`; true once none is left (any table: one not decoded from columns has none). */
export function warmColumns(t: SpanTable, more: () => boolean): boolean {
  return t instanceof DecodedTable ? t.warm(more) : true;
}
