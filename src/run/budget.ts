/**
 * The event budget: when the recorded processes produced more events than allowed, keep the first
 * `max` of them in time order (across all processes) and say where the cut happened.
 */
import type { WireEvent } from '../core/wire';

/** Events that describe a process or thread rather than something it did: always kept. */
const structural = new Set(['hello', 'thread']);

export function trimToBudget(
  streams: WireEvent[][],
  max: number,
): { streams: WireEvent[][]; truncated: { atAbsMs: number; reason: string } | null } {
  const total = streams.reduce((n, s) => n + s.length, 0);
  if (total <= max) return { streams, truncated: null };
  const times = new Float64Array(total);
  let i = 0;
  for (const s of streams) for (const e of s) times[i++] = e.t;
  times.sort();
  const cut = times[max - 1];
  return {
    streams: streams.map((s) => s.filter((e) => e.t <= cut || structural.has(e.k))),
    truncated: { atAbsMs: cut, reason: `event budget of ${max.toLocaleString('en-US')} events reached` },
  };
}
