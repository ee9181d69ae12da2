/**
 * Shared memory of one recorded process: a small control block and one big data buffer cut into
 * rings, one ring per thread (slot 0 = main thread, then worker slots claimed in creation order).
 * The main thread allocates both at start-up and hands them to every worker through
 * `worker_threads.setEnvironmentData` (inherited by nested workers) and to the flusher.
 *
 * Ring protocol (single writer = the owning thread, single reader = whoever holds the drain lock):
 * records never wrap; a record that does not fit at the end goes to offset 0 and `wrapAt` marks
 * where valid data ended. `w` is published with Atomics.store after the record is complete, so a
 * reader never sees half a record. The writer never waits: a full ring counts a drop.
 */

/** Int32 slots of the control block. */
export const C = {
  /** Drain lock: 0 free, 1 held (flusher or main thread at exit). */
  lock: 0,
  /** 1 once the main thread has done its final drain: the flusher must stop writing. */
  stop: 1,
  /** Worker slots claimed so far. */
  workers: 2,
  /** The flusher's inspector session: one of SESSION. */
  ready: 3,
  /** Start of the per-ring header slots. */
  rings: 16,
} as const;

/** States of the flusher's inspector session (`C.ready`). */
export const SESSION = {
  /** The flusher is still connecting (the initial value of the shared memory). */
  connecting: 0,
  /** Connected to the main thread. */
  connected: 1,
  /** No session: it failed, or the inspector is off. */
  none: 2,
  /** The main thread is exiting and asks the flusher to disconnect. */
  releasing: 3,
  /** The flusher has disconnected. */
  released: 4,
} as const;
export type SessionState = (typeof SESSION)[keyof typeof SESSION];

/** Int32 slots per ring header: w, r, wrapAt, dropped, active, tid. */
export const RING_SLOTS = 8;
export const R = { w: 0, r: 1, wrapAt: 2, dropped: 3, active: 4, tid: 5 } as const;

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
} as const;

export const MAX_WORKER_SLOTS = 32;
const F64_OFFSET = 1024;
const WHERE_OFFSET = 2048;
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
  slotCount(): number {
    return 1 + Math.min(Atomics.load(this.i32, C.workers), MAX_WORKER_SLOTS);
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
}
