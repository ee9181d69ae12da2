/**
 * The view model: a Trace turned into rows of typed arrays (Float64Array starts/ends,
 * Uint8Array kinds, Int32Array span refs), not one object per span, so a million spans load and
 * draw quickly. One row per lane (the callbacks that ran), then one row per async call on that
 * lane (running pieces + await waits), then the concurrency strip and the console marks.
 */
import type { Trace, SpanKind, ConsoleEvent } from '../src/core/trace';

/** Kind codes stored in `Row.kinds`. */
export const KINDS = ['script', 'nextTick', 'microtask', 'timer', 'immediate', 'io', 'await', 'running'] as const;
export type ItemKind = (typeof KINDS)[number];
export const K_AWAIT = 6;
export const K_RUNNING = 7;
const kindCode: Record<string, number> = Object.fromEntries(KINDS.map((k, i) => [k, i]));
export function codeOf(kind: SpanKind | 'running'): number {
  return kindCode[kind] ?? 5;
}

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
  /** Index into trace.spans, or -1 (a running piece of a call). */
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
  trace: Trace;
  index: number;
  duration: number;
  /** Per span index: lane and trigger (index, -1 when none). */
  spanLane: Uint16Array;
  spanTrigger: Int32Array;
  /** Span id → index in trace.spans (identity in a well-formed trace). */
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

/** Builds the view model of one trace. `rowLabel` gives header text in compare mode. */
export function buildModel(trace: Trace, index: number, header?: string): TraceModel {
  const spans = trace.spans;
  const nSpans = spans.length;
  let identity = true;
  for (let i = 0; i < nSpans; i++) if (spans[i].id !== i) { identity = false; break; }
  let idMap: Map<number, number> | undefined;
  if (!identity) { idMap = new Map(); spans.forEach((s, i) => idMap!.set(s.id, i)); }
  const indexOfId = (id: number): number => (identity ? (id >= 0 && id < nSpans ? id : -1) : idMap!.get(id) ?? -1);

  let duration = num(trace.meta?.durationMs);
  const laneIds = trace.lanes.map((l) => l.id);
  const laneSet = new Set(laneIds);
  const spanLane = new Uint16Array(nSpans);
  const spanTrigger = new Int32Array(nSpans);
  const laneCount = new Map<number, number>();
  for (let i = 0; i < nSpans; i++) {
    const s = spans[i];
    spanLane[i] = s.lane;
    spanTrigger[i] = s.trigger === undefined ? -1 : indexOfId(s.trigger);
    if (s.end > duration) duration = s.end;
    if (!laneSet.has(s.lane)) { laneSet.add(s.lane); laneIds.push(s.lane); }
    if (s.kind !== 'await') laneCount.set(s.lane, (laneCount.get(s.lane) ?? 0) + 1);
  }

  // Awaits grouped by call.
  const awaitsOf = new Map<number, number[]>();
  for (let i = 0; i < nSpans; i++) {
    const s = spans[i];
    if (s.kind === 'await' && s.call !== undefined) {
      let a = awaitsOf.get(s.call);
      if (!a) awaitsOf.set(s.call, (a = []));
      a.push(i);
    }
  }
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
    const r = makeRow('lane', lane?.label ?? `lane ${laneId}`, index, laneId, laneCount.get(laneId) ?? 0, 30, 0);
    laneRowOf.set(laneId, r);
    rows.push(r);
    const calls = callsOfLane.get(laneId) ?? [];
    const shown = calls.slice(0, MAX_CALL_ROWS);
    shown.forEach((ci, k) => {
      const c = trace.asyncCalls[ci];
      const aw = (awaitsOf.get(c.id) ?? []).slice().sort((a, b) => spans[a].start - spans[b].start);
      // Running pieces: call start → first await, each resume → next await, last resume → end.
      const pieces: [number, number][] = [];
      let from = num(c.start);
      let open = false;
      for (const ai of aw) {
        const s = spans[ai];
        if (s.start > from) pieces.push([from, s.start]);
        from = s.end;
        open = !!s.open;
      }
      const end = c.end ?? (open ? from : duration);
      if (end > from) pieces.push([from, end]);
      const name = c.name + (c.line !== undefined ? ` :${c.line}` : '');
      const more = k === shown.length - 1 && calls.length > shown.length ? `  (+${calls.length - shown.length})` : '';
      const row = makeRow('call', name + more, index, laneId, pieces.length + aw.length, 18, c.parent !== undefined ? 2 : 1);
      row.call = c.id;
      row.line = c.line;
      let j = 0;
      for (const [a, b] of pieces) { row.starts[j] = a; row.ends[j] = b; row.kinds[j] = K_RUNNING; row.refs[j] = -1; j++; }
      for (const ai of aw) { row.starts[j] = spans[ai].start; row.ends[j] = spans[ai].end; row.kinds[j] = K_AWAIT; row.refs[j] = ai; j++; }
      rows.push(finishRow(row));
    });
  }
  // Fill lane rows.
  const fill = new Map<number, number>();
  for (let i = 0; i < nSpans; i++) {
    const s = spans[i];
    if (s.kind === 'await') continue;
    const r = laneRowOf.get(s.lane)!;
    const j = fill.get(s.lane) ?? 0;
    r.starts[j] = num(s.start); r.ends[j] = Math.max(num(s.start), num(s.end)); r.kinds[j] = codeOf(s.kind); r.refs[j] = i;
    fill.set(s.lane, j + 1);
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

  const conc = concurrency(trace, spanTrigger);
  const cIdx: number[] = [];
  trace.events.forEach((e, i) => { if (e.kind === 'console') cIdx.push(i); });
  const consoleIdx = Int32Array.from(cIdx);
  const consoleT = Float64Array.from(cIdx, (i) => (trace.events[i] as ConsoleEvent).t);
  const concRow = makeRow('concurrency', '', index, -1, 0, 34, 0);
  const consoleRow = makeRow('console', '', index, -1, 0, 20, 0);
  rows.push(concRow, consoleRow);
  return { trace, index, duration, spanLane, spanTrigger, indexOfId, rows, blocked, conc, consoleIdx, consoleT };
}

/**
 * Operations pending over time: a timer, I/O or immediate callback is pending from the moment the
 * callback that scheduled it ended (its trigger) until it starts; when the trace has no such
 * links, each await counts from suspend to resume.
 */
export function concurrency(trace: Trace, spanTrigger: Int32Array): TraceModel['conc'] {
  const deltas: [number, number][] = [];
  const spans = trace.spans;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if ((s.kind === 'timer' || s.kind === 'io' || s.kind === 'immediate') && spanTrigger[i] >= 0) {
      const from = Math.min(spans[spanTrigger[i]].end, s.start);
      if (s.start > from) { deltas.push([from, 1], [s.start, -1]); }
    }
  }
  if (deltas.length === 0) {
    for (const s of spans) if (s.kind === 'await' && s.end > s.start) deltas.push([s.start, 1], [s.end, -1]);
  }
  deltas.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const times = new Float64Array(deltas.length);
  const counts = new Int32Array(deltas.length);
  let c = 0, peak = 0;
  deltas.forEach(([tm, d], i) => { c += d; times[i] = tm; counts[i] = c; if (c > peak) peak = c; });
  return { times, counts, peak };
}

/** Lays rows out top to bottom; returns the total height. */
export function layoutRows(rows: Row[], gap = 2): number {
  let y = 0;
  for (const r of rows) { r.y = y; y += r.height + gap; }
  return y;
}
