/**
 * The writing end of one thread's ring (see shared.ts for the protocol). The hot events (init,
 * before, after, await marks) are written field by field with no allocation; the rest go through
 * the codec's generic `writeEvent`.
 */
import { HEADER_BYTES, KIND, codeOfType, maxSize, strMax, writeEvent, writeHeader, writeStr, type Target } from '../core/wire-codec';
import type { WireEvent } from '../core/wire';
import { R, type Views } from './shared';
import { now } from './clock';

export class Ring implements Target {
  readonly u8: Uint8Array;
  readonly dv: DataView;
  private readonly size: number;
  private readonly h: number;
  private w = 0;
  private dropped = 0;

  constructor(private readonly v: Views, slot: number, readonly tid: number) {
    this.size = v.size(slot);
    this.u8 = new Uint8Array(v.s.data, v.base(slot), this.size);
    this.dv = new DataView(v.s.data, v.base(slot), this.size);
    this.h = v.hdr(slot);
    Atomics.store(v.i32, this.h + R.tid, tid);
    Atomics.store(v.i32, this.h + R.active, 1);
  }

  /** Position where `n` contiguous bytes can be written, or -1 (ring full: counted as dropped). */
  private reserve(n: number): number {
    const i32 = this.v.i32;
    if (this.dropped > 0) {
      const d = this.dropped;
      this.dropped = 0;
      const p = this.room(HEADER_BYTES + 4 + n);
      if (p < 0) {
        this.dropped = d + 1;
        return -1;
      }
      const e = writeHeader(this, p, KIND.dropped, this.tid, now());
      this.dv.setUint32(e, d, true);
      this.commit(e + 4);
      Atomics.add(i32, this.h + R.dropped, d);
    }
    const p = this.room(n);
    if (p < 0) this.dropped++;
    return p;
  }

  private room(n: number): number {
    const r = Atomics.load(this.v.i32, this.h + R.r);
    const w = this.w;
    if (w >= r) {
      if (w + n < this.size) return w;
      // Wrap: the record goes to 0; it must stay strictly below r so that w === r means empty.
      if (n < r) {
        Atomics.store(this.v.i32, this.h + R.wrapAt, w);
        return 0;
      }
      return -1;
    }
    return w + n < r ? w : -1;
  }

  private commit(end: number): void {
    this.w = end;
    Atomics.store(this.v.i32, this.h + R.w, end);
  }

  cb(kind: number, t: number, id: number): void {
    const p = this.reserve(HEADER_BYTES + 4);
    if (p < 0) return;
    const e = writeHeader(this, p, kind, this.tid, t);
    this.dv.setInt32(e, id, true);
    this.commit(e + 4);
  }

  init(t: number, id: number, type: string, trigger: number, exec: number): void {
    const code = codeOfType(type);
    const p = this.reserve(HEADER_BYTES + 13 + (code === 0 ? strMax(type) : 0));
    if (p < 0) return;
    const e = writeHeader(this, p, KIND.init, this.tid, t);
    const dv = this.dv;
    dv.setInt32(e, id, true);
    dv.setInt32(e + 4, trigger, true);
    dv.setInt32(e + 8, exec, true);
    this.u8[e + 12] = code;
    this.commit(code === 0 ? writeStr(this, e + 13, type) : e + 13);
  }

  /** callEnd: i32 call, u8 threw (the hot path of every async function's return). */
  callEnd(t: number, call: number, threw: boolean): void {
    const p = this.reserve(HEADER_BYTES + 5);
    if (p < 0) return;
    const e = writeHeader(this, p, KIND.callEnd, this.tid, t);
    this.dv.setInt32(e, call, true);
    this.u8[e + 4] = threw ? 1 : 0;
    this.commit(e + 5);
  }

  /** callStart, suspend, resume: up to three i32 fields. */
  ints(kind: number, t: number, a: number, b: number, c?: number): void {
    const p = this.reserve(HEADER_BYTES + 12);
    if (p < 0) return;
    const e = writeHeader(this, p, kind, this.tid, t);
    this.dv.setInt32(e, a, true);
    this.dv.setInt32(e + 4, b, true);
    if (c === undefined) return this.commit(e + 8);
    this.dv.setInt32(e + 8, c, true);
    this.commit(e + 12);
  }

  /** Any event, through the generic encoder. Strings too big for a quarter of the ring are cut. */
  event(ev: WireEvent): void {
    const n = maxSize(ev);
    if (n > this.size / 4) return this.dropped++, undefined;
    const p = this.reserve(n);
    if (p < 0) return;
    this.commit(writeEvent(this, p, ev));
  }
}
