/**
 * Export to the Chrome Trace Event format (JSON object form), which Perfetto (ui.perfetto.dev) and
 * chrome://tracing open. Layout per lane (pid = the OS process id, tid = the thread id):
 *  - callbacks as complete (`X`) slices on the lane's thread, nested as they ran;
 *  - awaits as nestable async slices (`b`/`e`, category `await`), so overlapping waits stack in rows;
 *  - blocked stretches as `X` slices on a separate "… blocked" thread of the same process;
 *  - console output, errors, exits, stalls, emits as instant (`i`) events;
 *  - causality as flow arrows (`s` → `f`, `bp: "e"`): from the callback that created a resource to
 *    each run of its callback, and from the code that suspended at an await to the continuation
 *    that resumed after it.
 * Times are µs (the trace's ms × 1000). Read from the span columns, one event at a time
 * (`chromeTraceEvents`, `chromeTraceText`): a 10M-span trace streams out without one huge array or string.
 */
import type { Trace, TraceEvent } from './trace';
import { baseName } from './locations';
import { columnar, labelAt, refAt, type ColumnarTrace, type SpanTable } from './columns/table';
import { KIND, kindOf } from './span-kinds';

export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'B' | 'E' | 'b' | 'e' | 'i' | 's' | 'f' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: string | number;
  s?: 'g' | 'p' | 't';
  bp?: 'e';
  cname?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms' | 'ns';
  otherData: Record<string, string | number | boolean>;
}

/** Added to a thread id for the lane's "blocked" track. */
export const BLOCKED_TID_OFFSET = 1_000_000;

const us = (ms: number) => Math.round(ms * 1_000_000) / 1000;
const short = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Trace events per string of `chromeTraceText`. */
const EVENTS_PER_PIECE = 2048;

/**
 * The export's events one by one, in the order the file lists them (names and order of
 * processes and threads, callbacks and awaits, flow arrows, blocked stretches, instants), read
 * from the span columns: a writer streams them, never holding them all.
 */
export function* chromeTraceEvents(trace: Trace | ColumnarTrace): Generator<ChromeTraceEvent> {
  const data = columnar(trace);
  const T = data.spans;
  const where = data.lanes.map((l) => ({ pid: l.pid, tid: l.threadId }));
  const at = (lane: number) => where[lane] ?? where[0] ?? { pid: 0, tid: 0 };

  // Names and order of processes and threads.
  const namedPids = new Set<number>();
  const blockedLanes = new Set(data.blocked.map((b) => b.lane));
  for (const [i, l] of data.lanes.entries()) {
    if (!namedPids.has(l.pid)) {
      namedPids.add(l.pid);
      const name = l.kind === 'main' ? `${baseName(data.meta.file)} (pid ${l.pid})` : l.kind === 'process' ? l.label : `process ${l.pid}`;
      yield { name: 'process_name', ph: 'M', pid: l.pid, tid: 0, args: { name } };
      yield { name: 'process_sort_index', ph: 'M', pid: l.pid, tid: 0, args: { sort_index: i } };
    }
    yield { name: 'thread_name', ph: 'M', pid: l.pid, tid: l.threadId, args: { name: l.label } };
    yield { name: 'thread_sort_index', ph: 'M', pid: l.pid, tid: l.threadId, args: { sort_index: 2 * l.threadId } };
    if (blockedLanes.has(l.id)) {
      yield { name: 'thread_name', ph: 'M', pid: l.pid, tid: BLOCKED_TID_OFFSET + l.threadId, args: { name: `${l.label} · blocked` } };
      yield { name: 'thread_sort_index', ph: 'M', pid: l.pid, tid: BLOCKED_TID_OFFSET + l.threadId, args: { sort_index: 2 * l.threadId + 1 } };
    }
  }

  for (let i = 0; i < T.n; i++) {
    const { pid, tid } = at(T.lane[i]);
    const args = spanArgs(data, i);
    if (T.kind[i] === KIND.await) {
      const id = `await-${i}`;
      const name = `await ${short(labelAt(T, i), 60)}`;
      yield { name, ph: 'b', cat: 'await', id, pid, tid, ts: us(T.start[i]), args };
      yield { name, ph: 'e', cat: 'await', id, pid, tid, ts: us(T.end[i]) };
    } else {
      yield { name: spanName(T, i), ph: 'X', cat: kindOf(T.kind[i]), pid, tid, ts: us(T.start[i]), dur: Math.max(0, us(T.end[i]) - us(T.start[i])), args };
    }
  }

  // Flow arrows: cause → effect, both ends bound to the slices that enclose them.
  let flow = 0;
  const arrow = function* (from: number, fromTs: number, to: number, name: string): Generator<ChromeTraceEvent> {
    const a = at(T.lane[from]);
    const b = at(T.lane[to]);
    const id = ++flow;
    const ts = Math.min(Math.max(fromTs, T.start[from]), T.end[from]);
    yield { name, ph: 's', cat: 'flow', id, pid: a.pid, tid: a.tid, ts: us(ts) };
    yield { name, ph: 'f', bp: 'e', cat: 'flow', id, pid: b.pid, tid: b.tid, ts: us(T.start[to]) };
  };
  for (let i = 0; i < T.n; i++) {
    const cause = refAt(T, T.trigger[i]);
    if (cause < 0 || T.kind[i] === KIND.await) continue;
    if (T.kind[cause] === KIND.await) {
      // Continuation after an await: from the code that suspended there.
      const suspender = refAt(T, T.trigger[cause]);
      if (suspender >= 0 && T.kind[suspender] !== KIND.await) yield* arrow(suspender, T.start[cause], i, 'resume');
    } else {
      yield* arrow(cause, Number.isNaN(T.scheduled[i]) ? T.start[cause] : T.scheduled[i], i, 'scheduled');
    }
  }

  for (const b of data.blocked) {
    const { pid, tid } = at(b.lane);
    const args: Record<string, unknown> = { durationMs: b.durationMs };
    if (b.line !== undefined) args.line = b.line;
    if (b.cpuShare !== undefined) args.cpuShare = b.cpuShare;
    if (b.span !== undefined) args.span = b.span;
    yield { name: `blocked ${Math.round(b.durationMs)} ms${b.line !== undefined ? ` at line ${b.line}` : ''}`, ph: 'X', cat: 'blocked', cname: 'terrible', pid, tid: BLOCKED_TID_OFFSET + tid, ts: us(b.start), dur: Math.max(0, us(b.end) - us(b.start)), args };
  }

  for (const e of data.events) {
    if (e.kind === 'suspend' || e.kind === 'resume') continue; // shown by the await slices and arrows
    const { pid, tid } = at(e.lane);
    yield { ...instant(e), ph: 'i', pid, tid, ts: us(e.t) };
  }
}

/** The export's fields besides its events. */
function chromeTraceMeta(trace: Trace | ColumnarTrace): Omit<ChromeTrace, 'traceEvents'> {
  return {
    displayTimeUnit: 'ms',
    otherData: {
      file: trace.meta.file, nodeVersion: trace.meta.nodeVersion, startedAt: trace.meta.startedAt, durationMs: trace.meta.durationMs,
      traceVersion: trace.version, truncated: trace.meta.truncated,
    },
  };
}

/** The whole export as one object (small traces, tests). */
export function toChromeTrace(trace: Trace | ColumnarTrace): ChromeTrace {
  return { traceEvents: [...chromeTraceEvents(trace)], ...chromeTraceMeta(trace) };
}

/** The export's JSON in pieces (the same text as `JSON.stringify(toChromeTrace(trace))`), for a writer to stream. */
export function* chromeTraceText(trace: Trace | ColumnarTrace): Generator<string> {
  yield '{"traceEvents":[';
  let parts: string[] = [];
  let written = 0;
  for (const e of chromeTraceEvents(trace)) {
    parts.push(JSON.stringify(e));
    if (parts.length === EVENTS_PER_PIECE) { yield (written ? ',' : '') + parts.join(','); written += parts.length; parts = []; }
  }
  if (parts.length) yield (written ? ',' : '') + parts.join(',');
  const meta = JSON.stringify(chromeTraceMeta(trace));
  yield `],${meta.slice(1)}`;
}

function spanName(T: SpanTable, i: number): string {
  if (T.kind[i] === KIND.script) return 'script';
  return T.line[i] >= 0 ? `${labelAt(T, i)} (line ${T.line[i]})` : labelAt(T, i);
}

function spanArgs(data: ColumnarTrace, i: number): Record<string, unknown> {
  const T = data.spans;
  const a: Record<string, unknown> = { span: i, kind: kindOf(T.kind[i]) };
  if (T.line[i] >= 0) a.line = T.line[i];
  if (T.col[i] >= 0) a.col = T.col[i];
  if (T.asyncId[i] >= 0) a.asyncId = T.asyncId[i];
  if (T.trigger[i] >= 0) a.trigger = T.trigger[i];
  if (!Number.isNaN(T.scheduled[i])) a.scheduledMs = T.scheduled[i];
  if (!Number.isNaN(T.delay[i])) a.delayMs = T.delay[i];
  if (T.repeat[i]) a.repeat = true;
  if (T.detail[i] >= 0) a.detail = T.labels[T.detail[i]];
  if (T.call[i] >= 0) a.function = data.asyncCalls[T.call[i]]?.name;
  if (T.open[i]) a.open = true;
  return a;
}

function instant(e: TraceEvent): Pick<ChromeTraceEvent, 'name' | 'cat' | 's' | 'args'> {
  switch (e.kind) {
    case 'console':
      return { name: short(e.text.split('\n')[0] || '(empty line)'), cat: 'console', s: 't', args: { stream: e.stream, text: e.text } };
    case 'error':
      return { name: `uncaught: ${short(e.message)}`, cat: 'error', s: 'p', args: { message: e.message, stack: e.stack, line: e.line } };
    case 'unhandledRejection':
      return { name: `unhandled rejection: ${short(e.message)}`, cat: 'error', s: 'p', args: { message: e.message, stack: e.stack, line: e.line } };
    case 'exit':
      return { name: `exit ${e.code}${e.explicit ? ' (process.exit)' : ''}`, cat: 'exit', s: 'p', args: { code: e.code, explicit: e.explicit } };
    case 'stall':
      return { name: `stuck since ${Math.round(e.since)} ms`, cat: 'stall', s: 't', args: { sinceMs: e.since, line: e.line, stack: e.stack } };
    case 'emit':
      return { name: `emit ${short(e.name, 40)}`, cat: 'emit', s: 't', args: { emitter: e.emitter, listeners: e.listeners } };
    case 'truncated':
      return { name: 'recording truncated', cat: 'truncated', s: 'g', args: { reason: e.reason } };
    default:
      return { name: e.kind, cat: e.kind, s: 't', args: { call: e.call, line: e.line, text: e.text } };
  }
}
