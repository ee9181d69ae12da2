/**
 * The writing end of one thread's records. Two sinks share the encoders:
 *  - `SabRing`: a ring in the shared buffer (see shared.ts), drained by the flusher thread, so a
 *    thread stuck in `while (true)` or terminated still delivers everything it wrote;
 *  - `LocalSink`: a private buffer the thread writes to the process's stream file itself (child
 *    processes, which have no flusher, and workers that found no free ring): when it fills, at
 *    most every FLUSH_MS at callback boundaries, and at exit.
 * The hot records (init, before, after, await marks, calls) are written field by field with no
 * allocation; the rest go through the codec's generic `writeEvent`.
 */
import { HEADER_BYTES, KIND, codeOfType, maxSize, strMax, writeEvent, writeHeader, writeStr, type Target } from '../core/wire-codec';
import type { WireEvent } from '../core/wire';
import { R, type Views } from './shared';
import { now, writeAllSync } from './util';

/** A LocalSink writes its buffer out at a callback boundary when this long has passed since the last time. */
export const FLUSH_MS = 2;

export abstract class Sink implements Target {
  u8!: Uint8Array;
  dv!: DataView;
  constructor(readonly tid: number) {}

  /** Position where `n` contiguous bytes can be written, or -1 (the record is dropped). */
  protected abstract reserve(n: number): number;
  protected abstract commit(end: number): void;
  /** Called at callback boundaries (time `t`): a LocalSink writes out what it holds when it is due. */
  abstract due(t: number): void;
  /** Everything written so far goes out now (exit). */
  abstract flush(): void;

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

  /** suspend, resume: two i32 fields. */
  mark(kind: number, t: number, call: number, site: number): void {
    const p = this.reserve(HEADER_BYTES + 8);
    if (p < 0) return;
    const e = writeHeader(this, p, kind, this.tid, t);
    this.dv.setInt32(e, call, true);
    this.dv.setInt32(e + 4, site, true);
    this.commit(e + 8);
  }

  /** callStart: three i32 fields. */
  callStart(t: number, call: number, fn: number, parent: number): void {
    const p = this.reserve(HEADER_BYTES + 12);
    if (p < 0) return;
    const e = writeHeader(this, p, KIND.callStart, this.tid, t);
    this.dv.setInt32(e, call, true);
    this.dv.setInt32(e + 4, fn, true);
    this.dv.setInt32(e + 8, parent, true);
    this.commit(e + 12);
  }

  /** Any event, through the generic encoder. */
  event(ev: WireEvent): void {
    const p = this.reserve(maxSize(ev));
    if (p < 0) return;
    this.commit(writeEvent(this, p, ev));
  }
}

/** A ring in the shared buffer, drained by the flusher. */
export class SabRing extends Sink {
  private readonly size: number;
  private readonly h: number;
  private w = 0;
  private dropped = 0;

  constructor(private readonly v: Views, slot: number, tid: number) {
    super(tid);
    this.size = v.size(slot);
    this.u8 = new Uint8Array(v.s.data, v.base(slot), this.size);
    this.dv = new DataView(v.s.data, v.base(slot), this.size);
    this.h = v.hdr(slot);
    Atomics.store(v.i32, this.h + R.tid, tid);
  }

  protected reserve(n: number): number {
    if (n > this.size / 4) return this.dropped++, -1;
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
      Atomics.add(this.v.i32, this.h + R.dropped, d);
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

  protected commit(end: number): void {
    this.w = end;
    Atomics.store(this.v.i32, this.h + R.w, end);
  }

  due(): void {
    // the flusher drains
  }

  flush(): void {
    // the flusher (or the main thread's final drain) drains
  }
}

/** A private buffer written to the process's stream file by its own thread. */
export class LocalSink extends Sink {
  private w = 0;
  private last = 0;

  constructor(private readonly fd: number, tid: number, private readonly size: number) {
    super(tid);
    this.u8 = new Uint8Array(size);
    this.dv = new DataView(this.u8.buffer);
  }

  protected reserve(n: number): number {
    if (this.w + n <= this.size) return this.w;
    this.flush();
    if (n <= this.size) return 0;
    // One record bigger than the whole buffer (a huge console text): a buffer of its own.
    this.u8 = new Uint8Array(n);
    this.dv = new DataView(this.u8.buffer);
    return 0;
  }

  protected commit(end: number): void {
    this.w = end;
  }

  due(t: number): void {
    if (this.w > 0 && t - this.last >= FLUSH_MS) this.flush();
  }

  flush(): void {
    if (this.w === 0) return;
    try {
      writeAllSync(this.fd, this.u8.subarray(0, this.w));
    } catch {
      // the run folder is gone (the runner stopped): nothing to do
    }
    this.w = 0;
    this.last = now();
    if (this.u8.length > this.size) {
      this.u8 = new Uint8Array(this.size);
      this.dv = new DataView(this.u8.buffer);
    }
  }
}
