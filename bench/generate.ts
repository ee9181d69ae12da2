/**
 * A synthetic run of any size for the view benchmark and the scale tests: a main lane and a
 * worker, n spans back to back with gaps, awaits of 200 async calls, a blocked stretch every
 * 20,000 spans and a console line every 500. Made straight into span columns (10M spans are a few
 * typed arrays, never 10M objects); `generateTrace` gives the same run with span objects.
 */
import type { AsyncCall, Span, Trace, TraceEvent } from '../src/core/trace';
import { emptyTable, spanAt, type ColumnarTrace } from '../src/core/columns/table';
import { KIND } from '../src/core/span-kinds';

const KINDS = [KIND.microtask, KIND.microtask, KIND.nextTick, KIND.timer, KIND.io, KIND.immediate, KIND.microtask, KIND.io];
const LABEL = { promise: 0, timeout: 1, sleep: 2 };

export function generateColumnar(n: number): ColumnarTrace {
  const T = emptyTable(n);
  T.labels = ['PROMISE', 'Timeout', 'sleep(ms)'];
  const t = [0, 0.5];
  const calls: AsyncCall[] = [];
  const events: TraceEvent[] = [];
  const blocked: Trace['blocked'] = [];
  let rnd = 12345;
  const rand = (): number => (rnd = (rnd * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let clock = 0;
  const us = (ms: number): number => Math.round(ms * 1e3) / 1e3; // the recorder's precision
  for (let i = 0; i < n; i++) {
    const lane = i % 7 === 6 ? 1 : 0;
    clock += 0.002 + rand() * 0.02;
    const start = us(Math.max(clock, t[lane]));
    let dur = us(0.001 + rand() * 0.01);
    if (i % 20000 === 19999) dur = us(15 + rand() * 40);
    let kind: number = i === 0 ? KIND.script : KINDS[i % KINDS.length];
    T.lane[i] = lane;
    T.start[i] = start;
    T.end[i] = us(start + dur);
    T.line[i] = 1 + (i % 40);
    T.label[i] = kind === KIND.timer ? LABEL.timeout : LABEL.promise;
    if (i > 0) {
      T.trigger[i] = i - 1 - (i % 5);
      T.asyncId[i] = 10 + i;
      T.scheduled[i] = us(Math.max(0, start - 0.05 - rand()));
    }
    if (i % 10 === 5 && calls.length < 200) {
      kind = KIND.await;
      const id = calls.length;
      calls.push({ id, lane, name: `task${id}`, line: 10, start: us(start - 0.01), end: us(start + dur * 50 + 0.02) });
      T.call[i] = id;
      T.end[i] = us(start + dur * 50);
      T.trigger[i] = -1;
      T.asyncId[i] = -1;
      T.scheduled[i] = NaN;
      T.label[i] = LABEL.sleep;
    } else if (dur > 10) {
      blocked.push({ lane, start, end: T.end[i], durationMs: dur, span: i, line: T.line[i] });
    }
    T.kind[i] = kind;
    if (kind !== KIND.await) t[lane] = T.end[i];
    if (i % 500 === 0) events.push({ seq: events.length, t: us(start + dur / 2), lane, kind: 'console', stream: 'stdout', text: `tick ${i}`, span: i });
  }
  let dur = 0;
  for (let i = Math.max(0, n - 50); i < n; i++) dur = Math.max(dur, T.end[i]);
  dur += 1;
  events.push({ seq: events.length, t: dur, lane: 0, kind: 'exit', code: 0, explicit: false });
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
