/** The flusher thread's priority, lowered below the program's threads. */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The flusher runs at a lower priority than the program's threads (Linux: its own thread's nice
 * value): on a busy machine it waits for them, instead of taking the CPU the program would have
 * had. Its work (copying rings, a tick every 2 ms) can wait that long; the rings are sized for it.
 */
const FLUSHER_NICE = 10;
export function lowerPriority(): void {
  try {
    const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (tid > 0) setPriority(tid, FLUSHER_NICE);
  } catch {
    // not Linux, or not allowed: same priority as the program
  }
}
