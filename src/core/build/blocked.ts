/**
 * Blocked stretches: top-level runs (not nested in another callback) that are not awaits and
 * lasted at least the threshold, with the line that was running, its stack and the share of CPU.
 * Works on the builder's internal span indexes; the caller renumbers them.
 */
import type { BlockedStretch, Span, StackFrame, TraceEvent } from '../trace';
import { firstUserPosition, parseFrame, pathOfFileUrl, type MapLocation } from '../locations';
import { roundUs } from '../intervals';

/** A `cpu` wire event's facts: CPU ms used during the callback and where it was sampled. */
export interface CpuInfo {
  cpuMs: number;
  where: string;
}

/** `fn (file:line:col)` — a frame of the flusher's stack (wire.ts CpuWireEvent.where). */
const NAMED_FRAME = /^(\S.*?) \((.+)\)$/;

/**
 * The stack in a `cpu` event's `where`, when it is one (frames with function names); positions
 * in the run file are mapped and named as the user's file (`userFile`), file:// URLs as paths.
 */
export function stackOfWhere(where: string, map: MapLocation, userFile: string): StackFrame[] | undefined {
  const frames: StackFrame[] = [];
  for (const text of where.split('\n')) {
    const m = NAMED_FRAME.exec(text);
    const p = m ? parseFrame(m[2]) : null;
    if (!m || !p) continue;
    const to = map(p.file, p.line, p.col);
    const file = to ? userFile : (pathOfFileUrl(p.file) ?? p.file);
    frames.push({ fn: m[1], file, line: to?.line ?? p.line, col: to?.col ?? p.col });
  }
  return frames.length ? frames : undefined;
}

export function findBlocked(spans: Span[], parent: number[], cpu: Map<number, CpuInfo>, events: TraceEvent[], threshold: number, map: MapLocation, userFile: string): BlockedStretch[] {
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
    const stack = c ? stackOfWhere(c.info.where, map, userFile) : undefined;
    if (stack) b.stack = stack;
    out.push(b);
  }
  return out;
}
