/**
 * Builds a Trace from the recorder's wire events: one pass over each process stream, keeping a
 * small state per thread (the stack of running callbacks, open awaits, async calls), then one
 * sort of spans, events and calls by time. Linear in the number of events apart from those sorts
 * (which see runs that are already nearly sorted). Pure: no Node APIs.
 */
import { TRACE_VERSION } from './trace';
import type { AsyncCall, BlockedStretch, Lane, RunExit, Span, SpanKind, Trace, TraceEvent } from './trace';
import type { SiteTable, WireEvent } from './wire';
import { baseName, firstUserPosition, isRunFile, makeMapper, mapStack, type MapLocation } from './locations';
import { IdTable } from './id-table';

export interface BuildInput {
  /** Absolute path (or name) of the user's file. */
  file: string;
  moduleFormat: 'esm' | 'cjs';
  /** Overrides the entry process's hello.nodeVersion. */
  nodeVersion?: string;
  /** One array of wire events per recorded process, each in that process's recording order, first event `hello`. The entry process first. */
  streams: WireEvent[][];
  sites: SiteTable;
  /** Absolute ms (same clock as wire `t`) that becomes t = 0: the entry process's hello.t if omitted. */
  originMs?: number;
  /** Wall-clock start, ISO 8601. */
  startedAt: string;
  exit: RunExit;
  blockingThresholdMs: number;
  /** Set when the runner cut the streams at the event budget. */
  truncated?: { atAbsMs: number; reason: string } | null;
  /** Events lost before the streams reached the runner (added to the recorders' own `dropped` counts). */
  dropped?: number;
  outputDroppedBytes?: number;
  entryFunction?: string;
  /** Maps a position in the run file (`url:line:col` from stacks/`where`) to the user's file; null if not user code. */
  mapLocation?: MapLocation;
  /** The run file's path and URL as they appear in stacks (to recognise user frames). */
  runFile?: string;
}

/** Resource type → span kind. */
export function kindOfResource(type: string): SpanKind {
  switch (type) {
    case 'Timeout':
      return 'timer';
    case 'Immediate':
      return 'immediate';
    case 'TickObject':
      return 'nextTick';
    case 'PROMISE':
    case 'Microtask':
      return 'microtask';
    default:
      return 'io';
  }
}

/** Stack entry markers for spans that are not async resources. */
const SCRIPT = -1;
const CONTINUATION = -2;
/** AsyncCall name of module top-level code with top-level await (see SiteTable.functions). */
const TOP_LEVEL = '<top-level>';

interface LaneRec {
  stream: number;
  tid: number;
  pid: number;
  kind: Lane['kind'];
  /** Script of a worker (thread event label). */
  script?: string;
  parentTid?: number;
  first: number;
  last: number;
  hasOpen: boolean;
}

interface ThreadState {
  lane: number;
  /** Internal span indexes of the callbacks running now, innermost last (never awaits). */
  stack: number[];
  /** For each stack entry: the async id, or SCRIPT / CONTINUATION. */
  stackIds: number[];
  /** For each stack entry: the call id of a continuation, else -1. */
  stackCalls: number[];
  /** Per async id: type, creation time, creating span, latest run. */
  ids: IdTable;
  lastScript: number;
  /** call → open await span. */
  awaits: Map<number, number>;
  /** call → open continuation span. */
  conts: Map<number, number>;
  /** call → internal AsyncCall index. */
  calls: Map<number, number>;
  /** Span opened by the event just before this one when that was a `before`, else -1. */
  justBefore: number;
  exitCalled: boolean;
  /** Time (relative) of the thread's previous event. */
  lastT: number;
  /** Time (relative) the thread or process exited (`exit` wire event), or -1. */
  exitT: number;
}

interface CpuInfo {
  cpuMs: number;
  where: string;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function buildTrace(input: BuildInput): Trace {
  const { streams, sites } = input;
  const map = makeMapper(input.mapLocation, input.runFile);
  const entryHello = streams[0]?.find((e) => e.k === 'hello');
  const origin = input.originMs ?? entryHello?.t ?? firstTime(streams);
  const rel = (t: number) => (t > origin ? round3(t - origin) : 0);

  const lanes: LaneRec[] = [];
  const spans: Span[] = [];
  const spanParent: number[] = [];
  const calls: AsyncCall[] = [];
  const events: TraceEvent[] = [];
  const cpu = new Map<number, CpuInfo>();
  /** Output bytes over the cap, per (stream, thread): the recorder sends a running total. */
  const cutBytes = new Map<string, number>();
  /** Open spans that end at their thread's exit rather than at the trace end. */
  const endedAtExit = new Set<number>();
  /** childPid → the lane (internal) that spawned it and the command. */
  const spawns = new Map<number, { lane: number; command: string }>();
  const hellos: { pid: number; ppid: number; argv: string[]; nodeVersion: string; lane: number }[] = [];
  let dropped = input.dropped ?? 0;
  let maxT = origin;

  /** A new span of `th`, nested in whatever runs there now; optional fields are set by the caller. */
  const newSpan = (th: ThreadState, kind: SpanKind, start: number, label: string): number => {
    const idx = spans.length;
    spans.push({ id: idx, lane: th.lane, kind, start, end: start, label });
    const top = th.stack.length ? th.stack[th.stack.length - 1] : -1;
    spanParent.push(top);
    return idx;
  };
  const push = (th: ThreadState, span: number, id: number, call: number) => {
    th.stack.push(span);
    th.stackIds.push(id);
    th.stackCalls.push(call);
  };
  /** Ends stack entries from the top down to position `p` (inclusive) at time `t`. */
  const popTo = (th: ThreadState, p: number, t: number) => {
    while (th.stack.length > p) {
      const span = th.stack.pop()!;
      th.stackIds.pop();
      const call = th.stackCalls.pop()!;
      if (call >= 0 && th.conts.get(call) === span) th.conts.delete(call);
      spans[span].end = t;
    }
  };
  const top = (th: ThreadState) => (th.stack.length ? th.stack[th.stack.length - 1] : undefined);

  for (let si = 0; si < streams.length; si++) {
    const stream = streams[si];
    const hello = stream.find((e) => e.k === 'hello');
    const pid = hello?.pid ?? -(si + 1);
    const threads = new Map<number, ThreadState>();
    const thread = (tid: number, t: number): ThreadState => {
      let th = threads.get(tid);
      if (!th) {
        const lane = lanes.length;
        lanes.push({ stream: si, tid, pid, kind: tid === 0 ? (si === 0 ? 'main' : 'process') : 'worker', first: t, last: t, hasOpen: false });
        th = {
          lane, stack: [], stackIds: [], stackCalls: [], ids: new IdTable(),
          lastScript: -1, awaits: new Map(), conts: new Map(), calls: new Map(), justBefore: -1, exitCalled: false, lastT: 0, exitT: -1,
        };
        threads.set(tid, th);
      }
      return th;
    };
    if (hello) hellos.push({ pid, ppid: hello.ppid, argv: hello.argv, nodeVersion: hello.nodeVersion, lane: thread(0, hello.t).lane });

    for (let i = 0; i < stream.length; i++) {
      const e = stream[i];
      const th = thread(e.tid, e.t);
      const lr = lanes[th.lane];
      if (e.t > lr.last) lr.last = e.t;
      if (e.t < lr.first) lr.first = e.t;
      if (e.t > maxT) maxT = e.t;
      // Recording order is the truth within a thread: a time stamp that goes backwards (clock
      // jitter) is lifted to the previous one, so nothing ends before what it contains.
      const t = Math.max(rel(e.t), th.lastT);
      th.lastT = t;
      const justBefore = th.justBefore;
      th.justBefore = -1;

      switch (e.k) {
        case 'hello':
          break;
        case 'thread':
          lr.script = e.label;
          lr.parentTid = e.parentTid;
          break;
        case 'init': {
          const by = th.ids.lastRunOf(e.exec);
          th.ids.setInit(e.id, e.type, e.t, by >= 0 ? by : (top(th) ?? -1));
          break;
        }
        case 'before': {
          const type = th.ids.typeOf(e.id) ?? 'unknown';
          const idx = newSpan(th, kindOfResource(type), t, type);
          const sp = spans[idx];
          sp.asyncId = e.id;
          const trigger = th.ids.triggerOf(e.id);
          if (trigger >= 0) sp.trigger = trigger;
          const init = th.ids.initOf(e.id);
          if (init !== undefined) sp.scheduled = rel(init);
          push(th, idx, e.id, -1);
          th.ids.setLastRun(e.id, idx);
          th.justBefore = idx;
          break;
        }
        case 'after': {
          const p = th.stackIds.lastIndexOf(e.id);
          if (p >= 0) popTo(th, p, t);
          break;
        }
        case 'scriptStart': {
          const idx = newSpan(th, 'script', t, 'script');
          push(th, idx, SCRIPT, -1);
          th.lastScript = idx;
          break;
        }
        case 'scriptEnd': {
          const p = th.stackIds.lastIndexOf(SCRIPT);
          if (p >= 0) popTo(th, p, t);
          break;
        }
        case 'callStart': {
          const fn = e.fn !== undefined ? sites.functions[e.fn] : undefined;
          const parent = e.parent !== undefined && e.parent >= 0 ? th.calls.get(e.parent) : undefined;
          const c: AsyncCall = { id: calls.length, lane: th.lane, name: fn?.name ?? '<anonymous>', start: t };
          if (fn) c.line = fn.line;
          if (parent !== undefined) c.parent = parent;
          th.calls.set(e.call, calls.length);
          calls.push(c);
          break;
        }
        case 'callEnd': {
          endContinuation(th, e.call, t);
          const ci = th.calls.get(e.call);
          if (ci !== undefined) {
            calls[ci].end = t;
            if (e.threw) calls[ci].threw = true;
          }
          break;
        }
        case 'suspend': {
          const cause = top(th);
          endContinuation(th, e.call, t);
          const site = sites.awaits[e.site];
          const ci = th.calls.get(e.call);
          if (ci !== undefined && calls[ci].name === TOP_LEVEL) {
            // A top-level await hands the thread back to the event loop: the script's synchronous
            // run is over (the rest runs in continuations), whenever the module itself finishes.
            const p = th.stackIds.lastIndexOf(SCRIPT);
            if (p >= 0) popTo(th, p, t);
          }
          const idx = newSpan(th, 'await', t, site?.text ?? 'await');
          const sp = spans[idx];
          if (site) {
            sp.line = site.line;
            sp.col = site.col;
          }
          if (ci !== undefined) sp.call = ci;
          if (cause !== undefined) sp.trigger = cause;
          spanParent[idx] = -1; // an await is a wait, not something running inside its caller
          const prev = th.awaits.get(e.call);
          if (prev !== undefined) spans[prev].end = t; // a lost resume: end the old wait here
          th.awaits.set(e.call, idx);
          events.push(awaitEvent('suspend', t, th.lane, ci, site));
          break;
        }
        case 'resume': {
          const site = sites.awaits[e.site];
          const ci = th.calls.get(e.call);
          const waiting = th.awaits.get(e.call);
          if (waiting !== undefined) {
            spans[waiting].end = t;
            th.awaits.delete(e.call);
          }
          events.push(awaitEvent('resume', t, th.lane, ci, site));
          const label = `resume ${ci !== undefined ? calls[ci].name : 'async function'}`;
          const where = site ? { line: site.line, col: site.col } : {};
          if (justBefore >= 0 && spans[justBefore].kind === 'microtask' && spans[justBefore].line === undefined) {
            // The promise reaction that runs this continuation was recorded: it is the continuation.
            Object.assign(spans[justBefore], { label, ...where });
            if (waiting !== undefined) spans[justBefore].trigger = waiting;
            if (ci !== undefined) spans[justBefore].call = ci;
          } else {
            endContinuation(th, e.call, t);
            const idx = newSpan(th, 'microtask', t, label);
            Object.assign(spans[idx], where);
            if (waiting !== undefined) spans[idx].trigger = waiting;
            if (ci !== undefined) spans[idx].call = ci;
            push(th, idx, CONTINUATION, e.call);
            th.conts.set(e.call, idx);
          }
          break;
        }
        case 'console': {
          if (e.cut !== undefined) {
            const key = `${si}:${e.tid}`;
            cutBytes.set(key, Math.max(cutBytes.get(key) ?? 0, e.cut));
            if (e.text === '') break;
          }
          const text = e.text.endsWith('\r\n') ? e.text.slice(0, -2) : e.text.endsWith('\n') ? e.text.slice(0, -1) : e.text;
          const span = top(th);
          events.push({ kind: 'console', seq: 0, t, lane: th.lane, stream: e.stream === 2 ? 'stderr' : 'stdout', text, ...(span !== undefined ? { span } : {}) });
          break;
        }
        case 'emit':
          events.push({ kind: 'emit', seq: 0, t, lane: th.lane, name: e.name, emitter: e.cls, listeners: e.listeners });
          break;
        case 'error': {
          const m = mapStack(e.stack, map, input.file);
          events.push({
            kind: e.kind === 'unhandledRejection' ? 'unhandledRejection' : 'error', seq: 0, t, lane: th.lane, message: e.message,
            ...(e.stack ? { stack: m.stack } : {}), ...(m.line !== undefined ? { line: m.line } : {}),
          });
          break;
        }
        case 'exitCall':
          th.exitCalled = true;
          events.push({ kind: 'exit', seq: 0, t, lane: th.lane, code: e.code, explicit: true });
          break;
        case 'exit':
          th.exitT = t;
          events.push({ kind: 'exit', seq: 0, t, lane: th.lane, code: e.code, explicit: th.exitCalled });
          break;
        case 'spawn':
          spawns.set(e.childPid, { lane: th.lane, command: e.command });
          break;
        case 'stall': {
          const m = mapStack(e.stack, map, input.file);
          events.push({ kind: 'stall', seq: 0, t, lane: th.lane, since: rel(e.since), ...(m.line !== undefined ? { line: m.line } : {}), ...(e.stack ? { stack: m.stack } : {}) });
          break;
        }
        case 'dropped':
          dropped += e.count;
          break;
        case 'cpu': {
          const span = e.id === 0 ? th.lastScript : th.ids.lastRunOf(e.id);
          if (span >= 0) cpu.set(span, { cpuMs: e.cpuMs, where: e.where });
          break;
        }
      }
    }

    // Whatever is still running or waiting never ended in the recording: it ends where its
    // thread exited (an uncaught throw or process.exit inside a callback), else at the trace end.
    for (const th of threads.values()) {
      for (const s of [...th.stack, ...th.awaits.values()]) {
        spans[s].open = true;
        if (th.exitT >= spans[s].start) {
          spans[s].end = th.exitT;
          endedAtExit.add(s);
        } else lanes[th.lane].hasOpen = true;
      }
    }
  }

  function endContinuation(th: ThreadState, call: number, t: number) {
    const span = th.conts.get(call);
    if (span === undefined) return;
    const p = th.stack.lastIndexOf(span);
    if (p >= 0) popTo(th, p, t);
    th.conts.delete(call);
  }

  if (input.truncated && input.truncated.atAbsMs > maxT) maxT = input.truncated.atAbsMs;
  const durationMs = rel(maxT);
  for (let i = 0; i < spans.length; i++) if (spans[i].open && !endedAtExit.has(i)) spans[i].end = durationMs;

  // ---- lanes: lane 0 is the entry main thread; the others by first event.
  let entry = lanes.findIndex((l) => l.stream === 0 && l.tid === 0);
  if (entry < 0) entry = lanes.push({ stream: 0, tid: 0, pid: entryHello?.pid ?? 0, kind: 'main', first: origin, last: origin, hasOpen: false }) - 1;
  const laneOrder = lanes.map((_, i) => i);
  laneOrder.sort((a, b) => (a === entry ? -1 : b === entry ? 1 : lanes[a].first - lanes[b].first || a - b));
  const laneId = new Int32Array(lanes.length);
  laneOrder.forEach((internal, id) => (laneId[internal] = id));
  if (input.truncated) events.push({ kind: 'truncated', seq: 0, t: rel(input.truncated.atAbsMs), lane: entry, reason: input.truncated.reason });
  const mainOf = (stream: number) => lanes.findIndex((l) => l.stream === stream && l.tid === 0);
  const userName = baseName(input.file);
  const scriptName = (s: string | undefined) => (s === undefined ? undefined : isRunFile(s, input.runFile) || (input.runFile && s === input.runFile) ? userName : baseName(s));
  const outLanes: Lane[] = laneOrder.map((internal, id) => {
    const l = lanes[internal];
    const lane: Lane = { id, kind: l.kind, label: '', pid: l.pid, threadId: l.tid, start: rel(l.first), end: l.hasOpen ? durationMs : rel(l.last) };
    if (l.kind === 'main') {
      lane.label = 'main';
    } else if (l.kind === 'worker') {
      const parent = lanes.findIndex((p) => p.stream === l.stream && p.tid === (l.parentTid ?? 0));
      lane.parent = laneId[parent >= 0 ? parent : mainOf(l.stream)] ?? 0;
      const name = scriptName(l.script);
      lane.label = `worker #${l.tid}${name ? ` (${name})` : ''}${l.stream !== 0 ? ` in process ${l.pid}` : ''}`;
    } else {
      const spawn = spawns.get(l.pid);
      const hello = hellos.find((h) => h.pid === l.pid);
      let parent = spawn?.lane;
      if (parent === undefined && hello) {
        const p = hellos.find((h) => h.pid === hello.ppid);
        if (p) parent = p.lane;
      }
      lane.parent = parent !== undefined ? laneId[parent] : 0;
      const name = scriptName(hello?.argv[1]) ?? (spawn ? commandName(spawn.command) : undefined);
      lane.label = `process ${l.pid}${name ? ` (${name})` : ''}`;
    }
    if (lane.end < lane.start) lane.end = lane.start;
    return lane;
  });

  // ---- async calls, in call order.
  const callOrder = calls.map((_, i) => i).sort((a, b) => calls[a].start - calls[b].start || a - b);
  const callId = new Int32Array(calls.length);
  callOrder.forEach((internal, id) => (callId[internal] = id));
  const outCalls = callOrder.map((internal, id) => {
    const c = calls[internal];
    c.id = id;
    c.lane = laneId[c.lane];
    if (c.parent !== undefined) c.parent = callId[c.parent];
    return c;
  });

  // ---- spans, by start (stable: an outer span before the one nested in it).
  const order = new Uint32Array(spans.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const starts = new Float64Array(spans.length);
  for (let i = 0; i < spans.length; i++) starts[i] = spans[i].start;
  const sortedOrder = Array.from(order).sort((a, b) => starts[a] - starts[b] || a - b);
  const spanId = new Int32Array(spans.length);
  sortedOrder.forEach((internal, id) => (spanId[internal] = id));

  const blocked = findBlocked(spans, spanParent, cpu, events, input.blockingThresholdMs, map);

  const outSpans: Span[] = new Array(spans.length);
  for (let id = 0; id < sortedOrder.length; id++) {
    const internal = sortedOrder[id];
    const s = spans[internal];
    s.id = id;
    s.lane = laneId[s.lane];
    if (s.trigger !== undefined) s.trigger = spanId[s.trigger];
    if (s.call !== undefined) s.call = callId[s.call];
    if (spanParent[internal] >= 0) s.parent = spanId[spanParent[internal]];
    outSpans[id] = s;
  }
  for (const b of blocked) {
    b.lane = laneId[b.lane];
    if (b.span !== undefined) b.span = spanId[b.span];
  }
  blocked.sort((a, b) => a.start - b.start || a.lane - b.lane);

  // ---- events, by time; equal times keep stream order.
  events.sort((a, b) => a.t - b.t);
  events.forEach((e, seq) => {
    e.seq = seq;
    e.lane = laneId[e.lane] ?? 0;
    if (e.kind === 'console' && e.span !== undefined) e.span = spanId[e.span];
    if ((e.kind === 'suspend' || e.kind === 'resume') && e.call >= 0) e.call = callId[e.call];
  });

  let outputDropped = input.outputDroppedBytes ?? 0;
  for (const n of cutBytes.values()) outputDropped += n;
  return {
    version: TRACE_VERSION,
    meta: {
      file: input.file,
      nodeVersion: input.nodeVersion ?? entryHello?.nodeVersion ?? '',
      startedAt: input.startedAt,
      durationMs,
      moduleFormat: input.moduleFormat,
      exit: input.exit,
      truncated: !!input.truncated,
      ...(input.truncated ? { truncatedAtMs: rel(input.truncated.atAbsMs) } : {}),
      dropped,
      blockingThresholdMs: input.blockingThresholdMs,
      ...(outputDropped > 0 ? { outputDroppedBytes: outputDropped } : {}),
      ...(input.entryFunction !== undefined ? { entryFunction: input.entryFunction } : {}),
    },
    lanes: outLanes,
    spans: outSpans,
    asyncCalls: outCalls,
    events,
    blocked,
  };
}

function awaitEvent(kind: 'suspend' | 'resume', t: number, lane: number, call: number | undefined, site: SiteTable['awaits'][number] | undefined): TraceEvent {
  return { kind, seq: 0, t, lane, call: call ?? -1, line: site?.line ?? 0, col: site?.col ?? 0, text: site?.text ?? '' };
}

function firstTime(streams: WireEvent[][]): number {
  let t = Infinity;
  for (const s of streams) if (s.length && s[0].t < t) t = s[0].t;
  return Number.isFinite(t) ? t : 0;
}

/** `node child.js a b` → `child.js`; `sleep 5` → `sleep`. */
function commandName(command: string): string | undefined {
  const parts = command.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return undefined;
  const first = baseName(parts[0]);
  if (/^node(\.exe)?$/i.test(first)) {
    // `node -e code` / `node -p code`: the code is no file name.
    const args = parts.slice(1);
    const evalAt = args.findIndex((p) => p === '-e' || p === '-p' || p === '--eval' || p === '--print');
    const script = args.find((p, i) => !p.startsWith('-') && (evalAt < 0 || i < evalAt));
    return script ? baseName(script) : evalAt >= 0 ? '[eval]' : first;
  }
  return first;
}

/**
 * Blocked stretches: top-level runs (not nested in another callback) that are not awaits and
 * lasted at least the threshold. Works on internal span indexes; the caller remaps them.
 */
function findBlocked(spans: Span[], parent: number[], cpu: Map<number, CpuInfo>, events: TraceEvent[], threshold: number, map: MapLocation): BlockedStretch[] {
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
    const b: BlockedStretch = { lane: s.lane, start: s.start, end: s.end, durationMs: round3(d), span: i };
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
    out.push(b);
  }
  return out;
}
