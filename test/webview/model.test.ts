/** The view model and the columns' transport into the view, no browser needed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildModel } from '../../webview/model';
import { itemRef, itemStart } from '../../webview/rows';
import { unpackTrace } from '../../webview/unpack';
import { viewPayload } from '../../src/run/view-payload';
import { filesOf, spanAt } from '../../src/core/columns/table';
import { clickAction } from '../../webview/hit-action';
import { itemRef } from '../../webview/rows';
import type { Span, Trace } from '../../src/core/trace';
import { summarize } from '../../src/core/summary';
import * as fx from '../fixtures/webview/traces';

test('transport: the payload\'s .avtrace (base64, or bytes) → webview/unpack gives back the trace, every span', async () => {
  const trace = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'traces', 'workers.json'), 'utf8')) as Trace;
  for (const bytes of [false, true]) {
    const back = await unpackTrace(viewPayload({ trace }, { bytes }).traces[0]);
    trace.spans.forEach((s, i) => assert.deepEqual(spanAt(back.spans, i), s));
    assert.deepEqual({ ...back, spans: [] }, { ...trace, spans: [] });
  }
  await assert.rejects(unpackTrace('bm90IGEgdHJhY2U='), /not an \.avtrace file/);
});

test('view model: each lane row holds its own callbacks in start order, with 2 lanes or 12', () => {
  for (const lanes of [2, 12]) {
    const spans: Span[] = Array.from({ length: 600 }, (_, i) => ({ id: i, lane: (i * 7) % lanes, kind: i % 9 === 4 ? 'await' : 'timer', start: i, end: i + 0.5, label: 'x', call: i % 9 === 4 ? 0 : undefined }));
    const trace = { ...fx.eventLoopOrder(), spans, asyncCalls: [{ id: 0, lane: 0, name: 'f', start: 0 }], lanes: Array.from({ length: lanes }, (_, id) => ({ id, kind: 'worker' as const, label: `w${id}`, pid: 1, threadId: id, start: 0, end: 600 })) };
    const m = buildModel(trace, 0);
    for (let lane = 0; lane < lanes; lane++) {
      const row = m.rows.find((r) => r.type === 'lane' && r.lane === lane)!;
      const want = spans.filter((s) => s.lane === lane && s.kind !== 'await').map((s) => s.id);
      assert.deepEqual(Array.from({ length: row.n }, (_, i) => itemRef(row, i)), want, `lane ${lane} of ${lanes}`);
      assert.deepEqual(Array.from({ length: row.n }, (_, i) => itemStart(row, i)), want.map((i) => spans[i].start));
    }
  }
});

test('one concurrency: the summary\'s peak is the strip\'s maximum, on real lesson recordings', () => {
  for (const name of ['lesson1-blocking.json', 'lesson2-promise-all.json', 'lesson4-order.json', 'lesson5-crunch.json', 'lesson10-polling.json']) {
    const trace = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'webview', name), 'utf8')) as Trace;
    const m = buildModel(trace, 0);
    const stripMax = Math.max(0, ...m.conc.n);
    assert.equal(summarize(m.trace).peakConcurrency, stripMax, name);
    assert.equal(summarize(trace).peakConcurrency, stripMax, `${name}: from the plain trace too`);
  }
});

test('one concurrency through the payload: the summary it carries has the strip\'s maximum as its peak', async () => {
  for (const name of ['lesson2-promise-all.json', 'lesson5-crunch.json', 'lesson10-polling.json']) {
    const trace = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'webview', name), 'utf8')) as Trace;
    const p = viewPayload({ trace });
    const m = buildModel(await unpackTrace(p.traces[0]), 0, undefined, p.summaries[0]);
    assert.equal(m.summary.peakConcurrency, Math.max(...m.conc.n), name);
    assert.equal(m.summary, p.summaries[0], 'the payload\'s summary is the one shown');
  }
});

test('a click opens the line in its own file: a span\'s or a call\'s file (a recorded command\'s), through the payload the panel posts', async () => {
  const plain = fx.awaits('sequential');
  // As `async-viz run` records it: fetchLike and its awaits live in lib.js, main in the entry file.
  const lib = '/app/lib.js';
  for (const s of plain.spans) if (s.kind === 'await' && s.label === 'sleep(ms)') s.file = lib;
  for (const c of plain.asyncCalls) if (c.name === 'fetchLike') c.file = lib;
  const trace = await unpackTrace(viewPayload({ trace: plain }, { bytes: true }).traces[0]);
  const m = buildModel(trace, 0);
  const callRow = m.rows.find((r) => r.type === 'call' && r.call === plain.asyncCalls.find((c) => c.name === 'fetchLike')!.id)!;
  const refs = Array.from({ length: callRow.n }, (_, i) => itemRef(callRow, i));
  const awaitAt = refs.findIndex((r) => r >= 0);
  assert.deepEqual(clickAction({ type: 'item', row: callRow, i: awaitAt }, m), { select: refs[awaitAt], notify: true, line: 3, col: 3, file: lib });
  const piece = refs.indexOf(-1);
  assert.deepEqual(clickAction({ type: 'item', row: callRow, i: piece }, m), { line: 2, col: undefined, file: lib }, 'a running piece: the call\'s line, in its file');
  const mainRow = m.rows.find((r) => r.type === 'call' && r.call === 0)!;
  const mainAwait = Array.from({ length: mainRow.n }, (_, i) => itemRef(mainRow, i)).findIndex((r) => r >= 0);
  assert.equal(clickAction({ type: 'item', row: mainRow, i: mainAwait }, m).file, undefined, 'the entry file\'s lines carry no file');
  assert.deepEqual([...filesOf(trace)].sort(), [lib, plain.meta.file].sort());
});

test('a click on a blocked stretch opens its innermost frame, in that frame\'s file', () => {
  const trace = fx.awaits('sequential');
  const lib = '/app/hash.js';
  trace.blocked = [{ lane: 0, start: 1, end: 200, durationMs: 199, line: 12, stack: [{ fn: 'slowHash', file: lib, line: 12, col: 5 }, { fn: 'handler', file: trace.meta.file, line: 20, col: 3 }] }];
  const m = buildModel(trace, 0);
  assert.deepEqual(clickAction({ type: 'blocked', row: m.rows[0], b: 0 }, m), { line: 12, col: 5, file: lib });
  assert.ok(filesOf(trace).has(lib), 'the panel may open a file the stack names');
  trace.blocked[0].stack = [{ fn: 'slowHash', file: trace.meta.file, line: 12, col: 5 }];
  assert.deepEqual(clickAction({ type: 'blocked', row: m.rows[0], b: 0 }, buildModel(trace, 0)), { line: 12, col: 5 }, 'the entry file\'s lines carry no file');
});
