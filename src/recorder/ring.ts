/**
 * The writing end of one thread's records. Two sinks share the encoders:
 *  - `SabRing`: a ring in the shared buffer (see shared.ts), drained by the flusher thread, so a
 *    thread stuck in `while (true)` or terminated still delivers everything it wrote; a thread
 *    that finds its ring full drains the rings itself;
 *  - `LocalSink`: a private buffer the thread writes to the process's stream file itself (child
 *    processes, which have no flusher, and workers that found no free ring): when it fills, at
 *    most every FLUSH_MS at callback boundaries, and at exit.
 * The hot records (init, before, after, await marks, calls) are a few aligned typed-array stores
 * (wire-codec.ts: fixed 24- and 32-byte records); the rest go through the codec's `writeEvent`.
 */
import { FIXED_BYTES, INIT_BYTES, INIT_TIMER_BYTES, KIND, VAR_HEADER, codeOfType, maxSize, siteWord, typeWord, writeEvent, type Target } from '../core/wire-codec';
import type { WireEvent } from '../core/wire';
import { drainForRoom } from './drain';
import { EMIT_LISTENERS } from './emit-names';
import { R, type Views } from './shared';
import { T, now, proc as process, writeAllSync } from './util';

/** A thread whose ring is full waits at most this long for room (drain.ts drainForRoom). */
const FULL_WAIT_MS = 5000;

/** A LocalSink writes its buffer out at a callback boundary when this long has passed since the last time. */
export const FLUSH_MS = 2;

/**
 * How a ring's write position is published to the flusher. On x86 (TSO) a plain store does it:
 * stores become visible in program order, so the reader never sees the position before the
 * record (an Atomics.store adds a full fence, measured as the largest cost of an await mark).
 * Elsewhere each record is published with Atomics.store.
 */
const PLAIN_PUBLISH = process.arch === 'x64' || process.arch === 'ia32';
const ATOMIC = new Uint8Array(32).fill(PLAIN_PUBLISH ? 0 : 1);

const TIMEOUT_CODE = codeOfType('Timeout');

export abstract class Sink implements Target {
  u8!: Uint8Array;
  dv!: DataView;
  i32!: Int32Array;
  f64!: Float64Array;
  /** tid << 8, or'ed into every record's first word. */
  protected readonly tidBits: number;
  /** Runs before the next record is written (the API's held-back call starts), then is cleared by it. */
  beforeWrite: (() => void) | undefined;
  constructor(readonly tid: number) {
    this.tidBits = tid << 8;
  }

  protected view(buf: ArrayBufferLike, offset: number, bytes: number): void {
    this.u8 = new Uint8Array(buf, offset, bytes);
    this.dv = new DataView(buf, offset, bytes);
    this.i32 = new Int32Array(buf, offset, bytes >> 2);
    this.f64 = new Float64Array(buf, offset, bytes >> 3);
  }

  /** Position (8-aligned) where `n` contiguous bytes can be written, or -1 (the record is dropped). */
  protected abstract reserve(n: number): number;
  /** The record ends at `end`; `atomic` = publish it with Atomics.store (see ATOMIC). */
  protected abstract commit(end: number, atomic: number): void;
  /** Called at callback boundaries (time T[0]): a LocalSink writes out what it holds when it is due. */
  abstract due(): void;
  /** Everything written so far goes out now (exit). */
  abstract flush(): void;

  /** A fixed record at time T[0]: before/after (a = id), callStart (call, fn, parent), callEnd (call, threw), suspend/resume (call, site), ... */
  fixed(kind: number, a: number, b: number, c: number): void {
    if (this.beforeWrite !== undefined) this.beforeWrite();
    const p = this.reserve(FIXED_BYTES);
    if (p < 0) return;
    const i = p >> 2;
    const i32 = this.i32;
    i32[i] = kind | this.tidBits;
    i32[i + 1] = a;
    i32[i + 2] = b;
    i32[i + 3] = c;
    this.f64[(p >> 3) + 2] = T[0];
    this.commit(p + FIXED_BYTES, ATOMIC[kind]);
  }

  /** An init record at time T[0]; `site`/`caller`: the call-site registers (-1 = none). */
  init(id: number, type: string, trigger: number, exec: number, site: number, caller: number): void {
    if (this.beforeWrite !== undefined) this.beforeWrite();
    const code = codeOfType(type);
    if (code === 0) {
      const e: WireEvent = { k: 'init', t: T[0], tid: this.tid, id, type, trigger, exec };
      if (site >= 0) e.site = site;
      if (caller >= 0) e.caller = caller;
      return this.event(e);
    }
    const p = this.reserve(INIT_BYTES);
    if (p < 0) return;
    this.initWords(p, KIND.init, id, code, trigger, exec, site, caller);
    this.commit(p + INIT_BYTES, ATOMIC[KIND.init]);
  }

  /** The init record of a `Timeout` at time T[0], with its delay word (wire-codec.ts delayWord). */
  initTimer(id: number, trigger: number, exec: number, site: number, caller: number, delay: number): void {
    if (this.beforeWrite !== undefined) this.beforeWrite();
    const p = this.reserve(INIT_TIMER_BYTES);
    if (p < 0) return;
    this.initWords(p, KIND.initTimer, id, TIMEOUT_CODE, trigger, exec, site, caller);
    this.f64[(p >> 3) + 4] = delay;
    this.commit(p + INIT_TIMER_BYTES, ATOMIC[KIND.initTimer]);
  }

  private initWords(p: number, kind: number, id: number, code: number, trigger: number, exec: number, site: number, caller: number): void {
    const i = p >> 2;
    const i32 = this.i32;
    i32[i] = kind | this.tidBits;
    i32[i + 1] = id;
    i32[i + 2] = trigger;
    i32[i + 3] = exec;
    i32[i + 4] = typeWord(code, caller);
    i32[i + 5] = siteWord(site);
    this.f64[(p >> 3) + 3] = T[0];
  }

  /** An emit record at time T[0] from its cached body (emit-names.ts). */
  emitRecord(body: Uint8Array, listeners: number): void {
    if (this.beforeWrite !== undefined) this.beforeWrite();
    const n = VAR_HEADER + body.length;
    const p = this.reserve(n);
    if (p < 0) return;
    this.u8.set(body, p + VAR_HEADER);
    const i = p >> 2;
    const i32 = this.i32;
    i32[i] = KIND.emit | this.tidBits;
    i32[i + 1] = n;
    i32[i + (EMIT_LISTENERS >> 2)] = listeners;
    this.f64[(p >> 3) + 1] = T[0];
    this.commit(p + n, ATOMIC[KIND.emit]);
  }

  /** Any event, through the generic encoder. */
  event(ev: WireEvent): void {
    if (this.beforeWrite !== undefined) this.beforeWrite();
    const p = this.reserve(maxSize(ev));
    if (p < 0) return;
    this.commit(writeEvent(this, p, ev), 1);
  }
}

/** A ring in the shared buffer, drained by the flusher. */
export class SabRing extends Sink {
  private readonly size: number;
  private readonly ctl: Int32Array;
  /** Header slots of this ring in the control block. */
  private readonly hw: number;
  private readonly hr: number;
  private w = 0;
  /** The reader's position as last read (it only moves on, so a stale value is on the safe side). */
  private rSeen = 0;
  private dropped = 0;

  constructor(private readonly v: Views, slot: number, tid: number, private readonly fd: number) {
    super(tid);
    this.size = v.size(slot);
    this.view(v.s.data, v.base(slot), this.size);
    this.ctl = v.i32;
    const h = v.hdr(slot);
    this.hw = h + R.w;
    this.hr = h + R.r;
    Atomics.store(v.i32, h + R.tid, tid);
  }

  protected reserve(n: number): number {
    const w = this.w;
    if (this.dropped === 0) {
      // Fast path: room before the (last seen) reader or the end.
      if (w >= this.rSeen ? w + n < this.size : w + n < this.rSeen) return w;
    }
    return this.reserveSlow(n);
  }

  private reserveSlow(n: number): number {
    if (n > this.size / 4) return this.dropped++, -1;
    this.rSeen = Atomics.load(this.ctl, this.hr);
    if (this.dropped > 0) {
      const d = this.dropped;
      this.dropped = 0;
      const p = this.room(FIXED_BYTES + n);
      if (p < 0) {
        this.dropped = d + 1;
        return -1;
      }
      this.dropped = 0;
      this.fixedAt(p, KIND.dropped, now(), d);
      Atomics.add(this.ctl, this.hw - R.w + R.dropped, d);
    }
    const p = this.room(n);
    if (p >= 0) return p;
    // Full: this thread drains the rings itself (drain.ts) rather than drop the record.
    let q = -1;
    drainForRoom(this.v, this.fd, FULL_WAIT_MS, () => {
      this.rSeen = Atomics.load(this.ctl, this.hr);
      return (q = this.room(n)) >= 0;
    });
    if (q < 0) this.dropped++;
    return q;
  }

  /** Writes a fixed record at `p` outside reserve (the drop count, written from inside reserve). */
  private fixedAt(p: number, kind: number, t: number, a: number): void {
    const i = p >> 2;
    this.i32[i] = kind | this.tidBits;
    this.i32[i + 1] = a;
    this.i32[i + 2] = 0;
    this.i32[i + 3] = 0;
    this.f64[(p >> 3) + 2] = t;
    this.commit(p + FIXED_BYTES, 1);
  }

  private room(n: number): number {
    const r = this.rSeen;
    const w = this.w;
    if (w >= r) {
      if (w + n < this.size) return w;
      // Wrap: the record goes to 0; it must stay strictly below r so that w === r means empty.
      if (n < r) {
        Atomics.store(this.ctl, this.hw - R.w + R.wrapAt, w);
        this.w = 0;
        return 0;
      }
      return -1;
    }
    return w + n < r ? w : -1;
  }

  protected commit(end: number, atomic: number): void {
    this.w = end;
    if (atomic) Atomics.store(this.ctl, this.hw, end);
    else this.ctl[this.hw] = end;
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
  private readonly size: number;

  constructor(private readonly fd: number, tid: number, size: number) {
    super(tid);
    this.size = size;
    this.view(new ArrayBuffer(size), 0, size);
  }

  protected reserve(n: number): number {
    if (this.w + n <= this.u8.length) return this.w;
    this.flush();
    if (n > this.u8.length) {
      // One record bigger than the whole buffer (a huge console text): a buffer of its own for it.
      this.view(new ArrayBuffer(n), 0, n);
    }
    return 0;
  }

  protected commit(end: number): void {
    this.w = end;
  }

  due(): void {
    if (this.w > 0 && T[0] - this.last >= FLUSH_MS) this.flush();
  }

  flush(): void {
    if (this.w > 0) {
      try {
        writeAllSync(this.fd, this.u8.subarray(0, this.w));
      } catch {
        // the run folder is gone (the runner stopped): nothing to do
      }
      this.w = 0;
    }
    this.last = now();
    if (this.u8.length > this.size) this.view(new ArrayBuffer(this.size), 0, this.size);
  }
}
