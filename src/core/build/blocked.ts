/**
 * Blocked stretches: top-level runs (not nested in another callback) that are not awaits and
 * lasted at least the threshold, with the line that was running and the share of CPU. Works on
 * the builder's internal span indexes; the caller renumbers them.
 */
import type { BlockedStretch, Span, TraceEvent } from '../trace';
import { firstUserPosition, type MapLocation } from '../locations';
import { roundUs } from '../intervals';

/** A `cpu` wire event's facts: CPU ms used during the callback and where it was sampled. */
export interface CpuInfo {
  cpuMs: number;
  where: string;
}

export function findBlocked(spans: Span[], parent: number[], cpu: Map<number, CpuInfo>, events: TraceEvent[], threshold: number, map: MapLocation): BlockedStretch[] {
  // A nested callback's CPU sample stands for its top-level run when that run has none of its own
  // (ESM top-level code runs inside a promise reaction; an await continuation inside one).
  const rootCpu = new Map<number, { info: CpuInfo; span: number }>();
  for (const [span, info] of cpu) {
    let root = span;
    while (parent[root] >= 0) root = parent[root];
    const have = rootCpu.get(root);
    const dur = (i: number) => spans[i].end - spans[i].start;
    if (!have || (have.span !== root && (span === root || dur(span) > dur(have.span)))) rootCpu.set(root, { info, span });
  }
  const out: BlockedStretch[] = [];
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (s.kind === 'await' || parent[i] >= 0) continue;
    const d = s.end - s.start;
    if (d < threshold) continue;
    const b: BlockedStretch = { lane: s.lane, start: s.start, end: s.end, durationMs: roundUs(d), span: i };
    const c = rootCpu.get(i);
    let line = c ? firstUserPosition(c.info.where, map)?.line : undefined;
    if (c && c.info.cpuMs >= 0) {
      const of = spans[c.span].end - spans[c.span].start;
      if (of > 0) b.cpuShare = Math.round(Math.min(1, Math.max(0, c.info.cpuMs / of)) * 100) / 100;
    }
    line ??= s.line;
    if (line === undefined && s.open) {
      const stall = events.find((e) => e.kind === 'stall' && e.lane === s.lane && e.t >= s.start && e.line !== undefined);
      if (stall && stall.kind === 'stall') line = stall.line;
    }
    if (line !== undefined) b.line = line;
    out.push(b);
  }
  return out;
}
