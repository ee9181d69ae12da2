/**
 * Counts the records of a recorder stream without decoding them (wire-codec.ts has the layout):
 * a record's kind and length are in its first two words, so a count is a walk over the headers,
 * no object made. The runner counts this way while a program runs (its budget, its progress) and
 * decodes once the run is over, so that its own work does not take the CPU from the program.
 */
import { FIXED_BYTES, INIT_BYTES, INIT_TIMER_BYTES, KIND, VAR_HEADER, isFixedKind } from './wire-codec';

export interface WireScan {
  /** Whole records in the bytes. */
  count: number;
  /** Bytes of those whole records (a partial trailing record is left out). */
  consumed: number;
  /** An `alive` record is among them. */
  alive: boolean;
}

/**
 * Counts the whole records at the start of `bytes`; throws on a damaged length, as decodeWire does,
 * or with `untilDamage` stops there (`consumed` = the bytes before it).
 */
export function scanWire(bytes: Uint8Array, untilDamage = false): WireScan {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  let p = 0, count = 0, alive = false;
  while (p + 8 <= n) {
    const kind = dv.getInt32(p, true) & 0xff;
    let len: number;
    if (isFixedKind(kind)) len = FIXED_BYTES;
    else if (kind === KIND.init) len = INIT_BYTES;
    else if (kind === KIND.initTimer) len = INIT_TIMER_BYTES;
    else {
      len = dv.getInt32(p + 4, true);
      if ((len < VAR_HEADER || len % 8 !== 0) && untilDamage) break;
      if (len < VAR_HEADER || len % 8 !== 0) throw new Error(`async-viz wire: bad record length ${len} (kind ${kind})`);
    }
    if (p + len > n) break;
    if (kind === KIND.alive) alive = true;
    p += len;
    count++;
  }
  return { count, consumed: p, alive };
}
