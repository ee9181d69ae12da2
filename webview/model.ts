/**
 * The view model: the rows the timeline draws, laid out from the trace's span columns (no span
 * objects): one row per lane (the callbacks that ran) and under it its top-level waits, then one
 * row per async call on that lane (its running pieces and its awaits, from core/calls.ts) and
 * under each the waits it started (wait-rows.ts), then the concurrency strip (the core's
 * concurrency, whose peak is the summary's) and the console marks. Layout only: the analyses are
 * the core's (the summary as the payload carries it, the waits and the strip computed by the core).
 */
import type { ConsoleEvent, Trace } from '../src/core/trace';
import { KIND } from '../src/core/span-kinds';
import { columnar, type ColumnarTrace, type SpanTable } from '../src/core/columns/table';
import { concurrency, type Concurrency } from '../src/core/concurrency';
import { summarize, type Summary } from '../src/core/summary';
import { blockedByLane, type LaneBlocked } from '../src/core/blocked';
import { awaitsByCall, runningPieces, traceEnd } from '../src/core/calls';
import { waits, type WaitTable } from '../src/core/waits';
import { makeRow, ownRow, finishRow, RUNNING, type Row } from './rows';
import { groupsByOwner, waitRows } from './wait-rows';

export { ITEM_KINDS, RUNNING, type ItemKind, type Row, type RowType } from './rows';

/** At most this many async-call rows per lane; the rest are counted in the last row's label. */
export const MAX_CALL_ROWS = 60;
/** Up to this many spans, the wait rows are part of the first paint; beyond, they follow it. */
export const EAGER_WAITS = 200_000;

export interface TraceModel {
  /** The trace, its spans as columns: what the core's analyses read. */
  trace: ColumnarTrace;
  /** `trace.spans`. */
  spans: SpanTable;
  index: number;
  duration: number;
  rows: Row[];
  /** Lane id → blocked stretches on it. */
  blocked: Map<number, LaneBlocked>;
  /** The core's summary of the run (the summary line; its peak concurrency labels the strip). */
  summary: Summary;
  /** Operations pending over time (core/concurrency.ts): the strip, made on first use; its peak is the summary's. */
  readonly conc: Concurrency;
  /** The waits (core/waits.ts): what the wait rows show (computed on first use). */
  readonly waits: WaitTable;
  /**
   * A large trace's wait rows come after its first paint: true until `loadWaits` has laid them
   * out (the lanes, calls and strips are on screen meanwhile).
   */
  waitsPending: boolean;
  /** Lays the wait rows out if they were deferred; true when the rows changed. */
  loadWaits(): boolean;
  /** Wait groups (WaitGroup.id) the user opened. */
  expanded: Set<number>;
  /** Lays the rows out again (after `expanded` changed). */
  relayout(): void;
  /** Indices into trace.events of console events, in order. */
  consoleIdx: Int32Array;
  /** Console event times (same order). */
  consoleT: Float64Array;
}

/** The rows of async calls on a lane (at most MAX_CALL_ROWS): its running pieces (columns of its own) and its awaits. */
function callRows(data: ColumnarTrace, calls: number[], index: number, laneId: number, duration: number): Row[] {
  const T = data.spans;
  const shown = calls.slice(0, MAX_CALL_ROWS);
  return shown.map((ci, k) => {
    const c = data.asyncCalls[ci];
    const aw = awaitsByCall(data).get(c.id) ?? [];
    const pieces = runningPieces(data, c, duration);
    const name = c.name + (c.line !== undefined ? ` :${c.line}` : '');
    const more = k === shown.length - 1 && calls.length > shown.length ? `  (+${calls.length - shown.length})` : '';
    const row = ownRow('call', name + more, index, laneId, pieces.length + aw.length, 18, c.parent !== undefined ? 2 : 1);
    row.call = c.id;
    row.line = c.line;
    const { cols: { start, end, kind }, refs } = row;
    let j = 0;
    for (const [a, b] of pieces) { start[j] = a; end[j] = b; kind[j] = RUNNING; refs![j] = -1; j++; }
    for (const ai of aw) { start[j] = T.start[ai]; end[j] = T.end[ai]; kind[j] = KIND.await; refs![j] = ai; j++; }
    return finishRow(row);
  });
}

/**
 * The lane rows: each lane's callbacks (its spans but the awaits) as indices into the span
 * columns. With few lanes, one tight pass per lane; with many, one pass that looks each span's
 * row up. `counts[lane]` is how many there are.
 */
function laneRows(T: SpanTable, lanes: { laneId: number; label: string }[], counts: (lane: number) => number, index: number): Map<number, Row> {
  const { lane: L, kind: K, n } = T;
  const at = new Map(lanes.map(({ laneId }) => [laneId, new Int32Array(counts(laneId))]));
  const full = [...at.entries()].filter(([, a]) => a.length > 0);
  if (full.length <= 8) {
    for (const [laneId, a] of full) {
      let j = 0;
      for (let i = 0; i < n; i++) if (L[i] === laneId && K[i] !== KIND.await) a[j++] = i;
    }
  } else {
    const byLane: Int32Array[] = [];
    const fill = new Int32Array(65536);
    for (const [id, a] of full) byLane[id] = a;
    for (let i = 0; i < n; i++) if (K[i] !== KIND.await) byLane[L[i]][fill[L[i]]++] = i;
  }
  const cols = { start: T.start, end: T.end, kind: T.kind };
  return new Map(lanes.map(({ laneId, label }) => [laneId, makeRow('lane', label, index, laneId, 30, 0, cols, at.get(laneId))]));
}

/**
 * Builds the view model of one trace (a plain trace's spans are turned into columns first).
 * `summary` is the core's summary of it as the payload carries it (else the core computes it here).
 */
export function buildModel(input: Trace | ColumnarTrace, index: number, header?: string, summary?: Summary): TraceModel {
  const trace = columnar(input);
  const T = trace.spans;
  const duration = traceEnd(trace);
  const laneIds = trace.lanes.map((l) => l.id);
  // Per lane id (a Uint16): callbacks on it; -1 = no span at all.
  const laneCounts = new Int32Array(65536).fill(-1);
  for (let i = 0; i < T.n; i++) {
    const lane = T.lane[i];
    if (laneCounts[lane] < 0) laneCounts[lane] = 0;
    if (T.kind[i] !== KIND.await) laneCounts[lane]++;
  }
  const laneSet = new Set(laneIds);
  for (let lane = 0; lane < 65536; lane++) if (laneCounts[lane] >= 0 && !laneSet.has(lane)) { laneSet.add(lane); laneIds.push(lane); }
  const laneCount = (id: number): number => (Number.isInteger(id) && id >= 0 && id < 65536 ? Math.max(0, laneCounts[id]) : 0);
  const callsOfLane = new Map<number, number[]>();
  trace.asyncCalls.forEach((c, i) => {
    let a = callsOfLane.get(c.lane);
    if (!a) callsOfLane.set(c.lane, (a = []));
    a.push(i);
  });

  let w: WaitTable | undefined;
  let owners: ReturnType<typeof groupsByOwner> | undefined;
  const waitsNow = (): WaitTable => (w ??= waits(trace));
  const ownersNow = () => (owners ??= groupsByOwner(waitsNow()));
  const expanded = new Set<number>();
  let pending = T.n > EAGER_WAITS;
  // The fixed rows, made once; the wait rows between them are laid out again when a group opens.
  const headerRow = header !== undefined ? makeRow('header', header, index, -1, 22, 0) : undefined;
  const laneRowOf = laneRows(T, laneIds.map((laneId) => ({ laneId, label: trace.lanes.find((l) => l.id === laneId)?.label ?? `lane ${laneId}` })), laneCount, index);
  const blocks = laneIds.map((laneId) => ({ laneId, row: laneRowOf.get(laneId)!, calls: callRows(trace, callsOfLane.get(laneId) ?? [], index, laneId, duration) }));
  const tail = [makeRow('concurrency', '', index, -1, 34, 0), makeRow('console', '', index, -1, 20, 0)];
  const assemble = (): Row[] => {
    const rows: Row[] = headerRow ? [headerRow] : [];
    for (const b of blocks) {
      rows.push(b.row);
      if (!pending) rows.push(...waitRows(waitsNow(), ownersNow().get(`${b.laneId}:-1`) ?? [], index, b.laneId, 1, expanded));
      for (const c of b.calls) {
        rows.push(c);
        if (!pending) rows.push(...waitRows(waitsNow(), ownersNow().get(`${b.laneId}:${c.call}`) ?? [], index, b.laneId, c.depth + 1, expanded));
      }
    }
    return rows.concat(tail);
  };

  const cIdx: number[] = [];
  trace.events.forEach((e, i) => { if (e.kind === 'console') cIdx.push(i); });
  const consoleIdx = Int32Array.from(cIdx);
  const consoleT = Float64Array.from(cIdx, (i) => (trace.events[i] as ConsoleEvent).t);
  let conc: Concurrency | undefined;
  const model: TraceModel = {
    trace, spans: T, index, duration, rows: assemble(), blocked: blockedByLane(trace), consoleIdx, consoleT,
    summary: summary ?? summarize(trace), expanded,
    get waits(): WaitTable { return waitsNow(); },
    get waitsPending(): boolean { return pending; },
    relayout: () => { model.rows = assemble(); },
    loadWaits: () => {
      if (!pending) return false;
      pending = false;
      model.rows = assemble();
      return true;
    },
    // Made when the strip is first painted or pointed at: below the fold, not before the first paint.
    get conc(): Concurrency { return (conc ??= concurrency(trace)); },
  };
  return model;
}

/** Lays rows out top to bottom; returns the total height. */
export function layoutRows(rows: Row[], gap = 2): number {
  let y = 0;
  for (const r of rows) { r.y = y; y += r.height + gap; }
  return y;
}
