/**
 * Every wait knows where it came from, recorded for real: timer, immediate and I/O spans carry
 * the user line and column that started them (through a plain helper: also the caller's line),
 * a timer's delay and repeat, and a detail saying what the operation is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, lineOf, record } from './helpers';
import type { Span } from '../../src/core/trace';

test('timer, immediate and I/O spans carry line/col, callerLine, delay/repeat and detail', async () => {
  const file = fixture('waits', 'origins.mjs');
  const { trace } = await record(file);
  assert.equal(trace.meta.exit.code, 0, trace.meta.exit.error);
  const ops = trace.spans.filter((s) => s.kind === 'timer' || s.kind === 'immediate' || s.kind === 'io');
  const at = (marker: string): Span[] => ops.filter((s) => s.line === lineOf(file, marker));
  const one = (marker: string): Span => {
    const found = at(marker);
    assert.ok(found.length > 0, `a span started at the ${marker} line: ${JSON.stringify(ops.map((s) => [s.label, s.line, s.detail]))}`);
    return found[0];
  };

  const sleep = one('SLEEP');
  assert.equal(sleep.kind, 'timer');
  assert.equal(sleep.col, 42, 'the column of setTimeout in the helper');
  assert.equal(sleep.callerLine, lineOf(file, 'CALLS-SLEEP'), 'the line that called the helper');
  assert.equal(sleep.callerCol, 9);
  assert.equal(sleep.delay, 30);
  assert.equal(sleep.repeat, undefined);
  assert.equal(sleep.detail, 'setTimeout 30 ms', 'the delay as Node kept it (the argument is a name)');

  const ticks = at('INTERVAL');
  assert.ok(ticks.length >= 2, `the interval ticked (${ticks.length})`);
  for (const t of ticks) {
    assert.deepEqual([t.kind, t.delay, t.repeat, t.detail, t.col], ['timer', 5, true, 'setInterval 5 ms', 14]);
    assert.equal(t.callerLine, undefined, 'started in main itself: no caller line');
  }
  assert.equal(one('CLEAR').detail, 'setTimeout 18 ms');
  assert.deepEqual([one('IMMEDIATE').kind, one('IMMEDIATE').detail], ['immediate', 'setImmediate']);

  const reads = at('READ');
  assert.equal(reads[0].detail, 'fs.readFile origins.mjs', 'the call as written and its path');
  assert.ok(reads.length >= 3 && reads.every((s) => s.label === 'FSREQCALLBACK'), 'the steps Node takes for it (open, stat, read, close) have its line');
  assert.equal(one('PROMISE-READ').detail, 'readFile origins.mjs');
  const forked = at('FORK');
  assert.ok(forked.some((s) => s.label === 'PROCESSWRAP'), "the child process's exit, at the fork line");
  for (const s of forked) assert.equal(s.detail, 'fork child.cjs', `${s.label}: the fork as written`);

  // Callbacks Node schedules for itself carry no line of the user's.
  for (const s of trace.spans.filter((x) => x.kind === 'nextTick' || x.kind === 'microtask')) assert.equal(s.callerLine, undefined);
});

test('emits: the program\'s own emitter is recorded with or without listeners; Node\'s sockets, requests and responses only when someone listens', async () => {
  const { trace } = await record(fixture('engine', 'emits.cjs'));
  const emits = trace.events.filter((e) => e.kind === 'emit');
  const placed = emits.filter((e) => e.name === 'placed').map((e) => [e.emitter, e.listeners]);
  assert.deepEqual(placed, [['Orders', 0], ['Orders', 1]], 'the emit before the listener is in the trace');
  const node = emits.filter((e) => ['Socket', 'IncomingMessage', 'ServerResponse', 'ClientRequest', 'Server'].includes(e.emitter));
  assert.ok(node.some((e) => e.emitter === 'Server' && e.name === 'request' && e.listeners === 1), JSON.stringify(node));
  assert.ok(node.some((e) => e.emitter === 'IncomingMessage' && e.name === 'end' && e.listeners >= 1), 'the client response\'s end, which the program listens to');
  assert.deepEqual(node.filter((e) => e.listeners === 0), [], 'no emit of Node\'s own emitters that nobody heard');
});
