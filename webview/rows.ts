/**
 * The rows the timeline draws: one horizontal strip each (a lane, an async call, a wait or a
 * group of waits, the pending strip, the console marks). A row does not copy its items' times: it
 * holds indices into columns that already exist (a lane row's items are its spans, `at` into the
 * span columns; a wait row's, its waits, into the wait table's), sorted by start, and a running
 * maximum of their ends sampled once per block of items. Only an async call's row, whose running
 * pieces are no span, has columns of its own. Layout only: what goes in them is model.ts's and
 * wait-rows.ts's; how they are read, the helpers below.
 */
import { SPAN_KINDS } from '../src/core/span-kinds';

/** What a row item can be (its code is its index in `ItemColumns.kind`): a span kind, or a running piece of an async call. */
export const ITEM_KINDS = [...SPAN_KINDS, 'running'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
/** The item code of a running piece of an async call (after the span kinds' codes). */
export const RUNNING = SPAN_KINDS.length;

export type RowType = 'header' | 'lane' | 'call' | 'wait' | 'concurrency' | 'console';

/** Columns a row's items are read from (the span columns, the wait table's, or a call row's own). */
export interface ItemColumns {
  start: Float64Array;
  end: Float64Array;
  /** Item code (ITEM_KINDS index). */
  kind: Uint8Array;
}

/** Items per sample of the running maximum of ends (`Row.maxEnd`). */
export const MAX_END_BLOCK = 16;

/** One horizontal row on the canvas. Items are sorted by start. */
export interface Row {
  type: RowType;
  /** Text in the label column (from the user's program: always set with textContent / fillText). */
  label: string;
  /** Which trace (0 = main, 1 = compared). */
  trace: number;
  lane: number;
  /** AsyncCall.id for a call row. */
  call?: number;
  /** Source line for a call row. */
  line?: number;
  /** Top y in CSS pixels (set by layout), and height. */
  y: number;
  height: number;
  /** Nesting depth for the label indent. */
  depth: number;
  /** Number of items. */
  n: number;
  /** Where the items' starts, ends and kinds are. */
  cols: ItemColumns;
  /** Item i is entry at[i] of `cols` (items in start order). */
  at: Int32Array;
  /**
   * What entry at[i] stands for: a span index, or -1 (a running piece of a call); absent when it
   * is the entry itself (a lane row's span index, a wait row's wait index, core/waits.ts).
   */
  refs?: Int32Array;
  /**
   * The running maximum of the items' ends through the last item of each block of MAX_END_BLOCK
   * items: monotone, so a binary search finds the first item that reaches a time even when items
   * overlap (`firstReaching`), at a sixteenth of the memory of one value per item.
   */
  maxEnd: Float64Array;
  /** Wait rows: the group (WaitGroup.id) the row shows. */
  group?: number;
  /** Wait rows: true for a group's folded row (its count and density band). */
  folded?: boolean;
  /** A folded row that can be opened or closed (its label is a button). */
  toggle?: 'open' | 'closed';
}

const NO_COLS: ItemColumns = { start: new Float64Array(0), end: new Float64Array(0), kind: new Uint8Array(0) };

/** A row of the entries `at` of `cols` (sorted by start here if they are not); `refs` as Row.refs. */
export function makeRow(type: RowType, label: string, trace: number, lane: number, height: number, depth: number, cols: ItemColumns = NO_COLS, at: Int32Array = new Int32Array(0), refs?: Int32Array): Row {
  const r: Row = { type, label, trace, lane, y: 0, height, depth, n: at.length, cols, at, maxEnd: new Float64Array(0) };
  if (refs) r.refs = refs;
  return finishRow(r);
}

/** A row with `n` items of its own (a call row): fill r.cols and r.refs by item, then `finishRow`. */
export function ownRow(type: RowType, label: string, trace: number, lane: number, n: number, height: number, depth: number): Row {
  const cols = { start: new Float64Array(n), end: new Float64Array(n), kind: new Uint8Array(n) };
  return { type, label, trace, lane, y: 0, height, depth, n, cols, at: Int32Array.from({ length: n }, (_, i) => i), refs: new Int32Array(n), maxEnd: new Float64Array(0) };
}

/** Puts `at` in start order (only when it is not already) and samples the running maximum of ends. */
export function finishRow(r: Row): Row {
  const { at, cols: { start, end } } = r;
  let sorted = true;
  for (let i = 1; i < r.n; i++) if (start[at[i]] < start[at[i - 1]]) { sorted = false; break; }
  if (!sorted) at.sort((a, b) => start[a] - start[b] || a - b);
  const blocks = Math.ceil(r.n / MAX_END_BLOCK);
  const m = (r.maxEnd = new Float64Array(blocks));
  let run = -Infinity;
  for (let i = 0; i < r.n; i++) {
    const e = end[at[i]];
    if (e > run) run = e;
    if (i % MAX_END_BLOCK === MAX_END_BLOCK - 1 || i === r.n - 1) m[(i / MAX_END_BLOCK) | 0] = run;
  }
  return r;
}

export const itemStart = (r: Row, i: number): number => r.cols.start[r.at[i]];
export const itemEnd = (r: Row, i: number): number => r.cols.end[r.at[i]];
export const itemKind = (r: Row, i: number): number => r.cols.kind[r.at[i]];
/** What item i stands for (Row.refs). */
export const itemRef = (r: Row, i: number): number => (r.refs ? r.refs[r.at[i]] : r.at[i]);

/** First item in [lo, hi) whose start is ≥ t (hi when none). */
export function startAtOrAfter(r: Row, t: number, lo = 0, hi = r.n): number {
  const { at, cols: { start } } = r;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (start[at[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The same from an item `from` onwards, when the answer is likely near it (the next pixel's first
 * item): a galloping search, whose probes stay close to `from` and so in the cache.
 */
export function nextStartAtOrAfter(r: Row, t: number, from: number, hi: number): number {
  const { at, cols: { start } } = r;
  let lo = from, step = 1;
  while (lo + step < hi && start[at[lo + step]] < t) { lo += step; step *= 2; }
  return startAtOrAfter(r, t, lo, Math.min(hi, lo + step));
}

/** First item in [lo, hi) whose start is > t (hi when none). */
export function startAfter(r: Row, t: number, lo = 0, hi = r.n): number {
  const { at, cols: { start } } = r;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (start[at[mid]] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The running maximum of the ends of items 0..i. */
export function maxEndThrough(r: Row, i: number): number {
  const { at, cols: { end } } = r;
  const b = (i / MAX_END_BLOCK) | 0;
  let m = b > 0 ? r.maxEnd[b - 1] : -Infinity;
  for (let j = b * MAX_END_BLOCK; j <= i; j++) if (end[at[j]] > m) m = end[at[j]];
  return m;
}

/** First item in [lo, hi) such that it or an item before it ends at or after t (hi when none): where items that reach t begin. */
export function firstReaching(r: Row, t: number, lo = 0, hi = r.n): number {
  const M = r.maxEnd;
  let a = 0, b = M.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (M[mid] < t) a = mid + 1;
    else b = mid;
  }
  let j = r.n;
  if (a < M.length) {
    const { at, cols: { end } } = r;
    let m = a > 0 ? M[a - 1] : -Infinity;
    for (j = a * MAX_END_BLOCK; j < r.n; j++) {
      if (end[at[j]] > m) m = end[at[j]];
      if (m >= t) break;
    }
  }
  return j < lo ? lo : j > hi ? hi : j;
}

/** The running maximum of all of a row's ends (-Infinity for no items). */
export const rowEnd = (r: Row): number => (r.maxEnd.length ? r.maxEnd[r.maxEnd.length - 1] : -Infinity);
