/**
 * The event fold: one pass over each process stream, keeping a small state per thread (the stack
 * of running callbacks, open awaits, async calls; see thread.ts), that turns wire events into
 * spans, async calls, point events and lane records, in the builder's internal numbering.
 * Linear in the number of events. Open spans are closed by close.ts, ids assigned by renumber.ts.
 */
import type { AsyncCall, Span, SpanKind, TraceEvent } from '../trace';
import type { SiteTable, WireEvent } from '../wire';
import { mapStack, type MapLocation } from '../locations';
import type { BuildInput } from './input';
import { CONTINUATION, SCRIPT, ThreadState } from './thread';
import type { HelloRec, LaneRec } from './lanes';
import type { CpuInfo } from './blocked';
import { closeThreadSpans } from './close';
import { applyOrigin } from './origin';
import type { Origin } from '../id-table';

/** AsyncCall name of module top-level code with top-level await (see SiteTable.functions). */
const TOP_LEVEL = '<top-level>';

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

/** What the fold produces, before the lanes are ordered and the ids assigned. */
export interface FoldState {
  lanes: LaneRec[];
  spans: Span[];
  /** Internal index of the span each span ran inside, or -1. */
  spanParent: number[];
  calls: AsyncCall[];
  events: TraceEvent[];
  /** CPU samples of long callbacks, by internal span index. */
  cpu: Map<number, CpuInfo>;
  /** Output bytes over the cap, per (stream, thread): the recorder sends a running total. */
  cutBytes: Map<string, number>;
  /** Open spans that end at their thread's exit rather than at the trace end. */
  endedAtExit: Set<number>;
  /** childPid → the lane (internal) that spawned it and the command. */
  spawns: Map<number, { lane: number; command: string }>;
  hellos: HelloRec[];
  dropped: number;
  /** Latest absolute time seen. */
  maxT: number;
  /** Where each resource of the entry main thread came from (its call sites, inherited from its trigger when it has none): meta.alive's lines. */
  entryOrigin: (id: number) => Origin;
}

function awaitEvent(kind: 'suspend' | 'resume', t: number, lane: number, call: number | undefined, site: SiteTable['awaits'][number] | undefined): TraceEvent {
  return { kind, seq: 0, t, lane, call: call ?? -1, line: site?.line ?? 0, col: site?.col ?? 0, text: site?.text ?? '' };
}

/** Folds every stream. `rel` turns absolute ms into ms since run start; `map` maps stack positions. */
export function foldStreams(input: BuildInput, origin: number, rel: (t: number) => number, map: MapLocation): FoldState {
  const { streams, sites } = input;
  const f: FoldState = {
    lanes: [], spans: [], spanParent: [], calls: [], events: [], cpu: new Map(), cutBytes: new Map(),
    endedAtExit: new Set(), spawns: new Map(), hellos: [], dropped: input.dropped ?? 0, maxT: origin,
    entryOrigin: () => ({ site: -1, caller: -1, delay: NaN }),
  };
  const { lanes, spans, spanParent, calls, events, cpu, cutBytes, spawns, hellos } = f;
  /** Scratch for resources' origins (no object per event). */
  const from: Origin = { site: -1, caller: -1, delay: NaN };

  /** A new span of `th`, nested in whatever runs there now; optional fields are set by the caller. */
  const newSpan = (th: ThreadState, kind: SpanKind, start: number, label: string): number => {
    const idx = spans.length;
    spans.push({ id: idx, lane: th.lane, kind, start, end: start, label });
    spanParent.push(th.top() ?? -1);
    return idx;
  };

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
        th = new ThreadState(lane);
        threads.set(tid, th);
        if (si === 0 && tid === 0) {
          const ids = th.ids;
          f.entryOrigin = (id) => ids.originOf(id, { site: -1, caller: -1, delay: NaN });
        }
      }
      return th;
    };
    if (hello) hellos.push({ pid, ppid: hello.ppid, argv: hello.argv, nodeVersion: hello.nodeVersion, lane: thread(0, hello.t).lane });

    for (let i = 0; i < stream.length; i++) {
      const e: WireEvent = stream[i];
      const th = thread(e.tid, e.t);
      const lr = lanes[th.lane];
      if (e.t > lr.last) lr.last = e.t;
      if (e.t < lr.first) lr.first = e.t;
      if (e.t > f.maxT) f.maxT = e.t;
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
          if (e.name) lr.name = e.name;
          lr.parentTid = e.parentTid;
          break;
        case 'init': {
          const by = th.ids.lastRunOf(e.exec);
          th.ids.setInit(e.id, e.type, e.t, by >= 0 ? by : (th.top() ?? -1));
          // Made by Node's own code in a callback (the next step of an fs.readFile): the line of what triggered it.
          if (e.site === undefined && e.trigger > 0) th.ids.originOf(e.trigger, from);
          else { from.site = e.site ?? -1; from.caller = e.caller ?? -1; }
          from.delay = e.delay === undefined ? NaN : e.repeat ? -e.delay : e.delay;
          th.ids.setOrigin(e.id, from);
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
          if (sp.kind === 'timer' || sp.kind === 'immediate' || sp.kind === 'io') applyOrigin(sp, type, th.ids.originOf(e.id, from), sites.calls);
          th.push(idx, e.id, -1);
          th.ids.setLastRun(e.id, idx);
          th.justBefore = idx;
          break;
        }
        case 'after':
          th.popId(e.id, t, spans);
          break;
        case 'scriptStart': {
          const idx = newSpan(th, 'script', t, 'script');
          th.push(idx, SCRIPT, -1);
          th.lastScript = idx;
          break;
        }
        case 'scriptEnd':
          th.popId(SCRIPT, t, spans);
          break;
        case 'callStart': {
          const fn = e.fn !== undefined ? sites.functions[e.fn] : undefined;
          const parent = e.parent !== undefined && e.parent >= 0 ? th.calls.get(e.parent) : undefined;
          const c: AsyncCall = { id: calls.length, lane: th.lane, name: fn?.name ?? '<anonymous>', start: t };
          if (fn) c.line = fn.line;
          if (fn?.file) c.file = fn.file;
          if (parent !== undefined) c.parent = parent;
          th.calls.set(e.call, calls.length);
          calls.push(c);
          break;
        }
        case 'callEnd': {
          th.endContinuation(e.call, t, spans);
          const ci = th.calls.get(e.call);
          if (ci !== undefined) {
            calls[ci].end = t;
            if (e.threw) calls[ci].threw = true;
          }
          break;
        }
        case 'suspend': {
          const cause = th.top();
          th.endContinuation(e.call, t, spans);
          const site = sites.awaits[e.site];
          const ci = th.calls.get(e.call);
          // A top-level await hands the thread back to the event loop: the script's synchronous
          // run is over (the rest runs in continuations), whenever the module itself finishes.
          if (ci !== undefined && calls[ci].name === TOP_LEVEL) th.popId(SCRIPT, t, spans);
          const idx = newSpan(th, 'await', t, site?.text ?? 'await');
          const sp = spans[idx];
          if (site) {
            sp.line = site.line;
            sp.col = site.col;
            if (site.file) sp.file = site.file;
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
          const where = site ? { line: site.line, col: site.col, ...(site.file ? { file: site.file } : {}) } : {};
          if (justBefore >= 0 && spans[justBefore].kind === 'microtask' && spans[justBefore].line === undefined) {
            // The promise reaction that runs this continuation was recorded: it is the continuation.
            Object.assign(spans[justBefore], { label, ...where });
            if (waiting !== undefined) spans[justBefore].trigger = waiting;
            if (ci !== undefined) spans[justBefore].call = ci;
          } else {
            th.endContinuation(e.call, t, spans);
            const idx = newSpan(th, 'microtask', t, label);
            Object.assign(spans[idx], where);
            if (waiting !== undefined) spans[idx].trigger = waiting;
            if (ci !== undefined) spans[idx].call = ci;
            th.push(idx, CONTINUATION, e.call);
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
          const span = th.top();
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
          events.push({ kind: 'exit', seq: 0, t, lane: th.lane, code: e.code, explicit: true, ...(e.cause ? { cause: e.cause } : {}) });
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
          f.dropped += e.count;
          break;
        case 'cpu': {
          const span = e.id === 0 ? th.lastScript : th.ids.lastRunOf(e.id);
          if (span >= 0) cpu.set(span, { cpuMs: e.cpuMs, where: e.where });
          break;
        }
      }
    }
    closeThreadSpans(threads.values(), f);
  }
  return f;
}
