/** The strings of the recorder's wire records (wire-codec.ts): u32 byte length, then UTF-8. Pure. */

const encoder = new TextEncoder();

/** Upper bound of the bytes `writeStr` needs for `s`. */
export function strMax(s: string): number {
  return 4 + s.length * 3;
}

/** A byte area to write records into (a ring, a private buffer, a fresh array); its byte 0 is 8-aligned. */
export interface Target {
  u8: Uint8Array;
  dv: DataView;
}

/** Writes a string at `p` (room for `strMax(s)` bytes is assumed); returns the end. */
export function writeStr(o: Target, p: number, s: string): number {
  const { written } = encoder.encodeInto(s, o.u8.subarray(p + 4, p + 4 + s.length * 3));
  o.dv.setUint32(p, written, true);
  return p + 4 + written;
}
