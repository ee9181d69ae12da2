/** Analyses: summary numbers, concurrency, comparison, durations, step mode on synthetic streams. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Stream, build } from './wire-builder';
import { threeWaits, puzzle } from './synth';
import { summarize, compareTraces, formatDuration, concurrency, concurrencyAt, leafAwaits, stepOrder, stepAt, stepIndexOf, explainStep, explainSpan, STEP_RULES, unionLength } from '../../src/core/analysis';
import { columnar } from '../../src/core/columns/table';
import { KIND } from '../../src/core/span-kinds';
import { phrase } from '../../src/core/text/phrases';

const near = (actual: number, expected: number, tol: number, what: string) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual}, expected ${expected} ± ${tol}`);

test('summary: three overlapping 300 ms awaits → waits sum ≈ 900 ms over ≈ 300 ms of wall time; the outer Promise.all await is not counted twice', () => {
  const t = threeWaits('all');
  const s = summarize(t);
  assert.equal(s.awaits, 4);
  assert.equal(leafAwaits(t).length, 3);
  near(s.awaitWaitSumMs, 900, 1, 'sum of waits');
  near(s.awaitWallMs, 300, 1, 'wall time of waits');
  assert.equal(s.peakConcurrency, 3, 'three timers pending at once');
  assert.equal(s.lanes, 1);
  assert.equal(s.totalMs, t.meta.durationMs);
  assert.equal(s.startMs, Math.min(...t.spans.filter((x) => x.lane === 0).map((x) => x.start)), 'the program starts with its first main-lane span');
  assert.equal(s.programMs, Math.round((t.meta.durationMs - s.startMs) * 1000) / 1000);
  assert.equal(s.exit.text, 'exit 0');
});

test('summary: the same three awaited one after another → sum ≈ wall ≈ 900 ms, peak 1', () => {
  const s = summarize(threeWaits('seq'));
  assert.equal(s.awaits, 6);
  near(s.awaitWaitSumMs, 900, 1, 'sum of waits');
  near(s.awaitWallMs, 900, 1, 'wall time of waits');
  assert.equal(s.peakConcurrency, 1);
});

test('compare: sequential vs Promise.all → speedup ≈ 3, the second is faster', () => {
  const seq = threeWaits('seq');
  const all = threeWaits('all');
  const c = compareTraces(seq, all);
  assert.equal(c.aMs, summarize(seq).programMs, 'start-up left out');
  assert.equal(c.bMs, summarize(all).programMs);
  assert.equal(c.faster, 'b');
  near(c.speedup, 900.5 / 301.2, 0.01, 'speedup');
  assert.ok(c.diffMs < -590);
  assert.deepEqual(c.peakConcurrency, [1, 3]);
  const back = compareTraces(all, seq);
  assert.equal(back.faster, 'a');
  assert.equal(back.speedup, c.speedup, 'the speedup does not depend on the order');
  assert.equal(compareTraces(all, all).faster, 'same');
  assert.equal(compareTraces(all, all).speedup, 1);
});

test('summary: busy, idle and blocked on the main lane (overlaps once, other lanes ignored)', () => {
  const s = new Stream(1).thread(0, 1, 0, '/w/w.js').scriptStart(0)
    .init(1, 5, 'Timeout', 1).init(3, 7, 'Immediate', 1).scriptEnd(50)
    .init(2, 6, 'Immediate', 1, 1).run(10, 500, 6, 1)
    .run(100, 130, 5).cpu(130, 5, 29, '')
    .run(200, 205, 7).exit(1000, 0);
  const t = build([s]);
  const sum = summarize(t);
  assert.equal(sum.totalMs, 1000);
  assert.equal(sum.busyMs, 85);
  assert.equal(sum.idleMs, 915);
  assert.equal(sum.blockedMs, 80, 'the script (50) and the timer (30); the worker does not count');
  assert.equal(t.blocked.length, 3);
});

test('concurrency: the waits, as a step function; an interval waits between its ticks; back-to-back is not overlap', () => {
  const s = new Stream(1)
    .init(0, 5, 'Timeout', 1) // an interval: waits 0 → 10, 11 → 20, 21 → 30
    .init(2, 8, 'TickObject', 1).run(3, 4, 8) // not an operation
    .init(5, 6, 'FSREQCALLBACK', 1) // 5 → 15
    .run(10, 11, 5)
    .run(15, 16, 6)
    .init(16, 7, 'Timeout', 1) // 16 → 40: starts just as 6's callback ends
    .run(20, 21, 5)
    .run(30, 31, 5)
    .run(40, 41, 7);
  const t = build([s]);
  const c = concurrency(t);
  assert.deepEqual(Array.from(c.t), [0, 5, 10, 11, 15, 16, 20, 21, 30, 40]);
  assert.deepEqual(Array.from(c.n), [1, 2, 1, 2, 1, 2, 1, 2, 1, 0]);
  assert.equal(c.peak, 2);
  assert.equal(c.peakAt, 5);
  assert.equal(concurrencyAt(c, 16), 2);
  assert.equal(concurrencyAt(c, 35), 1);
  assert.equal(concurrencyAt(c, 100), 0);
  assert.equal(concurrency(threeWaits('all'), 0).peak, 3, 'three timers; the awaits waiting on them do not count again');
  assert.equal(concurrency(threeWaits('all'), 3).peak, 0, 'no such lane');
  assert.equal(concurrency(t), c, 'kept per trace');
});

test('unionLength counts overlaps once', () => {
  assert.equal(unionLength([{ start: 0, end: 10 }, { start: 5, end: 15 }, { start: 20, end: 25 }, { start: 21, end: 22 }, { start: 30, end: 30 }]), 20);
  assert.equal(unionLength([]), 0);
});

test('formatDuration: µs, ms, s, minutes', () => {
  const cases: [number, string][] = [
    [0, '0 ms'], [0.0004, '0 µs'], [0.25, '250 µs'], [1, '1 ms'], [4.256, '4.26 ms'], [12.34, '12.3 ms'], [12, '12 ms'], [420.4, '420 ms'],
    [999.7, '1 s'], [1250, '1.25 s'], [12_500, '12.5 s'], [125_000, '2 min 5 s'], [-3, '-3 ms'], [Infinity, '—'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
});

test('steps: the callbacks in order, each with the queue it came from, the rule that explains it, and what waited', () => {
  const t = columnar(puzzle());
  const steps = Array.from(stepOrder(t), (_, k) => stepAt(t, k));
  assert.deepEqual(steps.map((st) => `${t.spans.labels[t.spans.label[st.span]]}:${st.rule}:${st.queue ?? '-'}`), [
    'script:scriptFirst:-', 'TickObject:nextTickBeforePromises:nextTick', 'PROMISE:microtasksDrainBeforeTimers:microtask',
    'Timeout:timersPhase:timer', 'FSREQCALLBACK:ioCallback:io', 'Immediate:immediateAfterIo:immediate',
  ]);
  assert.deepEqual(steps.map((s) => s.index), steps.map((_, i) => i));
  for (const st of steps) assert.ok(STEP_RULES.includes(st.rule) && phrase('en', `rule_${st.rule}`).length > 10 && phrase('ko', `rule_${st.rule}`).length > 10, st.rule);
  const id = (label: string) => Array.from(t.spans.label, (l) => t.spans.labels[l]).indexOf(label);
  assert.deepEqual(steps[0].queues, { nextTick: [id('TickObject')], microtask: [id('PROMISE')], timer: [id('Timeout')], immediate: [], io: [id('FSREQCALLBACK')] });
  assert.deepEqual(steps[2].queues, { nextTick: [], microtask: [], timer: [id('Timeout')], immediate: [], io: [id('FSREQCALLBACK')] }, 'the promise callback is running, not queued');
  assert.deepEqual(steps[4].queues.immediate, [id('Immediate')]);
  assert.equal(stepIndexOf(t, id('Timeout')), 3);
});

test('steps: awaits are not steps; continuations resume from their await, with the async calls on the chain', () => {
  const t = columnar(threeWaits('all'));
  const steps = Array.from(stepOrder(t), (_, k) => stepAt(t, k));
  const rules = steps.map((s) => s.rule);
  assert.equal(rules.filter((r) => r === 'awaitResumed').length, 4);
  assert.equal(rules.filter((r) => r === 'timersPhase').length, 3);
  assert.equal(steps.length, t.spans.n - 4, 'every span but the four awaits');
  const firstTimer = steps.find((s) => s.rule === 'timersPhase')!;
  assert.equal(firstTimer.queues.timer.length, 2, 'the two later timers wait');
  for (const s of steps.filter((x) => x.rule === 'awaitResumed')) {
    assert.equal(t.spans.kind[s.resumedFrom!], KIND.await);
    assert.equal(s.queue, 'microtask');
  }
  assert.deepEqual(steps.at(-1)!.chain.map((c) => t.asyncCalls[c].name), ['main']);
  assert.deepEqual(steps[2].chain.map((c) => t.asyncCalls[c].name), ['task', 'main']);
  const aw = Array.from(t.spans.kind).indexOf(KIND.await);
  assert.equal(stepIndexOf(t, aw), -1);
  assert.equal(explainSpan(t, aw)!.rule, 'awaitSuspended');
});

test('steps: a worker lane has its own queues', () => {
  const s = new Stream(1).thread(0, 1, 0, '/w/w.js').init(1, 5, 'Timeout', 1, 1).before(2, 5, 1).log(2.5, 'in worker', 1).after(3, 5, 1).init(1, 6, 'Immediate', 1).run(4, 5, 6);
  const t = columnar(build([s]));
  const steps = Array.from(stepOrder(t), (_, k) => stepAt(t, k));
  assert.deepEqual(steps.map((x) => [t.spans.lane[x.span], x.rule]), [[1, 'timersPhase'], [0, 'checkPhaseImmediate']]);
  assert.deepEqual(steps[0].queues.immediate, [], 'the main thread\'s immediate is not in the worker\'s queue');
  assert.deepEqual(explainStep(t, 0).facts.at(-1), { fact: 'otherLane', lane: 1 });
});
