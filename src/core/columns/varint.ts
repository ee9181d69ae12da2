/** LEB128 varints (non-negative integers below 2^53): the packed columns' number format (format.ts). */

/** Growable byte buffer of LEB128 varints (non-negative integers below 2^53). */
export class Varints {
  buf: Uint8Array;
  len = 0;
  /** `expect`: about how many values will be pushed (the buffer starts at one byte each). */
  constructor(expect = 4096) {
    this.buf = new Uint8Array(Math.max(64, expect + 16));
  }
  push(v: number): void {
    if (this.len + 10 > this.buf.length) { const nb = new Uint8Array(this.buf.length * 2); nb.set(this.buf.subarray(0, this.len)); this.buf = nb; }
    while (v >= 0x80) { this.buf[this.len++] = (v % 0x80) | 0x80; v = Math.floor(v / 0x80); }
    this.buf[this.len++] = v;
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/**
 * Decodes `n` LEB128 varints from bytes[off] into out[0..n) (one typed-array type: stays fast) and
 * returns the offset after them; a truncated blob reads as zeros.
 */
export function readVarints(bytes: Uint8Array, off: number, n: number, out: Float64Array): number {
  let p = off;
  const len = bytes.length;
  for (let i = 0; i < n; i++) {
    let b = p < len ? bytes[p++] : 0;
    if (b < 0x80) { out[i] = b; continue; }
    let v = b & 0x7f, mul = 128;
    do { b = p < len ? bytes[p++] : 0; v += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
    out[i] = v;
  }
  return p;
}
