/**
 * The packed span columns: how spans travel into the view, in the standalone HTML and in the VS
 * Code panel's message alike (one format, one encoder `encode.ts`, one decoder `decode.ts`).
 *
 * Format v2: one LEB128 varint column after another in one byte blob, `layout` says where each
 * starts. Times are whole ticks of `tick` ns (1000 when every time is whole µs, as recorded; else
 * 1). Columns (absent = every value is the default):
 *   start      zigzag(start - previous span's start)
 *   dur        end - start
 *   lane, kind, label   values (kind: span-kinds.ts code; label: index in `labels`)
 *   line, col, call      value + 1, 0 = none
 *   asyncId    zigzag(asyncId - previous span's asyncId) + 1, 0 = none
 *   trigger, parent      zigzag(index - span id) + 1, 0 = none
 *   scheduled  zigzag(start - scheduled) + 1, 0 = none
 *   open       1 = open
 *   delay      delay in ticks + 1, 0 = none (timers)
 *   repeat     1 = a setInterval
 *   detail     index in `labels` + 1, 0 = none
 *   callerLine, callerCol  value + 1, 0 = none
 * A span's id is its index (the trace format guarantees it), so no id column is needed.
 * The blob travels gzip'd and base64'd in `data` (the transport: Node zlib on the writing side,
 * the browser's DecompressionStream on the reading side).
 */

export const COLUMNS_VERSION = 2;

/** The columns in blob order. */
export const COLUMN_NAMES = ['start', 'dur', 'lane', 'kind', 'label', 'line', 'col', 'trigger', 'parent', 'call', 'asyncId', 'scheduled', 'open', 'delay', 'repeat', 'detail', 'callerLine', 'callerCol'] as const;
export type ColumnName = (typeof COLUMN_NAMES)[number];

/** What describes the blob: everything but the bytes. */
export interface ColumnsHeader {
  v: typeof COLUMNS_VERSION;
  /** Number of spans. */
  n: number;
  /** Time unit of the time columns, in ns: 1000 when every time is whole µs, else 1. */
  tick: number;
  /** [column, byteOffset, byteLength] of each column present. */
  layout: [ColumnName, number, number][];
  /** Distinct span labels; the `label` column indexes them. */
  labels: string[];
}

/** The packed columns as they travel: the header and the blob (gzip'd when `gzip`), base64. */
export interface PackedSpans extends ColumnsHeader {
  gzip: boolean;
  data: string;
}

export const zigzag = (v: number): number => (v >= 0 ? 2 * v : -2 * v - 1);
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** A structural check of packed columns from untrusted input (the embedded page, a message). */
export function isPackedSpans(v: unknown): v is PackedSpans {
  const c = v as PackedSpans;
  return (
    typeof c === 'object' && c !== null && c.v === COLUMNS_VERSION && typeof c.n === 'number' && Number.isFinite(c.n) && c.n >= 0 &&
    typeof c.tick === 'number' && typeof c.gzip === 'boolean' && typeof c.data === 'string' && Array.isArray(c.labels) &&
    Array.isArray(c.layout) && c.layout.every((e) => Array.isArray(e) && e.length === 3 && (COLUMN_NAMES as readonly string[]).includes(e[0]) && typeof e[1] === 'number' && typeof e[2] === 'number')
  );
}
