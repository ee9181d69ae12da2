/**
 * A full ring drops nothing: the thread that finds its ring full drains the rings itself (holding
 * the drain lock) instead of counting a drop. The fixture floods a 64 KiB main ring and a 1 MiB
 * worker ring (the smallest a worker gets) with bursts far larger than either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, only, record } from './harness';

const N = 100_000;

test('a flooded ring drops nothing: every timer and immediate of the main thread and a worker is recorded', async () => {
  const r = await record(fixture('ring-flood.js'), { env: { ASYNC_VIZ_RING_BYTES: String(64 << 10), N: String(N) } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /worker exit 0/);
  assert.deepEqual(only(r.events, 'dropped'), [], 'no drop record');
  const tids = [...new Set(r.events.map((e) => e.tid))].sort();
  assert.equal(tids.length, 2, `the main thread and the worker (${tids})`);
  for (const tid of tids) {
    const ev = r.events.filter((e) => e.tid === tid);
    const inits = only(ev, 'init');
    const ids = (type: string) => new Set(inits.filter((e) => e.type === type).map((e) => e.id));
    const timers = ids('Timeout'), immediates = ids('Immediate');
    assert.equal(timers.size, N, `tid ${tid}: every timer's init`);
    assert.ok(immediates.size >= N, `tid ${tid}: every immediate's init (${immediates.size})`);
    const ran = (set: Set<number>) => only(ev, 'before').filter((e) => set.has(e.id)).length;
    assert.equal(ran(timers), N, `tid ${tid}: every timer ran`);
    assert.equal(ran(immediates), immediates.size, `tid ${tid}: every immediate ran`);
    assert.equal(only(ev, 'after').length, only(ev, 'before').length, `tid ${tid}: every before has its after`);
  }
});
