/** Lanes: worker threads and child processes each get their own lane on one clock. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, record } from './helpers';

test('two CPU workers show as two overlapping worker lanes', async () => {
  const { trace, outcome } = await record(fixture('engine', 'workers.cjs'));
  assert.equal(outcome, 'ok');
  const workers = trace.lanes.filter((l) => l.kind === 'worker');
  assert.equal(workers.length, 2, `two worker lanes (lanes: ${trace.lanes.map((l) => l.label).join(', ')})`);
  // Each worker's long synchronous stretch, on its own lane.
  const busy = workers.map((w) => trace.blocked.find((b) => b.lane === w.id && b.durationMs >= 200));
  assert.ok(busy[0] && busy[1], `each worker lane has a ~250 ms blocked stretch: ${JSON.stringify(trace.blocked)}`);
  assert.ok(busy[0]!.start < busy[1]!.end && busy[1]!.start < busy[0]!.end, 'the two workers ran at the same time');
  assert.ok(!trace.blocked.some((b) => b.lane === 0 && b.durationMs >= 200), 'the main thread stayed free');
  assert.deepEqual(trace.events.filter((e) => e.kind === 'console').map((e) => (e as { text: string }).text).slice(-1), ['both done']);
});

test('a forked child shows as a process lane', async () => {
  const { trace, outcome } = await record(fixture('engine', 'fork.cjs'));
  assert.equal(outcome, 'ok');
  const procs = trace.lanes.filter((l) => l.kind === 'process');
  assert.equal(procs.length, 1, `one process lane (lanes: ${trace.lanes.map((l) => l.label).join(', ')})`);
  assert.notEqual(procs[0].pid, trace.lanes[0].pid);
  assert.ok(trace.spans.some((s) => s.lane === procs[0].id && s.kind === 'timer'), 'the child timer is on the child lane');
  const texts = trace.events.filter((e) => e.kind === 'console').map((e) => (e as { text: string }).text);
  assert.ok(texts.includes('parent got hello from child'));
});
