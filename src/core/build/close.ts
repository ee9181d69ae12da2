/**
 * Closing what never ended in the recording (stuck, killed, exited inside it, truncated, never
 * resumed): such a span is marked `open` and ends where its thread exited, when it exited inside
 * it (an uncaught throw, process.exit), else at the trace end.
 */
import type { Span } from '../trace';
import type { ThreadState } from './thread';
import type { LaneRec } from './lanes';

/** At the end of a process stream: its threads' running and waiting spans. */
export function closeThreadSpans(threads: Iterable<ThreadState>, f: { spans: Span[]; lanes: LaneRec[]; endedAtExit: Set<number> }): void {
  for (const th of threads) {
    for (const s of [...th.stack, ...th.awaits.values()]) {
      f.spans[s].open = true;
      if (th.exitT >= f.spans[s].start) {
        f.spans[s].end = th.exitT;
        f.endedAtExit.add(s);
      } else f.lanes[th.lane].hasOpen = true;
    }
  }
}

/** Once the trace's end is known: every open span that did not end at its thread's exit ends there. */
export function closeAtTraceEnd(spans: Span[], endedAtExit: Set<number>, durationMs: number): void {
  for (let i = 0; i < spans.length; i++) if (spans[i].open && !endedAtExit.has(i)) spans[i].end = durationMs;
}
