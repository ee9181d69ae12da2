/**
 * Decodes the packed columns (format.ts) into a SpanTable. What a first paint needs is decoded at
 * once; the columns that tooltips, explanations, steps, the waits and the pending strip read
 * (line, col, parent, asyncId, scheduled, delay, repeat, detail, callerLine, callerCol) are decoded on first use. A truncated blob reads as zeros; nothing
 * here throws on odd input.
 */
import { KIND, SPAN_KINDS } from '../span-kinds';
import { unzigzag, type ColumnsHeader } from './format';
import { readVarints } from './varint';
import type { SpanTable } from './table';

type LazyColumn = 'line' | 'col' | 'parent' | 'asyncId' | 'scheduled' | 'delay' | 'detail' | 'repeat' | 'callerLine' | 'callerCol';

class DecodedTable implements SpanTable {
  private lazy: Partial<Record<LazyColumn, Int32Array | Float64Array | Uint8Array>> = {};

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
    private readonly decode: (name: LazyColumn) => Int32Array | Float64Array | Uint8Array,
  ) {}

  get line(): Int32Array { return (this.lazy.line ??= this.decode('line')) as Int32Array; }
  get col(): Int32Array { return (this.lazy.col ??= this.decode('col')) as Int32Array; }
  get parent(): Int32Array { return (this.lazy.parent ??= this.decode('parent')) as Int32Array; }
  get asyncId(): Float64Array { return (this.lazy.asyncId ??= this.decode('asyncId')) as Float64Array; }
  get scheduled(): Float64Array { return (this.lazy.scheduled ??= this.decode('scheduled')) as Float64Array; }
  get delay(): Float64Array { return (this.lazy.delay ??= this.decode('delay')) as Float64Array; }
  get detail(): Int32Array { return (this.lazy.detail ??= this.decode('detail')) as Int32Array; }
  get repeat(): Uint8Array { return (this.lazy.repeat ??= this.decode('repeat')) as Uint8Array; }
  get callerLine(): Int32Array { return (this.lazy.callerLine ??= this.decode('callerLine')) as Int32Array; }
  get callerCol(): Int32Array { return (this.lazy.callerCol ??= this.decode('callerCol')) as Int32Array; }
}

/** The span table of a packed blob (already un-gzip'd). */
export function decodeColumns(h: ColumnsHeader, bytes: Uint8Array): SpanTable {
  const n = Math.max(0, Math.floor(h.n));
  // Division (not multiplication) gives back exactly the recorded decimals.
  const perMs = 1e6 / (typeof h.tick === 'number' && h.tick > 0 ? h.tick : 1);
  const where = new Map(h.layout.map(([name, off, len]) => [name as string, [off, len]]));
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
      out[i] = z < 0 ? -1 : i - unzigzag(z);
    }
    return out;
  };

  const scratch = new Float64Array(n);
  const start = new Float64Array(n), end = new Float64Array(n);
  // Starts in ticks, then in ms (kept in `scratch` for `dur`).
  if (col('start', scratch)) {
    let acc = 0;
    for (let i = 0; i < n; i++) { acc += unzigzag(scratch[i]); scratch[i] = acc; start[i] = acc / perMs; }
    if (col('dur', end)) for (let i = 0; i < n; i++) end[i] = (scratch[i] + end[i]) / perMs;
    else end.set(start);
  }
  const lane = new Uint16Array(n), label = new Uint32Array(n), open = new Uint8Array(n), kind = new Uint8Array(n);
  if (col('kind', scratch)) { for (let i = 0; i < n; i++) kind[i] = scratch[i] < SPAN_KINDS.length ? scratch[i] : KIND.io; } else kind.fill(KIND.io);
  const copy = (name: string, out: Uint16Array | Uint32Array | Uint8Array): void => { if (col(name, scratch)) out.set(scratch); };
  copy('lane', lane);
  copy('label', label);
  copy('open', open);
  const call = plusOne('call', scratch);
  const trigger = relative('trigger', scratch);
  const labels = h.labels.length ? h.labels.map((l) => (typeof l === 'string' ? l : String(l))) : [''];

  const later = (name: LazyColumn): Int32Array | Float64Array | Uint8Array => {
    const tmp = new Float64Array(n);
    if (name === 'line' || name === 'col' || name === 'detail' || name === 'callerLine' || name === 'callerCol') return plusOne(name, tmp);
    if (name === 'repeat') {
      const out = new Uint8Array(n);
      if (col(name, tmp)) out.set(tmp);
      return out;
    }
    if (name === 'delay') {
      const out = new Float64Array(n).fill(NaN);
      if (col(name, tmp)) for (let i = 0; i < n; i++) if (tmp[i] > 0) out[i] = (tmp[i] - 1) / perMs;
      return out;
    }
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
        prev += unzigzag(z);
        out[i] = prev;
      }
    } else {
      // zigzag(start - scheduled) + 1, in ticks; the start's ticks come back exactly from ms.
      for (let i = 0; i < n; i++) {
        const z = v[i] - 1;
        out[i] = z < 0 ? NaN : (Math.round(start[i] * perMs) - unzigzag(z)) / perMs;
      }
    }
    return out;
  };
  return new DecodedTable(n, start, end, lane, kind, label, labels, open, call, trigger, later);
}
