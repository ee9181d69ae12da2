/**
 * Builds a Trace from the recorder's wire events, finished: fold the streams (fold.ts), close what
 * never ended (close.ts), order and label the lanes (lanes.ts), find the blocked stretches
 * (blocked.ts), assign the ids (renumber.ts), list what kept the program alive (alive.ts), name
 * the user's file and explain how the run ended (finish.ts), then what each blocked stretch
 * delayed (core/delayed.ts). Linear in the number of events apart from the sorts (which see runs
 * that are already nearly sorted). Pure: no Node APIs.
 */
import { TRACE_VERSION, type Trace } from '../trace';
import type { WireEvent } from '../wire';
import { makeMapper } from '../locations';
import { roundUs } from '../intervals';
import type { BuildInput } from './input';
import { foldStreams } from './fold';
import { closeAtTraceEnd } from './close';
import { orderLanes } from './lanes';
import { findBlocked } from './blocked';
import { renumber } from './renumber';
import { finishTrace } from './finish';
import { fillDelayed } from '../delayed';
import { stillAlive } from './alive';

export type { BuildInput, ExitFacts } from './input';
export { entryFailed } from './finish';

function firstTime(streams: WireEvent[][]): number {
  let t = Infinity;
  for (const s of streams) if (s.length && s[0].t < t) t = s[0].t;
  return Number.isFinite(t) ? t : 0;
}

export function buildTrace(input: BuildInput): Trace {
  const { streams } = input;
  const map = makeMapper(input.runFile, input.mapPosition, input.file);
  const entryHello = streams[0]?.find((e) => e.k === 'hello');
  const origin = input.originMs ?? entryHello?.t ?? firstTime(streams);
  const rel = (t: number) => (t > origin ? roundUs(t - origin) : 0);

  const f = foldStreams(input, origin, rel, map);
  if (input.truncated && input.truncated.atAbsMs > f.maxT) f.maxT = input.truncated.atAbsMs;
  if (input.endAbsMs !== undefined && input.endAbsMs > f.maxT) f.maxT = input.endAbsMs;
  const durationMs = rel(f.maxT);
  closeAtTraceEnd(f.spans, f.endedAtExit, durationMs);

  // Lane 0 is the entry main thread, recorded or not.
  let entry = f.lanes.findIndex((l) => l.stream === 0 && l.tid === 0);
  if (entry < 0) entry = f.lanes.push({ stream: 0, tid: 0, pid: entryHello?.pid ?? 0, kind: 'main', first: origin, last: origin, hasOpen: false }) - 1;
  const { lanes, laneId } = orderLanes(f.lanes, entry, { rel, durationMs, spawns: f.spawns, hellos: f.hellos, file: input.file, runFile: input.runFile });
  if (input.truncated) f.events.push({ kind: 'truncated', seq: 0, t: rel(input.truncated.atAbsMs), lane: entry, reason: input.truncated.reason });

  const blocked = findBlocked(f.spans, f.spanParent, f.cpu, f.events, input.blockingThresholdMs, map, input.file);
  const out = renumber({ spans: f.spans, spanParent: f.spanParent, calls: f.calls, events: f.events, blocked }, laneId);

  let outputDropped = input.outputDroppedBytes ?? 0;
  for (const n of f.cutBytes.values()) outputDropped += n;
  const trace: Trace = {
    version: TRACE_VERSION,
    meta: {
      file: input.file,
      nodeVersion: input.nodeVersion ?? entryHello?.nodeVersion ?? '',
      startedAt: input.startedAt,
      durationMs,
      moduleFormat: input.moduleFormat,
      exit: { ...input.exit },
      truncated: !!input.truncated,
      ...(input.truncated ? { truncatedAtMs: rel(input.truncated.atAbsMs) } : {}),
      dropped: f.dropped,
      blockingThresholdMs: input.blockingThresholdMs,
      ...(outputDropped > 0 ? { outputDroppedBytes: outputDropped } : {}),
      ...(input.entryFunction !== undefined ? { entryFunction: input.entryFunction } : {}),
    },
    lanes,
    spans: out.spans,
    asyncCalls: out.asyncCalls,
    events: out.events,
    blocked: out.blocked,
  };
  const alive = stillAlive(streams[0], trace.spans, rel, (id) => input.sites.calls?.[f.entryOrigin(id).site]);
  if (alive) trace.meta.alive = alive;
  finishTrace(trace, input.runFile, input.exitFacts);
  fillDelayed(trace);
  return trace;
}
