/**
 * Numbers about a whole trace, as the CLI prints them and the webview shows them: time blocked,
 * busy and idle on the main thread, peak concurrency, and the "sum of waits vs wall time" of awaits.
 */
import type { Span, Trace } from './trace';
import { concurrency } from './concurrency';
import { countLE, roundUs, unionLength } from './intervals';

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
  /** Most operations (timers, immediates, I/O) pending at once, all lanes (see `concurrency`). */
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

/**
 * The awaits that waited on something other than another async function of the program: an
 * await is left out when an async function it called (directly) was itself waiting at an await
 * during it. `await Promise.all(tasks)` waits only for the tasks' own waits, so counting it too
 * would count the same time twice.
 */
export function leafAwaits(trace: Trace): Span[] {
  const awaits = trace.spans.filter((s) => s.kind === 'await');
  // For each call: its children's await intervals, sorted by start, with a running max of ends.
  const byParent = new Map<number, { start: number; end: number }[]>();
  for (const a of awaits) {
    if (a.call === undefined) continue;
    const p = trace.asyncCalls[a.call]?.parent;
    if (p === undefined) continue;
    let list = byParent.get(p);
    if (!list) byParent.set(p, (list = []));
    list.push(a);
  }
  const index = new Map<number, { starts: Float64Array; maxEnd: Float64Array }>();
  for (const [p, list] of byParent) {
    list.sort((x, y) => x.start - y.start);
    const starts = Float64Array.from(list, (x) => x.start);
    const maxEnd = new Float64Array(list.length);
    let m = -Infinity;
    list.forEach((x, i) => (maxEnd[i] = m = Math.max(m, x.end)));
    index.set(p, { starts, maxEnd });
  }
  return awaits.filter((w) => {
    const ix = w.call === undefined ? undefined : index.get(w.call);
    if (!ix) return true;
    // Children's waits that started before w ended; does any of them end after w started?
    const k = countLE(ix.starts, w.end - 1e-9);
    return !(k > 0 && ix.maxEnd[k - 1] > w.start);
  });
}

export function summarize(trace: Trace): Summary {
  const total = trace.meta.durationMs;
  const main = trace.spans.filter((s) => s.lane === 0 && s.kind !== 'await');
  const busy = unionLength(main);
  const leaves = leafAwaits(trace);
  const start = programStart(trace);
  return {
    totalMs: total,
    startMs: start,
    programMs: roundUs(Math.max(0, total - start)),
    blockedMs: roundUs(unionLength(trace.blocked.filter((b) => b.lane === 0))),
    busyMs: roundUs(busy),
    idleMs: roundUs(Math.max(0, total - start - busy)),
    peakConcurrency: concurrency(trace).peak,
    lanes: trace.lanes.length,
    awaits: trace.spans.reduce((n, s) => n + (s.kind === 'await' ? 1 : 0), 0),
    awaitWaitSumMs: roundUs(leaves.reduce((n, s) => n + (s.end - s.start), 0)),
    awaitWallMs: roundUs(unionLength(leaves)),
    exit: exitSummary(trace),
  };
}

/** Start of the main lane's first span (its top-level script), or 0. */
export function programStart(trace: Trace): number {
  let start = Infinity;
  for (const s of trace.spans) if (s.lane === 0 && s.start < start) start = s.start;
  return Number.isFinite(start) ? start : 0;
}

export function exitSummary(trace: Trace): ExitSummary {
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
  /** Which ran faster (`same` when within 1%). */
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

/** Compares two runs of variants of a program (sequential vs Promise.all, sync vs async, ...). */
export function compareTraces(a: Trace, b: Trace): Comparison {
  const sa = summarize(a);
  const sb = summarize(b);
  const aMs = sa.programMs;
  const bMs = sb.programMs;
  const slow = Math.max(aMs, bMs);
  const fast = Math.min(aMs, bMs);
  const speedup = slow <= 0 ? 1 : slow / Math.max(fast, 0.001);
  return {
    aMs, bMs,
    faster: speedup < 1.01 ? 'same' : aMs < bMs ? 'a' : 'b',
    speedup: Math.round(speedup * 1000) / 1000,
    diffMs: roundUs(bMs - aMs),
    blockedMs: [sa.blockedMs, sb.blockedMs],
    awaitWallMs: [sa.awaitWallMs, sb.awaitWallMs],
    awaitWaitSumMs: [sa.awaitWaitSumMs, sb.awaitWaitSumMs],
    peakConcurrency: [sa.peakConcurrency, sb.peakConcurrency],
  };
}

/** A duration for people: `850 µs`, `4.25 ms`, `12.3 ms`, `420 ms`, `1.25 s`, `12.5 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${trim(ms.toFixed(2))} ms`;
  if (ms < 100) return `${trim(ms.toFixed(1))} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${trim(s.toFixed(2))} s`;
  if (s < 59.95) return `${trim(s.toFixed(1))} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

const trim = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);
