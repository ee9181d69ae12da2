/**
 * The view model: a Trace turned into rows of typed arrays (Float64Array starts/ends,
 * Uint8Array kinds, Int32Array span refs), not one object per span, so a million spans load and
 * draw quickly. One row per lane (the callbacks that ran), then one row per async call on that
 * lane (running pieces + await waits), then the concurrency strip and the console marks.
 */
import type { Trace, ConsoleEvent } from '../src/core/trace';
import { KIND, SPAN_KINDS } from '../src/core/span-kinds';
import { refAt, tableFromSpans, type SpanTable } from '../src/core/columns/table';

/** What a row item can be (its code is its index, stored in `Row.kinds`): a span kind, or a running piece of an async call. */
export const ITEM_KINDS = [...SPAN_KINDS, 'running'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
/** The item code of a running piece of an async call (after the span kinds' codes). */
export const RUNNING = SPAN_KINDS.length;

/** At most this many async-call rows per lane; the rest are counted in the last row's label. */
export const MAX_CALL_ROWS = 60;

export type RowType = 'header' | 'lane' | 'call' | 'concurrency' | 'console';

/** One horizontal row on the canvas. Items are sorted by start. */
export interface Row {
  type: RowType;
  /** Text in the label column (from the user's program: always set with textContent / fillText). */
  label: string;
  /** Which trace (0 = main, 1 = compared). */
  trace: number;
  lane: number;
  /** AsyncCall.id for a call row. */
  call?: number;
  /** Source line for a call row. */
  line?: number;
  /** Top y in CSS pixels (set by layout), and height. */
  y: number;
  height: number;
  /** Nesting depth for the label indent. */
  depth: number;
  n: number;
  starts: Float64Array;
  ends: Float64Array;
  /** Running maximum of `ends`: monotone, so a binary search finds the first item that reaches t0 even when items overlap. */
  maxEnd: Float64Array;
  kinds: Uint8Array;
  /** Span index (into `TraceModel.spans`), or -1 (a running piece of a call). */
  refs: Int32Array;
}

/** Blocked stretches of one lane, as typed arrays. */
export interface BlockedCols {
  starts: Float64Array;
  ends: Float64Array;
  /** Index into trace.blocked. */
  refs: Int32Array;
}

export interface TraceModel {
  /** The trace without its span objects (`trace.spans` is empty): the spans are in `spans`. */
  trace: Trace;
  /** The spans, as columns. */
  spans: SpanTable;
  index: number;
  duration: number;
  /** Per span index: lane and trigger (index, -1 when none). */
  spanLane: Uint16Array;
  spanTrigger: Int32Array;
  /** Span id → span index (the same number, -1 when out of range). */
  indexOfId: (id: number) => number;
  rows: Row[];
  /** Lane id → blocked stretches on it. */
  blocked: Map<number, BlockedCols>;
  /** Concurrency step function: at times[i] the count becomes counts[i]. */
  conc: { times: Float64Array; counts: Int32Array; peak: number };
  /** Indices into trace.events of console events, in order. */
  consoleIdx: Int32Array;
  /** Console event times (same order). */
  consoleT: Float64Array;
}

function makeRow(type: RowType, label: string, trace: number, lane: number, n: number, height: number, depth: number): Row {
  return {
    type, label, trace, lane, y: 0, height, depth, n,
    starts: new Float64Array(n), ends: new Float64Array(n), maxEnd: new Float64Array(n),
    kinds: new Uint8Array(n), refs: new Int32Array(n),
  };
}

/** Sorts the items of a row by start (only when they are not already) and fills maxEnd. */
function finishRow(r: Row): Row {
  let sorted = true;
  for (let i = 1; i < r.n; i++) if (r.starts[i] < r.starts[i - 1]) { sorted = false; break; }
  if (!sorted) {
    const order = Array.from({ length: r.n }, (_, i) => i).sort((a, b) => r.starts[a] - r.starts[b]);
    const s = r.starts.slice(), e = r.ends.slice(), k = r.kinds.slice(), f = r.refs.slice();
    order.forEach((o, i) => { r.starts[i] = s[o]; r.ends[i] = e[o]; r.kinds[i] = k[o]; r.refs[i] = f[o]; });
  }
  let m = -Infinity;
  for (let i = 0; i < r.n; i++) { if (r.ends[i] > m) m = r.ends[i]; r.maxEnd[i] = m; }
  return r;
}

const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** Builds the view model of one trace (spans from `table` when given, else from trace.spans). */
export function buildModel(input: Trace, index: number, header?: string, table?: SpanTable): TraceModel {
  const T = table ?? tableFromSpans(input.spans);
  // The span objects are let go: from here on the spans live in the table only.
  const trace: Trace = { ...input, spans: [] };
  const nSpans = T.n;
  const indexOfId = (id: number): number => refAt(T, id);

  let duration = num(trace.meta?.durationMs);
  const laneIds = trace.lanes.map((l) => l.id);
  const spanLane = T.lane;
  const spanTrigger = new Int32Array(nSpans);
  // Per lane id (a Uint16): callbacks on it; -1 = no span at all.
  const laneCounts = new Int32Array(65536).fill(-1);
  const awaitsOf = new Map<number, number[]>();
  const { lane: L, kind: K, end: E, trigger: TR, call: C } = T;
  for (let i = 0; i < nSpans; i++) {
    const lane = L[i];
    const tr = TR[i];
    spanTrigger[i] = tr < nSpans ? tr : -1;
    if (E[i] > duration) duration = E[i];
    if (laneCounts[lane] < 0) laneCounts[lane] = 0;
    if (K[i] !== KIND.await) laneCounts[lane]++;
    else if (C[i] >= 0) {
      let a = awaitsOf.get(C[i]);
      if (!a) awaitsOf.set(C[i], (a = []));
      a.push(i);
    }
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

  const rows: Row[] = [];
  if (header !== undefined) rows.push(makeRow('header', header, index, -1, 0, 22, 0));
  const laneRowOf = new Map<number, Row>();
  for (const laneId of laneIds) {
    const lane = trace.lanes.find((l) => l.id === laneId);
    const r = makeRow('lane', lane?.label ?? `lane ${laneId}`, index, laneId, laneCount(laneId), 30, 0);
    laneRowOf.set(laneId, r);
    rows.push(r);
    const calls = callsOfLane.get(laneId) ?? [];
    const shown = calls.slice(0, MAX_CALL_ROWS);
    shown.forEach((ci, k) => {
      const c = trace.asyncCalls[ci];
      const aw = (awaitsOf.get(c.id) ?? []).slice().sort((a, b) => T.start[a] - T.start[b]);
      // Running pieces: call start → first await, each resume → next await, last resume → end.
      const pieces: [number, number][] = [];
      let from = num(c.start);
      let open = false;
      for (const ai of aw) {
        if (T.start[ai] > from) pieces.push([from, T.start[ai]]);
        from = T.end[ai];
        open = T.open[ai] === 1;
      }
      const end = c.end ?? (open ? from : duration);
      if (end > from) pieces.push([from, end]);
      const name = c.name + (c.line !== undefined ? ` :${c.line}` : '');
      const more = k === shown.length - 1 && calls.length > shown.length ? `  (+${calls.length - shown.length})` : '';
      const row = makeRow('call', name + more, index, laneId, pieces.length + aw.length, 18, c.parent !== undefined ? 2 : 1);
      row.call = c.id;
      row.line = c.line;
      let j = 0;
      for (const [a, b] of pieces) { row.starts[j] = a; row.ends[j] = b; row.kinds[j] = RUNNING; row.refs[j] = -1; j++; }
      for (const ai of aw) { row.starts[j] = T.start[ai]; row.ends[j] = T.end[ai]; row.kinds[j] = KIND.await; row.refs[j] = ai; j++; }
      rows.push(finishRow(row));
    });
  }
  // Fill lane rows. With few lanes, one tight pass per lane (its arrays at hand); with many, one
  // pass over the spans that looks each one's row up.
  const S = T.start;
  const laneList = [...laneRowOf.entries()].filter(([, r]) => r.n > 0);
  if (laneList.length <= 8) {
    for (const [laneId, r] of laneList) {
      const { starts, ends, kinds, refs } = r;
      let j = 0;
      for (let i = 0; i < nSpans; i++) {
        const k = K[i];
        if (L[i] !== laneId || k === KIND.await) continue;
        starts[j] = S[i]; ends[j] = E[i]; kinds[j] = k; refs[j] = i;
        j++;
      }
    }
  } else {
    const laneRows: Row[] = [];
    const laneFill = new Int32Array(65536);
    for (const [id, r] of laneList) laneRows[id] = r;
    for (let i = 0; i < nSpans; i++) {
      if (K[i] === KIND.await) continue;
      const r = laneRows[L[i]];
      const j = laneFill[L[i]]++;
      r.starts[j] = S[i]; r.ends[j] = E[i]; r.kinds[j] = K[i]; r.refs[j] = i;
    }
  }
  for (const r of laneRowOf.values()) finishRow(r);

  // Blocked stretches per lane.
  const blocked = new Map<number, BlockedCols>();
  const byLane = new Map<number, number[]>();
  trace.blocked.forEach((b, i) => { let a = byLane.get(b.lane); if (!a) byLane.set(b.lane, (a = [])); a.push(i); });
  for (const [lane, idx] of byLane) {
    idx.sort((a, b) => trace.blocked[a].start - trace.blocked[b].start);
    blocked.set(lane, {
      starts: Float64Array.from(idx, (i) => trace.blocked[i].start),
      ends: Float64Array.from(idx, (i) => trace.blocked[i].end),
      refs: Int32Array.from(idx),
    });
  }

  const conc = concurrency(T, spanTrigger);
  const cIdx: number[] = [];
  trace.events.forEach((e, i) => { if (e.kind === 'console') cIdx.push(i); });
  const consoleIdx = Int32Array.from(cIdx);
  const consoleT = Float64Array.from(cIdx, (i) => (trace.events[i] as ConsoleEvent).t);
  const concRow = makeRow('concurrency', '', index, -1, 0, 34, 0);
  const consoleRow = makeRow('console', '', index, -1, 0, 20, 0);
  rows.push(concRow, consoleRow);
  return { trace, spans: T, index, duration, spanLane, spanTrigger, indexOfId, rows, blocked, conc, consoleIdx, consoleT };
}

/**
 * Operations pending over time: a timer, I/O or immediate callback is pending from the moment the
 * callback that scheduled it ended (its trigger) until it starts; when the trace has no such
 * links, each await counts from suspend to resume.
 */
export function concurrency(T: SpanTable, spanTrigger: Int32Array): TraceModel['conc'] {
  // Rises and falls in typed arrays, each sorted on its own (natively, and only when it is not
  // already), then merged.
  const { kind: K, start: S, end: E, n } = T;
  const upAll = new Float64Array(n), downAll = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const k = K[i];
    if ((k === KIND.timer || k === KIND.immediate || k === KIND.io) && spanTrigger[i] >= 0) {
      const from = Math.min(E[spanTrigger[i]], S[i]);
      if (S[i] > from) { upAll[m] = from; downAll[m] = S[i]; m++; }
    }
  }
  if (m === 0) {
    for (let i = 0; i < n; i++) if (K[i] === KIND.await && E[i] > S[i]) { upAll[m] = S[i]; downAll[m] = E[i]; m++; }
  }
  const sorted = (a: Float64Array): Float64Array => {
    for (let i = 1; i < a.length; i++) if (a[i] < a[i - 1]) return a.sort();
    return a;
  };
  const u = sorted(upAll.subarray(0, m)), d = sorted(downAll.subarray(0, m));
  const times = new Float64Array(u.length + d.length);
  const counts = new Int32Array(u.length + d.length);
  let c = 0, peak = 0, i = 0, j = 0, k = 0;
  while (i < u.length || j < d.length) {
    // At equal times the fall comes first, so touching intervals do not count as overlapping.
    if (j < d.length && (i >= u.length || d[j] <= u[i])) { c--; times[k] = d[j++]; }
    else { c++; times[k] = u[i++]; }
    counts[k++] = c;
    if (c > peak) peak = c;
  }
  return { times, counts, peak };
}

/** Lays rows out top to bottom; returns the total height. */
export function layoutRows(rows: Row[], gap = 2): number {
  let y = 0;
  for (const r of rows) { r.y = y; y += r.height + gap; }
  return y;
}
