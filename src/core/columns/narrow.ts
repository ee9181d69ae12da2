/**
 * Columns as narrow as their values: a decoded column starts in the narrowest typed array of its
 * ladder (an Int8Array of lines, a Float32Array of timer delays) and is copied into the next one
 * only when a value does not fit, so 10M spans' lines from 1 to 40 cost 10 MB, not 40, and a
 * column that holds only its default costs one byte a span. Readers only index a column, so any
 * rung reads the same values back (every value is stored exactly).
 */

/** An integer column (a -1 sentinel for none). */
export type IntColumn = Int8Array | Int16Array | Int32Array;
/** An index column without sign. */
export type UintColumn = Uint8Array | Uint16Array | Uint32Array;
/** A time column in ms (NaN = none). */
export type FloatColumn = Float32Array | Float64Array;
export type NarrowColumn = IntColumn | UintColumn | FloatColumn;

type Ctor = Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor;

/** The rungs of each kind of column, narrowest first. */
export const LADDER = {
  int: [Int8Array, Int16Array, Int32Array],
  uint: [Uint8Array, Uint16Array, Uint32Array],
  /** Integers that may pass 32 bits (Node's async ids). */
  id: [Int32Array, Float64Array],
  float: [Float32Array, Float64Array],
  time: [Float64Array],
} as const satisfies Record<string, readonly Ctor[]>;
export type Ladder = (typeof LADDER)[keyof typeof LADDER];

/** [min, max] of the integer arrays (all values are integers there). */
const RANGE = new Map<Ctor, [number, number]>([
  [Int8Array, [-128, 127]], [Int16Array, [-32768, 32767]], [Int32Array, [-2147483648, 2147483647]],
  [Uint8Array, [0, 255]], [Uint16Array, [0, 65535]], [Uint32Array, [0, 4294967295]],
]);

/** True when every one of vals[0..count) is stored exactly by arrays made by `c`. */
function fits(c: Ctor, vals: Float64Array, count: number): boolean {
  if (c === Float64Array) return true;
  if (c === Float32Array) {
    for (let k = 0; k < count; k++) { const v = vals[k]; if (v === v && Math.fround(v) !== v) return false; }
    return true;
  }
  const [lo, hi] = RANGE.get(c)!;
  for (let k = 0; k < count; k++) { const v = vals[k]; if (!(v >= lo && v <= hi && Number.isInteger(v))) return false; }
  return true;
}

/** A column of `n` values being written: its array widens along its ladder as values need. */
export class NarrowWriter {
  private rung = 0;
  out: NarrowColumn;
  constructor(private readonly ladder: Ladder, n: number) {
    this.out = new ladder[0](n);
  }

  /** Writes vals[0..count) at `at`. */
  put(at: number, vals: Float64Array, count: number): void {
    this.widen(vals, count);
    this.out.set(vals.subarray(0, count), at);
  }

  /** Writes `v` into [from, to). */
  fill(v: number, from: number, to: number): void {
    this.widen(Float64Array.of(v), 1);
    this.out.fill(v, from, to);
  }

  private widen(vals: Float64Array, count: number): void {
    let r = this.rung;
    while (r < this.ladder.length - 1 && !fits(this.ladder[r], vals, count)) r++;
    if (r === this.rung) return;
    const wider = new this.ladder[r](this.out.length);
    wider.set(this.out);
    this.out = wider;
    this.rung = r;
  }
}
