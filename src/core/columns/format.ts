/**
 * The packed span columns: how spans travel into the view, in the standalone HTML and in the VS
 * Code panel's message alike (one format, one encoder `encode.ts`, one decoder `decode.ts`).
 *
 * Format v3: one LEB128 varint column after another in one byte blob, `layout` says where each
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
 *   file       index in `labels` + 1, 0 = none (`Span.file`: a user file other than `meta.file`)
 *   callerLine, callerCol  value + 1, 0 = none
 * A span's id is its index (the trace format guarantees it), so no id column is needed.
 * The blobs travel gzip'd in the span sections of an .avtrace file (core/avtrace), the file that
 * is also the view's transport (Node zlib on the writing side, the browser's DecompressionStream
 * on the reading side).
 */

/** The version written: 3 added delay, repeat and detail; 4 file, callerLine and callerCol. */
export const COLUMNS_VERSION = 4;
/** The oldest version read: v2 holds the same columns without delay, repeat, detail, file, callerLine and callerCol, v3 without the last three (they read as none). */
export const OLDEST_COLUMNS_VERSION = 2;

/** True for a version of the columns this decoder reads. */
export const readableColumnsVersion = (v: unknown): boolean => typeof v === 'number' && v >= OLDEST_COLUMNS_VERSION && v <= COLUMNS_VERSION && Number.isInteger(v);

/** The columns in blob order. */
export const COLUMN_NAMES = ['start', 'dur', 'lane', 'kind', 'label', 'line', 'col', 'trigger', 'parent', 'call', 'asyncId', 'scheduled', 'open', 'delay', 'repeat', 'detail', 'file', 'callerLine', 'callerCol'] as const;
export type ColumnName = (typeof COLUMN_NAMES)[number];

/** What describes the blob: everything but the bytes. */
export interface ColumnsHeader {
  /** COLUMNS_VERSION when written; a reader takes OLDEST_COLUMNS_VERSION .. COLUMNS_VERSION. */
  v: number;
  /** Number of spans. */
  n: number;
  /** Time unit of the time columns, in ns: 1000 when every time is whole µs, else 1. */
  tick: number;
  /** [column, byteOffset, byteLength] of each column present. */
  layout: [ColumnName, number, number][];
  /** Distinct span labels, details and files; the `label`, `detail` and `file` columns index them. */
  labels: string[];
}

export const zigzag = (v: number): number => (v >= 0 ? 2 * v : -2 * v - 1);
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
