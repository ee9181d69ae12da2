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
 * Times are µs (the trace's ms × 1000).
 */
import type { Span, Trace, TraceEvent } from './trace';
import { baseName } from './locations';

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

export function toChromeTrace(trace: Trace): ChromeTrace {
  const out: ChromeTraceEvent[] = [];
  const where = trace.lanes.map((l) => ({ pid: l.pid, tid: l.threadId }));
  const at = (lane: number) => where[lane] ?? where[0] ?? { pid: 0, tid: 0 };

  // Names and order of processes and threads.
  const namedPids = new Set<number>();
  trace.lanes.forEach((l, i) => {
    if (!namedPids.has(l.pid)) {
      namedPids.add(l.pid);
      const name = l.kind === 'main' ? `${baseName(trace.meta.file)} (pid ${l.pid})` : l.kind === 'process' ? l.label : `process ${l.pid}`;
      out.push({ name: 'process_name', ph: 'M', pid: l.pid, tid: 0, args: { name } });
      out.push({ name: 'process_sort_index', ph: 'M', pid: l.pid, tid: 0, args: { sort_index: i } });
    }
    out.push({ name: 'thread_name', ph: 'M', pid: l.pid, tid: l.threadId, args: { name: l.label } });
    out.push({ name: 'thread_sort_index', ph: 'M', pid: l.pid, tid: l.threadId, args: { sort_index: 2 * l.threadId } });
    if (trace.blocked.some((b) => b.lane === l.id)) {
      out.push({ name: 'thread_name', ph: 'M', pid: l.pid, tid: BLOCKED_TID_OFFSET + l.threadId, args: { name: `${l.label} · blocked` } });
      out.push({ name: 'thread_sort_index', ph: 'M', pid: l.pid, tid: BLOCKED_TID_OFFSET + l.threadId, args: { sort_index: 2 * l.threadId + 1 } });
    }
  });

  for (const s of trace.spans) {
    const { pid, tid } = at(s.lane);
    const args = spanArgs(s, trace);
    if (s.kind === 'await') {
      const id = `await-${s.id}`;
      const name = `await ${short(s.label, 60)}`;
      out.push({ name, ph: 'b', cat: 'await', id, pid, tid, ts: us(s.start), args });
      out.push({ name, ph: 'e', cat: 'await', id, pid, tid, ts: us(s.end) });
    } else {
      out.push({ name: spanName(s), ph: 'X', cat: s.kind, pid, tid, ts: us(s.start), dur: Math.max(0, us(s.end) - us(s.start)), args });
    }
  }

  // Flow arrows: cause → effect, both ends bound to the slices that enclose them.
  let flow = 0;
  const arrow = (from: Span, fromTs: number, to: Span, name: string) => {
    const a = at(from.lane);
    const b = at(to.lane);
    const id = ++flow;
    const ts = Math.min(Math.max(fromTs, from.start), from.end);
    out.push({ name, ph: 's', cat: 'flow', id, pid: a.pid, tid: a.tid, ts: us(ts) });
    out.push({ name, ph: 'f', bp: 'e', cat: 'flow', id, pid: b.pid, tid: b.tid, ts: us(to.start) });
  };
  for (const s of trace.spans) {
    if (s.trigger === undefined || s.kind === 'await') continue;
    const cause = trace.spans[s.trigger];
    if (!cause) continue;
    if (cause.kind === 'await') {
      // Continuation after an await: from the code that suspended there.
      const suspender = cause.trigger !== undefined ? trace.spans[cause.trigger] : undefined;
      if (suspender && suspender.kind !== 'await') arrow(suspender, cause.start, s, 'resume');
    } else {
      arrow(cause, s.scheduled ?? cause.start, s, 'scheduled');
    }
  }

  for (const b of trace.blocked) {
    const { pid, tid } = at(b.lane);
    const args: Record<string, unknown> = { durationMs: b.durationMs };
    if (b.line !== undefined) args.line = b.line;
    if (b.cpuShare !== undefined) args.cpuShare = b.cpuShare;
    if (b.span !== undefined) args.span = b.span;
    out.push({ name: `blocked ${Math.round(b.durationMs)} ms${b.line !== undefined ? ` at line ${b.line}` : ''}`, ph: 'X', cat: 'blocked', cname: 'terrible', pid, tid: BLOCKED_TID_OFFSET + tid, ts: us(b.start), dur: Math.max(0, us(b.end) - us(b.start)), args });
  }

  for (const e of trace.events) {
    if (e.kind === 'suspend' || e.kind === 'resume') continue; // shown by the await slices and arrows
    const { pid, tid } = at(e.lane);
    out.push({ ...instant(e), ph: 'i', pid, tid, ts: us(e.t) });
  }

  return {
    traceEvents: out,
    displayTimeUnit: 'ms',
    otherData: {
      file: trace.meta.file, nodeVersion: trace.meta.nodeVersion, startedAt: trace.meta.startedAt, durationMs: trace.meta.durationMs,
      traceVersion: trace.version, truncated: trace.meta.truncated,
    },
  };
}

function spanName(s: Span): string {
  if (s.kind === 'script') return 'script';
  return s.line !== undefined ? `${s.label} (line ${s.line})` : s.label;
}

function spanArgs(s: Span, trace: Trace): Record<string, unknown> {
  const a: Record<string, unknown> = { span: s.id, kind: s.kind };
  if (s.line !== undefined) a.line = s.line;
  if (s.col !== undefined) a.col = s.col;
  if (s.asyncId !== undefined) a.asyncId = s.asyncId;
  if (s.trigger !== undefined) a.trigger = s.trigger;
  if (s.scheduled !== undefined) a.scheduledMs = s.scheduled;
  if (s.call !== undefined) a.function = trace.asyncCalls[s.call]?.name;
  if (s.open) a.open = true;
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
