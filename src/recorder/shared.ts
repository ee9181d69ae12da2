/**
 * Shared memory of the recorded entry process: a small control block and one data buffer cut into
 * rings, one ring per thread (slot 0 = main thread, then worker slots, each claimed by a worker
 * at its start and freed again once it has exited and its ring is drained). The main thread
 * allocates both at start-up and hands them to every worker through
 * `worker_threads.setEnvironmentData` (inherited by nested workers) and to the flusher. Child
 * processes have no flusher: their threads write their own records (see ring.ts, LocalSink).
 *
 * Ring protocol (single writer = the owning thread, single reader = whoever holds the drain lock):
 * records never wrap; a record that does not fit at the end goes to offset 0 and `wrapAt` marks
 * where valid data ended. `w` is published with Atomics.store after the record is complete, so a
 * reader never sees half a record. A writer that finds its ring full takes the drain lock and
 * drains the rings itself (ring.ts): it drops a record only when the stream is closed.
 */

/** Int32 slots of the control block. */
export const C = {
  /** Drain lock: 0 free, 1 held (flusher or main thread at exit). */
  lock: 0,
  /** 1 once the main thread has done its final drain: the flusher must stop writing. */
  stop: 1,
  /** The flusher's inspector session (SESSION below). */
  ready: 3,
  /** The flusher thread's own (real) thread id: threads created after it are shown one lower. */
  flusherTid: 4,
  /** Start of the per-ring header slots. */
  rings: 16,
} as const;

/**
 * States of the flusher's inspector session. It connects only when a long callback is first seen
 * (a program without one never has a debugger session); while it is connected, the main thread
 * asks it to disconnect before the process exits (else Node prints "Waiting for the debugger to
 * disconnect...").
 */
export const SESSION = { none: 0, connected: 1, failed: 2, releaseAsked: 3, released: 4, connecting: 5, closed: 6 } as const;

/** Int32 slots per ring header: w, r, wrapAt, dropped, active, tid. */
export const RING_SLOTS = 8;
export const R = { w: 0, r: 1, wrapAt: 2, dropped: 3, active: 4, tid: 5 } as const;
/** Values of a ring header's `active`. */
export const SLOT = { free: 0, inUse: 1, exited: 2 } as const;

/**
 * Float64 slots (in the control block, from byte `F64_OFFSET`): the main thread's busy state,
 * published on every outermost callback start/end, and the flusher's observations.
 */
export const F = {
  /** Sequence number of the current outermost run (odd = running, even = idle). */
  seq: 0,
  /** Async id of that run (0 = top-level script, -1 = await continuation). */
  id: 1,
  /** Its start time (absolute ms). */
  start: 2,
  /** seq the flusher first saw running, and process CPU ms / time at that moment. */
  obsSeq: 3,
  obsCpu: 4,
  obsTime: 5,
  /** seq for which `where` (bytes below) was captured. */
  whereSeq: 6,
  whereLen: 7,
  /**
   * The flusher's clock (absolute ms, updated every tick, ~2 ms): a cheap time for records that
   * need no better (await marks, call starts and ends, resource creation). In a cache line of its own.
   */
  clock: 16,
} as const;

/** Worker rings in the shared buffer; a worker that finds none free writes its own records instead. */
export const MAX_WORKER_SLOTS = 64;
const F64_OFFSET = 4096;
const WHERE_OFFSET = F64_OFFSET + 1024;
export const WHERE_BYTES = 2048;
const CTL_BYTES = WHERE_OFFSET + WHERE_BYTES;

/** What every thread of a recorded process shares (cloned into workers: the buffers stay shared). */
export interface Shared {
  ctl: SharedArrayBuffer;
  data: SharedArrayBuffer;
  mainBytes: number;
  workerBytes: number;
  /** Config snapshot, so workers created with `env: {}` still know it. */
  env: Record<string, string>;
  /** Absolute path of the recorder bundle. */
  recorder: string;
}

export function createShared(mainBytes: number, workerBytes: number, env: Record<string, string>, recorder: string): Shared {
  return {
    ctl: new SharedArrayBuffer(CTL_BYTES),
    data: new SharedArrayBuffer(mainBytes + workerBytes * MAX_WORKER_SLOTS),
    mainBytes,
    workerBytes,
    env,
    recorder,
  };
}

export class Views {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly where: Uint8Array;
  readonly data: Uint8Array;
  constructor(readonly s: Shared) {
    this.i32 = new Int32Array(s.ctl, 0, F64_OFFSET / 4);
    this.f64 = new Float64Array(s.ctl, F64_OFFSET, (WHERE_OFFSET - F64_OFFSET) / 8);
    this.where = new Uint8Array(s.ctl, WHERE_OFFSET, WHERE_BYTES);
    this.data = new Uint8Array(s.data);
  }
  /** Number of ring slots (main + workers). */
  slotCount(): number {
    return 1 + MAX_WORKER_SLOTS;
  }
  base(slot: number): number {
    return slot === 0 ? 0 : this.s.mainBytes + (slot - 1) * this.s.workerBytes;
  }
  size(slot: number): number {
    return slot === 0 ? this.s.mainBytes : this.s.workerBytes;
  }
  hdr(slot: number): number {
    return C.rings + slot * RING_SLOTS;
  }

  /** Claims a free worker slot (1..MAX_WORKER_SLOTS) for thread `tid`, or -1 when all are taken. */
  claim(tid: number): number {
    for (let slot = 1; slot <= MAX_WORKER_SLOTS; slot++) {
      const h = this.hdr(slot);
      if (Atomics.compareExchange(this.i32, h + R.active, SLOT.free, SLOT.inUse) === SLOT.free) {
        Atomics.store(this.i32, h + R.tid, tid);
        return slot;
      }
    }
    return -1;
  }

  /** The thread of `tid` has exited: its slot is freed once the flusher has drained it. */
  exited(tid: number): void {
    for (let slot = 1; slot <= MAX_WORKER_SLOTS; slot++) {
      const h = this.hdr(slot);
      if (Atomics.load(this.i32, h + R.tid) === tid && Atomics.compareExchange(this.i32, h + R.active, SLOT.inUse, SLOT.exited) === SLOT.inUse) return;
    }
  }
}
