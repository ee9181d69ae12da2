/**
 * Numbers about a whole run, as the CLI prints them and the view shows them: the program's own
 * time, time blocked, busy and idle on the main thread, peak concurrency (concurrency.ts), and the
 * "sum of waits vs wall time" of the leaf awaits; and the comparison of two runs. On the span
 * columns (a plain trace is converted once).
 */
import type { Trace } from './trace';
import { columnar, type ColumnarTrace } from './columns/table';
import { KIND } from './span-kinds';
import { concurrency } from './concurrency';
import { countLE, roundUs, unionOfSpans } from './intervals';
import { blockedMs } from './blocked';

export interface ExitSummary {
  /** Exit code of the entry process, null when killed by a signal. */
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** True when the main thread called `process.exit()`. */
  explicit: boolean;
  /** Short text: `exit 0`, `exit 3 (process.exit)`, `timed out`, `stopped`, `killed (SIGTERM)`. */
  text: string;
}

export interface Summary {
  /** `meta.durationMs`: from the process's start (Node's and the recorder's start-up included). */
  totalMs: number;
  /** When the program's own code began: the start of the main lane's first span (0 when none). */
  startMs: number;
  /** `totalMs - startMs`: the run of the program itself, what a comparison compares. */
  programMs: number;
  /** Time covered by blocked stretches on the main lane (overlaps counted once). */
  blockedMs: number;
  /** Time the main lane ran JavaScript: the union of its non-await spans. */
  busyMs: number;
  /** `programMs - busyMs`: the main lane was waiting. */
  idleMs: number;
  /** Most operations (timers, immediates, I/O) pending at once, all lanes (see `concurrency`): the view's strip shows the same function. */
  peakConcurrency: number;
  /** Number of lanes. */
  lanes: number;
  /** Number of await spans (every await, outer ones included). */
  awaits: number;
  /** Sum of the durations of the leaf waits (see `leafAwaits`). */
  awaitWaitSumMs: number;
  /** Wall time covered by those waits (overlaps counted once). `awaitWaitSumMs / awaitWallMs` is how much waiting overlapped. */
  awaitWallMs: number;
  exit: ExitSummary;
}

/** Indexes of the await spans. */
function awaitSpans(data: ColumnarTrace): number[] {
  const T = data.spans;
  const out: number[] = [];
  for (let i = 0; i < T.n; i++) if (T.kind[i] === KIND.await) out.push(i);
  return out;
}

/**
 * The awaits (span indexes) that waited on something other than another async function of the
 * program: an await is left out when an async function it called (directly) was itself waiting
 * at an await during it. `await Promise.all(tasks)` waits only for the tasks' own waits, so
 * counting it too would count the same time twice.
 */
export function leafAwaits(trace: Trace | ColumnarTrace): number[] {
  const data = columnar(trace);
  const T = data.spans;
  const awaits = awaitSpans(data);
  // For each call: its children's await intervals, sorted by start, with a running max of ends.
  const byParent = new Map<number, number[]>();
  for (const a of awaits) {
    const p = T.call[a] >= 0 ? data.asyncCalls[T.call[a]]?.parent : undefined;
    if (p === undefined) continue;
    let list = byParent.get(p);
    if (!list) byParent.set(p, (list = []));
    list.push(a);
  }
  const index = new Map<number, { starts: Float64Array; maxEnd: Float64Array }>();
  for (const [p, list] of byParent) {
    list.sort((x, y) => T.start[x] - T.start[y]);
    const starts = Float64Array.from(list, (x) => T.start[x]);
    const maxEnd = new Float64Array(list.length);
    let m = -Infinity;
    list.forEach((x, i) => (maxEnd[i] = m = Math.max(m, T.end[x])));
    index.set(p, { starts, maxEnd });
  }
  return awaits.filter((w) => {
    const ix = T.call[w] >= 0 ? index.get(T.call[w]) : undefined;
    if (!ix) return true;
    // Children's waits that started before w ended; does any of them end after w started?
    const k = countLE(ix.starts, T.end[w] - 1e-9);
    return !(k > 0 && ix.maxEnd[k - 1] > T.start[w]);
  });
}

export function summarize(trace: Trace | ColumnarTrace): Summary {
  const data = columnar(trace);
  const T = data.spans;
  const { n, lane, kind, start: S, end: E } = T;
  const total = data.meta.durationMs;
  const busy = unionOfSpans(S, E, n, (i) => lane[i] === 0 && kind[i] !== KIND.await);
  const start = programStart(data);
  const leaves = leafAwaits(data);
  const isLeaf = new Uint8Array(n);
  let waitSum = 0;
  for (const w of leaves) { waitSum += E[w] - S[w]; isLeaf[w] = 1; }
  return {
    totalMs: total,
    startMs: start,
    programMs: roundUs(Math.max(0, total - start)),
    blockedMs: blockedMs(data, 0),
    busyMs: roundUs(busy),
    idleMs: roundUs(Math.max(0, total - start - busy)),
    peakConcurrency: concurrency(data).peak,
    lanes: data.lanes.length,
    awaits: awaitSpans(data).length,
    awaitWaitSumMs: roundUs(waitSum),
    awaitWallMs: roundUs(unionOfSpans(S, E, n, (i) => isLeaf[i] === 1)),
    exit: exitSummary(data),
  };
}

/** Start of the main lane's first span (its top-level script), or 0. */
export function programStart(trace: Trace | ColumnarTrace): number {
  const T = columnar(trace).spans;
  let start = Infinity;
  for (let i = 0; i < T.n; i++) if (T.lane[i] === 0 && T.start[i] < start) start = T.start[i];
  return Number.isFinite(start) ? start : 0;
}

export function exitSummary(trace: Pick<Trace, 'meta' | 'events'>): ExitSummary {
  const x = trace.meta.exit;
  const explicit = trace.events.some((e) => e.kind === 'exit' && e.explicit && e.lane === 0);
  const text = x.cancelled ? 'stopped' : x.timedOut ? 'timed out' : x.signal ? `killed (${x.signal})` : `exit ${x.code}${explicit ? ' (process.exit)' : ''}`;
  return { code: x.code, signal: x.signal, timedOut: x.timedOut, cancelled: !!x.cancelled, explicit, text };
}

export interface Comparison {
  /** Program time of trace a (`Summary.programMs`: start-up left out, it is the same for both), ms. */
  aMs: number;
  /** Program time of trace b, ms. */
  bMs: number;
  /** Which ran faster (`same` when within SAME_SPEED). */
  faster: 'a' | 'b' | 'same';
  /** Slower total / faster total (≥ 1). */
  speedup: number;
  /** `bMs - aMs`. */
  diffMs: number;
  /** Main-lane blocked time of each. */
  blockedMs: [number, number];
  /** Wall time of the leaf waits of each. */
  awaitWallMs: [number, number];
  /** Sum of the leaf waits of each. */
  awaitWaitSumMs: [number, number];
  /** Peak concurrency of each. */
  peakConcurrency: [number, number];
}

/** Two runs whose program times are within this factor of each other take "about the same time". */
export const SAME_SPEED = 1.05;

/** Compares two runs' summaries (sequential vs Promise.all, sync vs async, ...). */
export function compareSummaries(sa: Summary, sb: Summary): Comparison {
  const aMs = sa.programMs;
  const bMs = sb.programMs;
  const slow = Math.max(aMs, bMs);
  const fast = Math.min(aMs, bMs);
  const speedup = slow <= 0 ? 1 : slow / Math.max(fast, 0.001);
  return {
    aMs, bMs,
    faster: speedup < SAME_SPEED ? 'same' : aMs < bMs ? 'a' : 'b',
    speedup,
    diffMs: roundUs(bMs - aMs),
    blockedMs: [sa.blockedMs, sb.blockedMs],
    awaitWallMs: [sa.awaitWallMs, sb.awaitWallMs],
    awaitWaitSumMs: [sa.awaitWaitSumMs, sb.awaitWaitSumMs],
    peakConcurrency: [sa.peakConcurrency, sb.peakConcurrency],
  };
}

/** Compares two runs of variants of a program. */
export function compareTraces(a: Trace | ColumnarTrace, b: Trace | ColumnarTrace): Comparison {
  return compareSummaries(summarize(a), summarize(b));
}
