/**
 * The reading end of the rings: copies every ring's published bytes to the process's stream file,
 * and frees the ring of a worker that has exited once it is empty. Used by the flusher thread
 * (periodically) and by the main thread (synchronously at exit, and after an uncaught exception).
 * Only the holder of the drain lock may call `drainAll`; a writer whose ring is full drains
 * through `drainForRoom`.
 */
import { C, R, SLOT, type Views } from './shared';
import { now, writeAllSync } from './util';

export function tryLock(v: Views): boolean {
  return Atomics.compareExchange(v.i32, C.lock, 0, 1) === 0;
}

/** Waits for the lock up to `ms` (the flusher holds it only for a copy); false on time-out. */
export function lockWithin(v: Views, ms: number): boolean {
  const until = Date.now() + ms;
  while (!tryLock(v)) {
    if (Date.now() > until) return false;
    Atomics.wait(v.i32, C.lock, 1, 5);
  }
  return true;
}

export function unlock(v: Views): void {
  Atomics.store(v.i32, C.lock, 0);
  Atomics.notify(v.i32, C.lock);
}

/** Copies everything published in every ring to `fd`. Returns the number of bytes written. */
export function drainAll(v: Views, fd: number): number {
  let total = 0;
  const n = v.slotCount();
  for (let slot = 0; slot < n; slot++) {
    const h = v.hdr(slot);
    const state = Atomics.load(v.i32, h + R.active);
    if (state === SLOT.free && slot > 0) continue;
    const base = v.base(slot);
    for (let pass = 0; pass < 2; pass++) {
      const w = Atomics.load(v.i32, h + R.w);
      const r = Atomics.load(v.i32, h + R.r);
      if (r === w) break;
      if (r < w) {
        writeAllSync(fd, v.data.subarray(base + r, base + w));
        total += w - r;
        Atomics.store(v.i32, h + R.r, w);
        break;
      }
      // The writer wrapped: the tail up to wrapAt, then from 0.
      const end = Atomics.load(v.i32, h + R.wrapAt);
      if (end > r) {
        writeAllSync(fd, v.data.subarray(base + r, base + end));
        total += end - r;
      }
      Atomics.store(v.i32, h + R.r, 0);
    }
    if (state === SLOT.exited) {
      // Its thread is gone and its ring empty: the slot is free for the next worker.
      for (const k of [R.w, R.r, R.wrapAt, R.dropped]) Atomics.store(v.i32, h + k, 0);
      Atomics.store(v.i32, h + R.tid, -1);
      Atomics.store(v.i32, h + R.active, SLOT.free);
    }
  }
  return total;
}

/**
 * A writer's ring is full (the flusher has not kept up): drains the rings on this thread, holding
 * the lock (one reader at a time), or waits while another reader does, until `hasRoom()`. The
 * time it takes is the program's, as writing its own log would be; nothing is lost. False after
 * the final drain (nobody may write to the stream any more), when the stream file is gone, or
 * after `ms` with no room (a reader stuck with the lock): the record is dropped then.
 */
export function drainForRoom(v: Views, fd: number, ms: number, hasRoom: () => boolean): boolean {
  const until = now() + ms;
  while (Atomics.load(v.i32, C.stop) !== 1) {
    if (tryLock(v)) {
      try {
        if (Atomics.load(v.i32, C.stop) !== 1) drainAll(v, fd);
      } catch {
        return false;
      } finally {
        unlock(v);
      }
    } else Atomics.wait(v.i32, C.lock, 1, 1);
    if (hasRoom()) return true;
    if (now() > until) return false;
  }
  return false;
}
