/**
 * A synthetic run of any size for the view benchmark and the scale tests: a main lane and a
 * worker, n spans back to back with gaps, sorted by start as the trace format has them, each
 * caused by an earlier one (a timer with its delay and the call that set it), awaits of 200
 * async calls, a blocked stretch every 20,000 spans and a console line every 500. Made straight into span columns (10M spans are a few typed arrays,
 * never 10M objects); `generateTrace` gives the same run with span objects.
 */
import type { AsyncCall, Span, Trace, TraceEvent } from '../src/core/trace';
import { emptyTable, spanAt, type ColumnarTrace } from '../src/core/columns/table';
import { KIND } from '../src/core/span-kinds';

const KINDS = [KIND.microtask, KIND.microtask, KIND.nextTick, KIND.timer, KIND.io, KIND.immediate, KIND.microtask, KIND.io];
const LABEL = { promise: 0, timeout: 1, sleep: 2, setTimeout: 3 };

export function generateColumnar(n: number): ColumnarTrace {
  let rnd = 12345;
  const rand = (): number => (rnd = (rnd * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const us = (ms: number): number => Math.round(ms * 1e3) / 1e3; // the recorder's precision
  // Each lane's callbacks back to back with gaps; a long one every 20,000.
  const gLane = new Uint8Array(n), gStart = new Float64Array(n), gDur = new Float64Array(n);
  const t = [0, 0.5];
  let clock = 0;
  for (let g = 0; g < n; g++) {
    const lane = g % 7 === 6 ? 1 : 0;
    clock += 0.002 + rand() * 0.02;
    gLane[g] = lane;
    gStart[g] = us(Math.max(clock, t[lane]));
    gDur[g] = g % 20000 === 19999 ? us(15 + rand() * 40) : us(0.001 + rand() * 0.01);
    t[lane] = us(gStart[g] + gDur[g]);
  }
  // Sorted by start, as the trace format has it (the lanes interleave).
  const order = Int32Array.from({ length: n }, (_, g) => g).sort((a, b) => gStart[a] - gStart[b] || a - b);
  const T = emptyTable(n);
  T.labels = ['PROMISE', 'Timeout', 'sleep(ms)', 'setTimeout(next, 1)'];
  const calls: AsyncCall[] = [];
  const events: TraceEvent[] = [];
  const blocked: Trace['blocked'] = [];
  for (let i = 0; i < n; i++) {
    const g = order[i];
    const lane = gLane[g], start = gStart[g], dur = gDur[g];
    let kind: number = i === 0 ? KIND.script : KINDS[i % KINDS.length];
    T.lane[i] = lane;
    T.start[i] = start;
    T.end[i] = us(start + dur);
    T.line[i] = 1 + (i % 40);
    T.label[i] = kind === KIND.timer ? LABEL.timeout : LABEL.promise;
    if (i % 10 === 5 && calls.length < 200 && dur < 10) {
      // An await of an async call (the waits of the call rows), drawn beside its lane's callbacks.
      kind = KIND.await;
      const id = calls.length;
      calls.push({ id, lane, name: `task${id}`, line: 10, start: us(start - 0.01), end: us(start + dur * 50 + 0.02) });
      T.call[i] = id;
      T.end[i] = us(start + dur * 50);
      T.label[i] = LABEL.sleep;
    } else if (i > 0) {
      // Caused by a span that started earlier, scheduled after that one began.
      const cause = Math.max(0, i - 1 - (i % 5));
      T.trigger[i] = cause;
      T.asyncId[i] = 10 + i;
      T.scheduled[i] = us(Math.max(T.start[cause], start - 0.05 - rand()));
      if (kind === KIND.timer) {
        T.delay[i] = 1;
        T.detail[i] = LABEL.setTimeout;
      }
      if (dur > 10) blocked.push({ lane, start, end: T.end[i], durationMs: dur, span: i, line: T.line[i] });
    }
    T.kind[i] = kind;
    if (i % 500 === 0) events.push({ seq: 0, t: us(start + dur / 2), lane, kind: 'console', stream: 'stdout', text: `tick ${i}`, span: i });
  }
  let dur = 0;
  for (let i = Math.max(0, n - 50); i < n; i++) dur = Math.max(dur, T.end[i]);
  for (const b of blocked) dur = Math.max(dur, b.end);
  dur = us(dur + 1);
  events.push({ seq: 0, t: dur, lane: 0, kind: 'exit', code: 0, explicit: false });
  events.sort((a, b) => a.t - b.t).forEach((e, i) => (e.seq = i));
  return {
    version: 1,
    meta: { file: `/bench/gen-${n}.ts`, nodeVersion: 'v20.20.2', startedAt: new Date(0).toISOString(), durationMs: dur, moduleFormat: 'esm', exit: { code: 0, signal: null, timedOut: false }, truncated: false, dropped: 0, blockingThresholdMs: 10 },
    lanes: [
      { id: 0, kind: 'main', label: 'main', pid: 1, threadId: 0, start: 0, end: dur },
      { id: 1, kind: 'worker', label: 'worker #1', pid: 1, threadId: 1, parent: 0, start: 0, end: dur },
    ],
    spans: T, asyncCalls: calls, events, blocked,
  };
}

/** The same run with span objects (a plain trace). */
export function generateTrace(n: number): Trace {
  const c = generateColumnar(n);
  const spans: Span[] = new Array(n);
  for (let i = 0; i < n; i++) spans[i] = spanAt(c.spans, i)!;
  return { ...c, spans };
}

/**
 * A recorded trace repeated `times` times one after another (each copy shifted by the trace's
 * duration, its ids moved past the copies before it): a trace of a real run's shape (its mix of
 * spans, events and calls) at any size.
 */
export function repeatTrace(t: ColumnarTrace, times: number): ColumnarTrace {
  const S = t.spans, n = S.n, d = t.meta.durationMs, calls = t.asyncCalls.length, evs = t.events.length;
  const T = emptyTable(n * times);
  T.labels = S.labels;
  const cols = ['start', 'end', 'lane', 'kind', 'line', 'col', 'trigger', 'parent', 'call', 'asyncId', 'scheduled', 'open', 'label', 'delay', 'repeat', 'detail'] as const;
  for (let k = 0; k < times; k++) {
    const at = k * n;
    for (const c of cols) (T[c] as Float64Array).set(S[c] as unknown as ArrayLike<number>, at);
    for (let i = at; i < at + n; i++) {
      T.start[i] += k * d; T.end[i] += k * d;
      if (!Number.isNaN(T.scheduled[i])) T.scheduled[i] += k * d;
      if (T.trigger[i] >= 0) T.trigger[i] += at;
      if (T.parent[i] >= 0) T.parent[i] += at;
      if (T.call[i] >= 0) T.call[i] += k * calls;
      if (T.asyncId[i] >= 0) T.asyncId[i] += k * 1e7;
    }
  }
  const shift = <X extends { start: number; end?: number }>(x: X, k: number): X => ({ ...x, start: x.start + k * d, ...(x.end !== undefined ? { end: x.end + k * d } : {}) });
  const copies = Array.from({ length: times }, (_, k) => k);
  return {
    ...t,
    meta: { ...t.meta, durationMs: d * times },
    lanes: t.lanes.map((l) => ({ ...l, end: l.end + (times - 1) * d })),
    spans: T,
    asyncCalls: copies.flatMap((k) => t.asyncCalls.map((c) => ({ ...shift(c, k), id: c.id + k * calls, ...(c.parent !== undefined ? { parent: c.parent + k * calls } : {}) }))),
    blocked: copies.flatMap((k) => t.blocked.map((b) => ({ ...shift(b, k), ...(b.span !== undefined ? { span: b.span + k * n } : {}) }))),
    events: copies.flatMap((k) => t.events.map((e) => {
      const m = { ...e, seq: e.seq + k * evs, t: e.t + k * d } as typeof e & { span?: number; call?: number };
      if (m.span !== undefined) m.span += k * n;
      if ((m.kind === 'suspend' || m.kind === 'resume') && m.call !== undefined && m.call >= 0) m.call += k * calls;
      return m;
    })),
  };
}
