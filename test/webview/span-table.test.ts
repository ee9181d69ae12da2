/** The span columns: packed by renderHtml (packSpans), decoded by the webview (tableFromColumns), no browser needed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packSpans } from '../../src/run/html';
import { tableFromColumns, tableFromSpans, spanAt, type SpanTable } from '../../webview/span-table';
import type { Span, Trace } from '../../src/core/trace';
import * as fx from '../fixtures/webview/traces';

const fixture = (name: string): Trace => JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'traces', name), 'utf8')) as Trace;

/** Every field of every span, times to the nanosecond. */
function assertSame(table: SpanTable, spans: Span[]): void {
  assert.equal(table.n, spans.length);
  spans.forEach((want, i) => {
    const got = spanAt(table, i)!;
    const { start, end, scheduled, ...rest } = want;
    const { start: gs, end: ge, scheduled: gsch, ...grest } = got;
    assert.deepEqual(grest, JSON.parse(JSON.stringify(rest)), `span ${i}`);
    assert.ok(Math.abs(gs - start) < 1e-6 && Math.abs(ge - end) < 1e-6, `span ${i} times ${gs}-${ge} vs ${start}-${end}`);
    assert.equal(gsch === undefined, scheduled === undefined, `span ${i} scheduled`);
    if (scheduled !== undefined) assert.ok(Math.abs(gsch! - scheduled) < 1e-6, `span ${i} scheduled ${gsch} vs ${scheduled}`);
  });
}

test('span columns: every field survives packSpans → tableFromColumns (recorded-shape fixtures)', async () => {
  for (const name of ['event-loop-order.json', 'sequential.json', 'promise-all.json', 'blocking-loop.json', 'workers.json']) {
    const trace = fixture(name);
    const packed = packSpans(trace.spans);
    assertSame(await tableFromColumns(packed), trace.spans);
    assertSame(tableFromSpans(trace.spans), trace.spans);
    assert.equal(packed.tick, 1000, `${name}: recorded times are whole µs`);
  }
  // Whole µs come back exactly as recorded (no 150.95000000000002).
  const order = fixture('event-loop-order.json');
  const exact = await tableFromColumns(packSpans(order.spans));
  order.spans.forEach((s, i) => assert.deepEqual(spanAt(exact, i), s));
  for (const trace of [fx.eventLoopOrder(), fx.blocking(), fx.awaits('sequential')]) assertSame(await tableFromColumns(packSpans(trace.spans)), trace.spans);
});

test('span columns: ids that are not 0..n-1, self and forward references, open spans, odd input', async () => {
  const spans: Span[] = [
    { id: 10, lane: 3, kind: 'script', start: 0, end: 5.123456, label: 'a' },
    { id: 11, lane: 3, kind: 'await', start: 1, end: 9, label: '', line: 1, col: 1, call: 0, open: true },
    { id: 12, lane: 0, kind: 'timer', start: 0.5, end: 0.6, label: 'Timeout', trigger: 12, parent: 10, asyncId: 9007199254, scheduled: 0.75 },
    { id: 13, lane: 1, kind: 'nextTick', start: 7, end: 7, label: 'a', trigger: 20 },
  ];
  const t = await tableFromColumns(packSpans(spans));
  assertSame(t, spans);
  assert.deepEqual(Array.from(t.ids!), [10, 11, 12, 13]);
  // Unknown kinds read as io; a truncated blob decodes without hanging.
  const odd = packSpans([{ id: 0, lane: 0, kind: 'bogus' as Span['kind'], start: NaN, end: 1, label: 5 as unknown as string }]);
  assert.equal(spanAt(await tableFromColumns(odd), 0)!.kind, 'io');
  const cut = { ...packSpans(spans), gzip: false, data: Buffer.from([0x80, 0x80]).toString('base64') };
  assert.equal((await tableFromColumns(cut)).n, 4);
});

test('span columns: a span packs to a few bytes', () => {
  const n = 200_000;
  const spans: Span[] = Array.from({ length: n }, (_, i) => ({ id: i, lane: i % 3, kind: 'microtask', start: i * 0.01, end: i * 0.01 + 0.004, label: 'PROMISE', trigger: i ? i - 1 : undefined, asyncId: i + 5, scheduled: i * 0.01 - 0.002 }));
  const packed = packSpans(spans);
  assert.ok(packed.data.length / n < 6, `${(packed.data.length / n).toFixed(2)} base64 chars per span`);
});

test('view model: each lane row holds its own callbacks in start order, with 2 lanes or 12', async () => {
  const { buildModel } = await import('../../webview/model');
  for (const lanes of [2, 12]) {
    const spans: Span[] = Array.from({ length: 600 }, (_, i) => ({ id: i, lane: (i * 7) % lanes, kind: i % 9 === 4 ? 'await' : 'timer', start: i, end: i + 0.5, label: 'x', call: i % 9 === 4 ? 0 : undefined }));
    const trace = { ...fx.eventLoopOrder(), spans, asyncCalls: [{ id: 0, lane: 0, name: 'f', start: 0 }], lanes: Array.from({ length: lanes }, (_, id) => ({ id, kind: 'worker' as const, label: `w${id}`, pid: 1, threadId: id, start: 0, end: 600 })) };
    const m = buildModel(trace, 0);
    for (let lane = 0; lane < lanes; lane++) {
      const row = m.rows.find((r) => r.type === 'lane' && r.lane === lane)!;
      const want = spans.filter((s) => s.lane === lane && s.kind !== 'await').map((s) => s.id);
      assert.deepEqual(Array.from(row.refs), want, `lane ${lane} of ${lanes}`);
      assert.deepEqual(Array.from(row.starts), want.map((i) => spans[i].start));
    }
  }
});
