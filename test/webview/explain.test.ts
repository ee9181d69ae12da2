/**
 * Step rules and explanations, computed from the view model (no browser): real recordings of
 * lessons 1 and 4 (test/fixtures/webview/lesson*.json, written by the CLI's --json) and the
 * synthetic event-loop trace of the core fixtures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Trace } from '../../src/core/trace';
import { buildModel } from '../../webview/model';
import { stepOrder, stepIndexOf } from '../../webview/step-model';
import { explainStep, explainSpan } from '../../webview/explain';
import { setLocale } from '../../webview/i18n';
import * as fx from '../fixtures/webview/traces';

const load = (p: string): Trace => JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', p), 'utf8')) as Trace;
const rules = (tr: Trace): string[] => {
  const m = buildModel(tr, 0);
  return Array.from(stepOrder(m), (_, k) => explainStep(m, k).rule);
};

test('rules: script, nextTick before promises, microtasks drain before timers, timers phase, setImmediate after I/O', () => {
  setLocale('en');
  assert.deepEqual(rules(load('traces/event-loop-order.json')), ['scriptFirst', 'nextTickBeforePromises', 'microtasksDrainBeforeTimers', 'timersPhase', 'ioCallback', 'immediateAfterIo']);
  assert.deepEqual(rules(fx.eventLoopOrder()), ['scriptFirst', 'nextTickBeforePromises', 'microtasksDrainBeforeTimers', 'timersPhase', 'checkPhaseImmediate']);
  // A real run of lesson 4 (Node's own nextTicks from console.log included).
  const l4 = rules(load('webview/lesson4-order.json'));
  assert.equal(l4[0], 'scriptFirst');
  assert.deepEqual(l4.slice(1, 5), ['nextTickBeforePromises', 'nextTickBeforePromises', 'nextTickBeforePromises', 'microtasksDrainBeforeTimers']);
  assert.ok(l4.includes('timersPhase') && l4.includes('checkPhaseImmediate'));
});

test('explanations: a nextTick step names the rule in plain words', () => {
  setLocale('en');
  const m = buildModel(load('webview/lesson4-order.json'), 0);
  const ex = explainStep(m, stepIndexOf(m, 2)); // span #2 printed "3 process.nextTick (before any promise)"
  assert.equal(ex.rule, 'nextTickBeforePromises');
  assert.match(ex.why, /^nextTick callbacks run before promise callbacks/);
  assert.match(ex.what.join(' '), /A process\.nextTick callback started at 210 ms and ran for 681 µs\. It was scheduled by #0 \(script\) at 204 ms\./);
  const micro = explainStep(m, stepIndexOf(m, 4));
  assert.match(micro.why, /^Microtasks drain before the next timer/);
});

test('explanations: a timer that waited for a blocked main thread says how long and why', () => {
  setLocale('en');
  const trace = load('webview/lesson1-blocking.json');
  const m = buildModel(trace, 0);
  const timer = trace.spans.findIndex((s) => s.kind === 'timer');
  const ex = explainSpan(m, timer)!;
  assert.equal(ex.rule, 'timersPhase');
  assert.equal(ex.blockedBy, 0);
  assert.match(ex.what.join(' '), /It was set at 78\.6 ms but only ran at 685 ms: it waited 606 ms because the main thread was blocked from 78\.3 ms to 683 ms \(line 6\)\. A callback never interrupts running code/);
  // The blocking script itself says it kept the thread busy.
  assert.match(explainSpan(m, 0)!.what.join(' '), /It kept the main thread busy for 605 ms without a break \(line 6\)/);
  // A timer that was not held up by blocking does not claim it was.
  const quiet = buildModel(load('traces/event-loop-order.json'), 0);
  const t3 = explainSpan(quiet, 3)!;
  assert.equal(t3.blockedBy, undefined);
  assert.match(t3.what.join(' '), /It was set at 200 µs and ran 1\.3 ms later: a timer runs no sooner than its delay/);
});

test('explanations: an await continuation and an await itself', () => {
  setLocale('en');
  const trace = fx.awaits('sequential');
  const m = buildModel(trace, 0);
  const aw = trace.spans.findIndex((s) => s.kind === 'await' && s.label === 'fetchLike(i)');
  assert.match(explainSpan(m, aw)!.what[0], /^The async function main paused at await fetchLike\(i\) \(line 7\) for /);
  assert.equal(explainSpan(m, aw)!.rule, 'awaitSuspended');
  const resume = trace.spans.findIndex((s) => s.kind === 'microtask' && s.line === 7);
  const ex = explainSpan(m, resume)!;
  assert.equal(ex.rule, 'awaitResumed');
  assert.match(ex.what[0], /^The async function main resumed after await fetchLike\(i\) \(line 7\)/);
});

test('explanations in Korean', () => {
  setLocale('ko');
  try {
    const m = buildModel(load('webview/lesson1-blocking.json'), 0);
    const ex = explainSpan(m, 2)!;
    assert.match(ex.why, /타이머 단계/);
    assert.match(ex.what.join(' '), /606 ms 동안 기다렸습니다/);
  } finally {
    setLocale('en');
  }
});
