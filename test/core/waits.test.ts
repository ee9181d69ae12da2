/** Waits: every pending operation from its start to its callback, grouped by line under its call. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waits, waitSite, groupDensity, groupPeak } from '../../src/core/waits';
import { concurrency } from '../../src/core/concurrency';
import { columnar } from '../../src/core/columns/table';
import { build, SITES, Stream } from './wire-builder';
import type { SiteTable } from '../../src/core/wire';
import { threeWaits } from './synth';

test('waits: three sleeps in Promise.all are three overlapping waits under their own calls; in sequence, end to end', () => {
  const all = waits(threeWaits('all'));
  assert.equal(all.n, 3);
  for (let k = 0; k < 3; k++) {
    assert.ok(all.from[k] < 1 && all.to[k] > 300, `wait ${k}: ${all.from[k]} → ${all.to[k]}`);
    assert.ok(all.call[k] >= 0, 'started inside an async call');
  }
  assert.equal(new Set(all.call).size, 3, 'each sleep under the call that made it');
  const seq = waits(threeWaits('seq'));
  assert.equal(seq.n, 3);
  for (let k = 1; k < 3; k++) assert.ok(seq.from[k] >= seq.to[k - 1], 'one after another');
  // Back-to-back waits do not overlap: concurrency counts one at a time.
  assert.equal(concurrency(threeWaits('seq')).peak, 1);
  assert.equal(concurrency(threeWaits('all')).peak, 3);
});

/** Call sites as prepare writes them: an interval at line 3, a setTimeout in a helper at line 7 called at lines 11 and 12. */
const CALL_SITES: SiteTable = {
  ...SITES,
  calls: [
    { line: 3, col: 1, text: 'setInterval', args: ['', '50'] },
    { line: 7, col: 3, text: 'setTimeout', args: ['resolve', 'ms'] },
    { line: 11, col: 9, text: 'sleep', args: ['100'] },
    { line: 12, col: 9, text: 'sleep', args: ['i'] },
  ],
};

test('waits: an interval waits between its ticks, due times follow its delay, siblings from one line form one group', () => {
  const s = new Stream(1).scriptStart(0);
  s.initFrom(1, 5, 'Timeout', 1, { site: 0, caller: 0, delay: 50, repeat: true }).run(51, 52, 5).run(102, 103, 5).run(153, 154, 5);
  // Twenty sleeps from line 11 (one delay), then three from line 12 (delays of their own).
  for (let i = 0; i < 20; i++) s.initFrom(2 + i * 0.01, 100 + i, 'Timeout', 1, { site: 1, caller: 2, delay: 100 });
  for (let i = 0; i < 3; i++) s.initFrom(2.5, 200 + i, 'Timeout', 1, { site: 1, caller: 3, delay: 300 + i });
  s.scriptEnd(3);
  for (let i = 0; i < 20; i++) s.run(200 + i, 200.5 + i, 100 + i);
  for (let i = 0; i < 3; i++) s.run(310 + i, 310.5 + i, 200 + i);
  const trace = build([s], { sites: CALL_SITES });
  const tick = trace.spans.find((x) => x.asyncId === 5)!;
  assert.deepEqual([tick.line, tick.col, tick.delay, tick.repeat, tick.detail, tick.callerLine], [3, 1, 50, true, 'setInterval 50 ms', undefined]);
  const sleep = trace.spans.find((x) => x.asyncId === 100)!;
  assert.deepEqual([sleep.line, sleep.col, sleep.callerLine, sleep.callerCol, sleep.delay, sleep.detail], [7, 3, 11, 9, 100, 'setTimeout 100 ms'], 'a sleep: its setTimeout and the line that called the helper');
  const w = waits(columnar(trace));
  const interval = w.groups.find((g) => g.line === 3)!;
  assert.equal(interval.waits.length, 3, 'one wait per tick');
  const ticks = Array.from(interval.waits, (k) => [w.from[k], w.to[k], w.due[k]]);
  assert.deepEqual(ticks.map((x) => x[0]), [1, 52, 103], 'each tick waits from the end of the previous run');
  assert.deepEqual(ticks.map((x) => x[2]), [51, 101, 152], 'due one delay after it was set or its previous tick started');
  assert.equal(interval.label, 'setInterval 50 ms');
  assert.equal(w.groups.find((g) => g.line === 7), undefined, "the helper's line labels no wait: the caller's lines do");
  const batch = w.groups.find((g) => g.line === 11)!;
  assert.equal(batch.waits.length, 20, 'twenty siblings from line 11: one group');
  assert.equal(batch.label, 'setTimeout 100 ms');
  const mixed = w.groups.find((g) => g.line === 12)!;
  assert.deepEqual([mixed.waits.length, mixed.label], [3, 'setTimeout'], 'siblings with delays of their own: the words their details share');
  assert.equal(groupPeak(w, batch), 20);
  assert.equal(batch.call, -1, 'started by top-level code, not in an async call');
  const band = groupDensity(w, batch);
  assert.equal(band.peak, 20);
  assert.equal(band.n[band.n.length - 1], 0);
  assert.deepEqual(w.groups.map((g) => g.id), w.groups.map((_, i) => i), 'group ids are their order');
  assert.ok(w.groups[0].firstFrom <= w.groups[1].firstFrom && w.groups[0].firstFrom === Math.min(...Array.from(w.groups[0].waits, (k) => w.from[k])), 'groups in the order their first waits started');
});

test('waits: a resource without a recorded creation has no wait; an open callback still ends its wait where it started', () => {
  const s = new Stream(1).scriptStart(0).before(5, 9).after(6, 9).init(1, 10, 'Immediate', 1).scriptEnd(2).before(7, 10);
  const w = waits(build([s]));
  assert.equal(w.n, 1, 'only the immediate, whose creation was recorded');
  assert.deepEqual([w.from[0], w.to[0]], [1, 7]);
});

test('waits: a caller on the same line number of another file is another line; waitSite gives the caller\'s line and column, or the span\'s own with its file', () => {
  const sites: SiteTable = {
    ...SITES,
    calls: [
      { line: 3, col: 5, text: 'setTimeout', args: ['r', 'ms'], file: '/p/lib.js' },
      { line: 3, col: 9, text: 'sleep', args: ['20'], file: '/p/server.js' },
      { line: 8, col: 1, text: 'setImmediate', args: ['f'], file: '/p/lib.js' },
    ],
  };
  const s = new Stream(1).scriptStart(0);
  s.initFrom(1, 5, 'Timeout', 1, { site: 0, caller: 1, delay: 20 });
  s.initFrom(1.5, 6, 'Immediate', 1, { site: 2, caller: -1 });
  s.scriptEnd(2).run(3, 3.5, 6).run(21, 22, 5);
  const trace = build([s], { sites });
  const timer = trace.spans.find((x) => x.asyncId === 5)!;
  assert.deepEqual([timer.line, timer.file, timer.callerLine, timer.callerCol], [3, '/p/lib.js', 3, 9], 'lib.js:3 called from server.js:3');
  const w = waits(columnar(trace));
  const k = (id: number) => Array.from({ length: w.n }, (_, j) => j).find((j) => trace.spans[w.span[j]]?.asyncId === id)!;
  assert.deepEqual(waitSite(trace, w, k(5)), { line: 3, col: 9 }, 'the caller\'s line and column; top-level code names no file');
  assert.deepEqual(waitSite(trace, w, k(6)), { line: 8, col: 1, file: '/p/lib.js' }, 'no caller: the span\'s own line, column and file');
});
