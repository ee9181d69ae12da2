/**
 * The reading end of the rings: copies every ring's published bytes to the process's stream file.
 * Used by the flusher thread (periodically) and by the main thread (synchronously at exit, and
 * after an uncaught exception). Only the holder of the drain lock may call `drainAll`.
 */
import { writeSync } from 'node:fs';
import { C, R, type Views } from './shared';

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

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Copies everything published in every ring to `fd`. Returns the number of bytes written. */
export function drainAll(v: Views, fd: number): number {
  let total = 0;
  const n = v.slotCount();
  for (let slot = 0; slot < n; slot++) {
    const h = v.hdr(slot);
    if (Atomics.load(v.i32, h + R.active) !== 1) continue;
    const base = v.base(slot);
    for (let pass = 0; pass < 2; pass++) {
      const w = Atomics.load(v.i32, h + R.w);
      const r = Atomics.load(v.i32, h + R.r);
      if (r === w) break;
      if (r < w) {
        writeAll(fd, v.data.subarray(base + r, base + w));
        total += w - r;
        Atomics.store(v.i32, h + R.r, w);
        break;
      }
      // The writer wrapped: the tail up to wrapAt, then from 0.
      const end = Atomics.load(v.i32, h + R.wrapAt);
      if (end > r) {
        writeAll(fd, v.data.subarray(base + r, base + end));
        total += end - r;
      }
      Atomics.store(v.i32, h + R.r, 0);
    }
  }
  return total;
}
