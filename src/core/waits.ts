/**
 * Waits: every pending operation (a timer, an immediate, an I/O request) from the moment it was
 * started to the moment its callback ran, as columns. A resource that ran several times (a
 * setInterval, a socket's data) waits again from the end of each run to the next. Each wait knows
 * the async call that started it (the innermost call running on its lane at that moment), when a
 * timer was due, and the line that started it: in the code it is drawn under (a span's
 * `callerLine`, the `sleep(250)` of a `setTimeout` inside a plain helper), else the innermost one.
 * Waits from the same line under the same call are siblings: a group, which the view folds into
 * one row when there are many.
 *
 * A wait's interval is [from, to): back-to-back waits do not overlap, so three sleeps one after
 * another are a staircase and three in `Promise.all` are three overlapping bars.
 */
import { columnar, type ColumnarTrace } from './columns/table';
import type { IntColumn } from './columns/narrow';
import { isOperation, KIND } from './span-kinds';
import type { Trace } from './trace';
import { runningPieces, traceEnd } from './calls';
import { stepFunction, type StepFunction } from './intervals';

export interface WaitTable {
  n: number;
  /** The callback span the wait led to. */
  span: Int32Array;
  lane: Uint16Array;
  /** AsyncCall id of the call that started it; -1 = none (top-level code or a plain callback). */
  call: Int32Array;
  /** Started: the operation's creation, or the end of its previous run. */
  from: Float64Array;
  /** Ended: its callback started. */
  to: Float64Array;
  /** When a timer was due (from + delay); NaN when not a timer or the delay is unknown. */
  due: Float64Array;
  /** The callback's span kind code (timer, immediate, io). */
  kind: Uint8Array;
  /** 1-based line that started it (the span's callerLine, else its line); -1 = unknown. */
  line: Int32Array;
  /** Index into `groups`. */
  group: Int32Array;
  /** Sibling groups, ordered by their first wait. */
  groups: WaitGroup[];
}

/** Waits of one line (or, without a line, one kind of operation) under one call on one lane. */
export interface WaitGroup {
  id: number;
  lane: number;
  /** AsyncCall id, -1 = none. */
  call: number;
  /** 1-based line, -1 = unknown. */
  line: number;
  /** What the operation is: the span's detail (as written), else its resource type; the words its waits' details share when they differ (`setTimeout` for 20 ms and 21 ms ones). */
  label: string;
  /** The span kind code of its callbacks. */
  kind: number;
  /** Wait indexes, in the order their callbacks ran. */
  waits: Int32Array;
  /** When its first wait started, ms. */
  firstFrom: number;
}

/** The innermost async call running on a lane at a time: calls' running pieces, searched by start. */
class CallAt {
  private readonly byLane = new Map<number, { a: Float64Array; b: Float64Array; call: Int32Array }>();

  constructor(data: ColumnarTrace, end: number) {
    const tmp = new Map<number, [number, number, number][]>();
    for (const c of data.asyncCalls) {
      let list = tmp.get(c.lane);
      if (!list) tmp.set(c.lane, (list = []));
      for (const [a, b] of runningPieces(data, c, end)) list.push([a, b, c.id]);
    }
    for (const [lane, list] of tmp) {
      list.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
      this.byLane.set(lane, { a: Float64Array.from(list, (p) => p[0]), b: Float64Array.from(list, (p) => p[1]), call: Int32Array.from(list, (p) => p[2]) });
    }
  }

  /** The call whose running piece started last before `t` and still ran at `t`, or -1. */
  at(lane: number, t: number): number {
    const p = this.byLane.get(lane);
    if (!p) return -1;
    let lo = 0, hi = p.a.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (p.a[mid] <= t) lo = mid + 1; else hi = mid; }
    // Nested calls' pieces lie inside their callers': the first one back that covers t is the innermost.
    for (let i = lo - 1, seen = 0; i >= 0 && seen < 64; i--, seen++) if (p.b[i] >= t) return p.call[i];
    return -1;
  }
}

/** (lane, async id) → a number, dense for the small ids Node hands out per thread, else a Map. */
class ResourceSlots {
  private readonly dense: Int32Array[] = [];
  private readonly sparse = new Map<number, Map<number, number>>();

  /** The value for (lane, id), or -1. */
  get(lane: number, id: number): number {
    if (id >= 0 && id < DENSE_IDS && Number.isInteger(id)) {
      const d = this.dense[lane];
      return d && id < d.length ? d[id] - 1 : -1;
    }
    return this.sparse.get(lane)?.get(id) ?? -1;
  }

  set(lane: number, id: number, v: number): void {
    if (id >= 0 && id < DENSE_IDS && Number.isInteger(id)) {
      let d = this.dense[lane];
      if (!d || d.length <= id) {
        const grown = new Int32Array(Math.max(1024, 2 ** Math.ceil(Math.log2(id + 1))));
        if (d) grown.set(d);
        this.dense[lane] = d = grown;
      }
      d[id] = v + 1;
      return;
    }
    let m = this.sparse.get(lane);
    if (!m) this.sparse.set(lane, (m = new Map()));
    m.set(id, v);
  }
}

/** Async ids below this are kept in typed arrays (they are small counters per thread). */
const DENSE_IDS = 1 << 24;

const cache = new WeakMap<object, WaitTable>();

/** The waits of a trace (kept per trace). */
export function waits(trace: Trace | ColumnarTrace): WaitTable {
  const data = columnar(trace);
  const hit = cache.get(data);
  if (hit) return hit;
  const T = data.spans;
  const { n, kind, lane, start, end, scheduled, asyncId } = T;
  const delay = T.delay;
  const w: RawWaits = { span: new Int32Array(n), from: new Float64Array(n), to: new Float64Array(n), due: new Float64Array(n), first: new Int32Array(n) };
  let m = 0;
  // (lane, async id) → the last run of that resource so far (its next wait starts where that run
  // ended), and its first wait (which decides the call all its waits belong to).
  const lastRun = new ResourceSlots(), firstWait = new ResourceSlots();
  for (let i = 0; i < n; i++) {
    if (!isOperation(kind[i])) continue;
    const l = lane[i], id = asyncId[i];
    const prev = id >= 0 ? lastRun.get(l, id) : -1;
    if (id >= 0) lastRun.set(l, id, i);
    let from: number;
    if (prev >= 0) from = end[prev];
    else if (scheduled[i] <= start[i]) from = scheduled[i];
    else continue; // no creation time recorded: nothing to say about its wait
    if (!(start[i] >= from)) continue;
    w.span[m] = i;
    w.from[m] = from;
    w.to[m] = start[i];
    const d = delay[i];
    w.due[m] = kind[i] === KIND.timer && d >= 0 ? (prev >= 0 ? start[prev] : from) + d : NaN;
    const f = id >= 0 ? firstWait.get(l, id) : -1;
    if (f >= 0) w.first[m] = f;
    else { w.first[m] = m; if (id >= 0) firstWait.set(l, id, m); }
    m++;
  }
  const table = groupWaits(data, m, w);
  cache.set(data, table);
  return table;
}

interface RawWaits {
  span: Int32Array;
  from: Float64Array;
  to: Float64Array;
  due: Float64Array;
  /** Index of the first wait of the same resource (itself for the first). */
  first: Int32Array;
}

/** Calls per lane are at most this many (a lane and a call id make one number key). */
const CALL_KEY = 2 ** 26;

function groupWaits(data: ColumnarTrace, m: number, w: RawWaits): WaitTable {
  const T = data.spans;
  const detail = T.detail;
  const line = lineOfWait(T.line, T.callerLine);
  const calls = new CallAt(data, traceEnd(data));
  const call = new Int32Array(m), laneCol = new Uint16Array(m), kindCol = new Uint8Array(m), lineCol = new Int32Array(m), group = new Int32Array(m);
  // (lane, call) → (line, or -(label, kind) - 1 without one) → group.
  const byOwner = new Map<number, Map<number, number>>();
  const groups: WaitGroup[] = [];
  let sizes = new Int32Array(64);
  /** Per group: the label index its label was made from (-1 once members differ). */
  const labelOf: number[] = [];
  for (let k = 0; k < m; k++) {
    const i = w.span[k];
    const l = T.lane[i];
    const c = w.first[k] === k ? calls.at(l, w.from[k]) : call[w.first[k]];
    call[k] = c;
    laneCol[k] = l;
    kindCol[k] = T.kind[i];
    lineCol[k] = line[i];
    const labelIdx = detail[i] >= 0 ? detail[i] : T.label[i];
    const owner = l * CALL_KEY + (c + 1);
    let inner = byOwner.get(owner);
    if (!inner) byOwner.set(owner, (inner = new Map()));
    const sub = line[i] >= 0 ? line[i] : -(labelIdx * 8 + T.kind[i]) - 1;
    let g = inner.get(sub);
    if (g === undefined) {
      g = groups.length;
      inner.set(sub, g);
      groups.push({ id: g, lane: l, call: c, line: line[i], label: T.labels[labelIdx] ?? '', kind: T.kind[i], waits: new Int32Array(0), firstFrom: w.from[k] });
      labelOf.push(labelIdx);
      if (g >= sizes.length) { const grown = new Int32Array(sizes.length * 2); grown.set(sizes); sizes = grown; }
    }
    group[k] = g;
    sizes[g]++;
    if (labelOf[g] !== labelIdx && labelOf[g] !== -2) {
      const shared = sharedWords(groups[g].label, T.labels[labelIdx] ?? '');
      groups[g].label = shared;
      labelOf[g] = shared ? -1 : -2;
    }
    if (w.from[k] < groups[g].firstFrom) groups[g].firstFrom = w.from[k];
  }
  // Each group's waits, in the order their callbacks ran (the spans' order).
  const fill = new Int32Array(groups.length);
  for (const g of groups) g.waits = new Int32Array(sizes[g.id]);
  for (let k = 0; k < m; k++) { const g = group[k]; groups[g].waits[fill[g]++] = k; }
  // Groups in the order their first waits started.
  groups.sort((a, b) => a.firstFrom - b.firstFrom || a.id - b.id);
  const newId = new Int32Array(groups.length);
  groups.forEach((g, i) => { newId[g.id] = i; g.id = i; });
  for (let k = 0; k < m; k++) group[k] = newId[group[k]];
  return {
    n: m, span: w.span.slice(0, m), lane: laneCol, call, from: w.from.slice(0, m), to: w.to.slice(0, m), due: w.due.slice(0, m),
    kind: kindCol, line: lineCol, group, groups,
  };
}

/** The leading words two labels share (`setTimeout 20 ms`, `setTimeout 21 ms` → `setTimeout`). */
function sharedWords(a: string, b: string): string {
  const x = a.split(' '), y = b.split(' ');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return x.slice(0, n).join(' ');
}

/** The line each span's wait is labelled with: its caller's line when it has one. */
function lineOfWait(line: IntColumn, callerLine: IntColumn): IntColumn {
  let out: Int32Array | undefined;
  for (let i = 0; i < line.length; i++) {
    if (callerLine[i] < 0) continue;
    out ??= Int32Array.from(line);
    out[i] = callerLine[i];
  }
  return out ?? line;
}

/** Where a wait was started: the line it is labelled with, its column, and its file when that is not `meta.file`. */
export interface WaitSite {
  line: number;
  col?: number;
  file?: string;
}

/**
 * Where wait `k` was started, as the view shows and opens it: its caller's line and column (the
 * `sleep(250)` of a helper's `setTimeout`), in the file of the call the wait is under (a helper
 * in lib.js called from server.js: server.js); else the span's own line, column and file.
 */
export function waitSite(trace: Trace | ColumnarTrace, table: WaitTable, k: number): WaitSite | undefined {
  const data = columnar(trace);
  const T = data.spans;
  const i = table.span[k];
  if (!(k >= 0 && k < table.n) || table.line[k] < 0 || !(i >= 0)) return undefined;
  const fromCaller = T.callerLine[i] >= 0;
  const col = fromCaller ? T.callerCol[i] : T.col[i];
  const file = fromCaller ? (table.call[k] >= 0 ? data.asyncCalls[table.call[k]]?.file : undefined) : T.file[i] >= 0 ? T.labels[T.file[i]] : undefined;
  return { line: table.line[k], ...(col >= 0 ? { col } : {}), ...(file !== undefined && file !== data.meta.file ? { file } : {}) };
}

/** Most waits of a group pending at once. */
export function groupPeak(table: WaitTable, g: WaitGroup): number {
  return groupDensity(table, g).peak;
}

/** How many of a group's waits were pending over time: the folded row's density band. */
export function groupDensity(table: WaitTable, g: WaitGroup): StepFunction {
  return stepFunction(Float64Array.from(g.waits, (w) => table.from[w]), Float64Array.from(g.waits, (w) => table.to[w]));
}
