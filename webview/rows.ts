/**
 * The rows the timeline draws: one horizontal strip each (a lane, an async call, a wait or a
 * group of waits, the pending strip, the console marks), its items as typed arrays sorted by
 * start. Layout only; what goes in them is model.ts's and wait-rows.ts's.
 */
import { SPAN_KINDS } from '../src/core/span-kinds';

/** What a row item can be (its code is its index, stored in `Row.kinds`): a span kind, or a running piece of an async call. */
export const ITEM_KINDS = [...SPAN_KINDS, 'running'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
/** The item code of a running piece of an async call (after the span kinds' codes). */
export const RUNNING = SPAN_KINDS.length;

export type RowType = 'header' | 'lane' | 'call' | 'wait' | 'concurrency' | 'console';

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
  n: number;
  starts: Float64Array;
  ends: Float64Array;
  /** Running maximum of `ends`: monotone, so a binary search finds the first item that reaches t0 even when items overlap. */
  maxEnd: Float64Array;
  kinds: Uint8Array;
  /** Span index (into the span columns), or -1 (a running piece of a call); in a wait row, a wait index (core/waits.ts). */
  refs: Int32Array;
  /** Wait rows: the group (WaitGroup.id) the row shows. */
  group?: number;
  /** Wait rows: true for a group's folded row (its count and density band). */
  folded?: boolean;
  /** A folded row that can be opened or closed (its label is a button). */
  toggle?: 'open' | 'closed';
}

export function makeRow(type: RowType, label: string, trace: number, lane: number, n: number, height: number, depth: number): Row {
  return {
    type, label, trace, lane, y: 0, height, depth, n,
    starts: new Float64Array(n), ends: new Float64Array(n), maxEnd: new Float64Array(n),
    kinds: new Uint8Array(n), refs: new Int32Array(n),
  };
}

/** Sorts the items of a row by start (only when they are not already) and fills maxEnd; `done`: filled in start order, maxEnd too. */
export function finishRow(r: Row, done = false): Row {
  if (done) return r;
  let sorted = true;
  for (let i = 1; i < r.n; i++) if (r.starts[i] < r.starts[i - 1]) { sorted = false; break; }
  if (!sorted) {
    const order = Array.from({ length: r.n }, (_, i) => i).sort((a, b) => r.starts[a] - r.starts[b]);
    const s = r.starts.slice(), e = r.ends.slice(), k = r.kinds.slice(), f = r.refs.slice();
    order.forEach((o, i) => { r.starts[i] = s[o]; r.ends[i] = e[o]; r.kinds[i] = k[o]; r.refs[i] = f[o]; });
  }
  let m = -Infinity;
  for (let i = 0; i < r.n; i++) { if (r.ends[i] > m) m = r.ends[i]; r.maxEnd[i] = m; }
  return r;
}

