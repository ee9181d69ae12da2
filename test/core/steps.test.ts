/**
 * Step rules and explanations, computed by the core (src/core/steps.ts, explain.ts) and put in
 * words by core/text, on the same real recordings of lessons 1 and 4 the view's tests use
 * (test/fixtures/webview/lesson*.json, written by the CLI's --json) and on the synthetic
 * event-loop trace of the core fixtures. The expectations are the view's, unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Trace } from '../../src/core/trace';
import { columnar, type ColumnarTrace } from '../../src/core/columns/table';
import { stepAt, stepIndexOf, stepOrder } from '../../src/core/steps';
import { explainSpan, explainStep, type Explanation } from '../../src/core/explain';
import { explanationText } from '../../src/core/text/explain-text';
import type { Lang } from '../../src/core/text/phrases';
import * as fx from '../fixtures/webview/traces';

const load = (p: string): ColumnarTrace => columnar(JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', p), 'utf8')) as Trace);
const rules = (tr: ColumnarTrace): string[] => Array.from(stepOrder(tr), (_, k) => explainStep(tr, k).rule);
/** An explanation with its words, as the view shows it. */
const words = (tr: ColumnarTrace, ex: Explanation | undefined, lang: Lang = 'en') => (ex ? { ...ex, ...explanationText(ex, tr, lang) } : undefined);

test('rules: script, nextTick before promises, microtasks drain before timers, timers phase, setImmediate after I/O', () => {
  assert.deepEqual(rules(load('traces/event-loop-order.json')), ['scriptFirst', 'nextTickBeforePromises', 'microtasksDrainBeforeTimers', 'timersPhase', 'ioCallback', 'immediateAfterIo']);
  assert.deepEqual(rules(columnar(fx.eventLoopOrder())), ['scriptFirst', 'nextTickBeforePromises', 'microtasksDrainBeforeTimers', 'timersPhase', 'checkPhaseImmediate']);
  // A real run of lesson 4 (Node's own nextTicks from console.log included).
  const l4 = rules(load('webview/lesson4-order.json'));
  assert.equal(l4[0], 'scriptFirst');
  assert.deepEqual(l4.slice(1, 5), ['nextTickBeforePromises', 'nextTickBeforePromises', 'nextTickBeforePromises', 'microtasksDrainBeforeTimers']);
  assert.ok(l4.includes('timersPhase') && l4.includes('checkPhaseImmediate'));
});

test('explanations: a nextTick step names the rule in plain words', () => {
  const m = load('webview/lesson4-order.json');
  const ex = words(m, explainStep(m, stepIndexOf(m, 2)))!; // span #2 printed "3 process.nextTick (before any promise)"
  assert.equal(ex.rule, 'nextTickBeforePromises');
  assert.match(ex.why, /^nextTick callbacks run before promise callbacks/);
  assert.match(ex.what.join(' '), /A process\.nextTick callback started at 210 ms and ran for 681 µs\. It was scheduled by #0 \(script\) at 204 ms\./);
  const micro = words(m, explainStep(m, stepIndexOf(m, 4)))!;
  assert.match(micro.why, /^Microtasks drain before the next timer/);
});

test('explanations: a timer that waited for a blocked main thread says how long and why', () => {
  const m = load('webview/lesson1-blocking.json');
  const timer = Array.from(m.spans.kind).findIndex((k) => k === 3);
  const ex = words(m, explainSpan(m, timer))!;
  assert.equal(ex.rule, 'timersPhase');
  assert.equal(ex.blockedBy, 0);
  assert.match(ex.what.join(' '), /It was set at 78\.6 ms but only ran at 685 ms: it waited 606 ms because the main thread was blocked from 78\.3 ms to 683 ms \(line 6\)\. A callback never interrupts running code/);
  // The blocking script itself says it kept the thread busy.
  assert.match(words(m, explainSpan(m, 0))!.what.join(' '), /It kept the main thread busy for 605 ms without a break \(line 6\)/);
  // A timer that was not held up by blocking does not claim it was.
  const quiet = load('traces/event-loop-order.json');
  const t3 = words(quiet, explainSpan(quiet, 3))!;
  assert.equal(t3.blockedBy, undefined);
  assert.match(t3.what.join(' '), /It was set at 200 µs and ran 1\.3 ms later: a timer runs no sooner than its delay/);
});

test('explanations: an await continuation and an await itself', () => {
  const trace = fx.awaits('sequential');
  const m = columnar(trace);
  const aw = trace.spans.findIndex((s) => s.kind === 'await' && s.label === 'fetchLike(i)');
  assert.match(words(m, explainSpan(m, aw))!.what[0], /^The async function main paused at await fetchLike\(i\) \(line 7\) for /);
  assert.equal(explainSpan(m, aw)!.rule, 'awaitSuspended');
  const resume = trace.spans.findIndex((s) => s.kind === 'microtask' && s.line === 7);
  const ex = words(m, explainSpan(m, resume))!;
  assert.equal(ex.rule, 'awaitResumed');
  assert.match(ex.what[0], /^The async function main resumed after await fetchLike\(i\) \(line 7\)/);
});

test('explanations in Korean', () => {
  const m = load('webview/lesson1-blocking.json');
  const ex = words(m, explainSpan(m, 2), 'ko')!;
  assert.match(ex.why, /타이머 단계/);
  assert.match(ex.what.join(' '), /606 ms 동안 기다렸습니다/);
});

test('steps: the queues of lesson 4 as the script ends, the queue each callback came from, the await chain', () => {
  const m = load('webview/lesson4-order.json');
  const first = stepAt(m, 0);
  assert.equal(first.queue, undefined, 'top-level code comes from no queue');
  // The script queued two nextTicks (a third is queued by the first), a promise callback and a timer; the immediate is set inside the timer.
  assert.deepEqual(first.queues, { nextTick: [1, 2], microtask: [4], timer: [6], immediate: [], io: [] });
  assert.deepEqual(stepAt(m, 6).queues, { nextTick: [7, 8], microtask: [], timer: [12], immediate: [10], io: [] }, 'inside the timer: its nextTicks, the immediate, the inner timer');
  const kinds = Array.from(stepOrder(m), (_, k) => stepAt(m, k).queue);
  assert.equal(kinds[1], 'nextTick');
  assert.ok(kinds.includes('microtask') && kinds.includes('timer') && kinds.includes('immediate'));
  const seq = columnar(fx.awaits('sequential'));
  const resumed = Array.from(stepOrder(seq), (_, k) => stepAt(seq, k)).filter((s) => s.rule === 'awaitResumed');
  assert.ok(resumed.length >= 3 && resumed.every((s) => s.queue === 'microtask' && s.resumedFrom! >= 0));
  const inFetch = resumed.find((s) => seq.spans.line[s.span] === 3)!;
  assert.deepEqual(inFetch.chain.map((c) => seq.asyncCalls[c].name), ['fetchLike', 'main'], 'innermost first');
});
