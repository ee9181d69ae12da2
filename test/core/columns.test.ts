/** The span columns: encoded by the core (encodeColumns), decoded by the core (decodeColumns), no browser needed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encodeColumns } from '../../src/core/columns/encode';
import { decodeColumns } from '../../src/core/columns/decode';
import { columnar, spanAt, tableFromSpans, type SpanTable } from '../../src/core/columns/table';
import { isPackedSpans } from '../../src/core/columns/format';
import { packSpans } from '../../src/run/pack';
import type { Span, Trace } from '../../src/core/trace';
import * as fx from '../fixtures/webview/traces';

const fixture = (name: string): Trace => JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'traces', name), 'utf8')) as Trace;
const roundTrip = (spans: Span[]): SpanTable => {
  const { header, bytes } = encodeColumns(spans);
  return decodeColumns(header, bytes);
};

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

test('span columns: every field survives encodeColumns → decodeColumns (recorded-shape fixtures)', () => {
  for (const name of ['event-loop-order.json', 'sequential.json', 'promise-all.json', 'blocking-loop.json', 'workers.json']) {
    const trace = fixture(name);
    assertSame(roundTrip(trace.spans), trace.spans);
    assertSame(tableFromSpans(trace.spans), trace.spans);
    assert.equal(encodeColumns(trace.spans).header.tick, 1000, `${name}: recorded times are whole µs`);
  }
  // Whole µs come back exactly as recorded (no 150.95000000000002).
  const order = fixture('event-loop-order.json');
  const exact = roundTrip(order.spans);
  order.spans.forEach((s, i) => assert.deepEqual(spanAt(exact, i), s));
  for (const trace of [fx.eventLoopOrder(), fx.blocking(), fx.awaits('sequential')]) assertSame(roundTrip(trace.spans), trace.spans);
});

test('span columns: self and forward references, open spans, odd input', () => {
  const spans: Span[] = [
    { id: 0, lane: 3, kind: 'script', start: 0, end: 5.123456, label: 'a' },
    { id: 1, lane: 3, kind: 'await', start: 1, end: 9, label: '', line: 1, col: 1, call: 0, open: true },
    { id: 2, lane: 0, kind: 'timer', start: 0.5, end: 0.6, label: 'Timeout', trigger: 2, parent: 0, asyncId: 9007199254, scheduled: 0.75 },
    { id: 3, lane: 1, kind: 'nextTick', start: 7, end: 7, label: 'a', trigger: 20 },
  ];
  assertSame(roundTrip(spans), spans);
  // Unknown kinds read as io; a truncated blob decodes without hanging.
  const odd = encodeColumns([{ id: 0, lane: 0, kind: 'bogus' as Span['kind'], start: NaN, end: 1, label: 5 as unknown as string }]);
  assert.equal(spanAt(decodeColumns(odd.header, odd.bytes), 0)!.kind, 'io');
  assert.equal(decodeColumns(encodeColumns(spans).header, new Uint8Array([0x80, 0x80])).n, 4);
});

test('span columns: a span packs to a few bytes, and the packed form passes the guard', () => {
  const n = 200_000;
  const spans: Span[] = Array.from({ length: n }, (_, i) => ({ id: i, lane: i % 3, kind: 'microtask', start: i * 0.01, end: i * 0.01 + 0.004, label: 'PROMISE', trigger: i ? i - 1 : undefined, asyncId: i + 5, scheduled: i * 0.01 - 0.002 }));
  const packed = packSpans(spans);
  assert.ok(packed.data.length / n < 6, `${(packed.data.length / n).toFixed(2)} base64 chars per span`);
  assert.ok(isPackedSpans(packed));
  assert.ok(!isPackedSpans({ ...packed, layout: [['bogus', 0, 1]] }));
  assert.ok(!isPackedSpans({ ...packed, v: 1 }));
});

test('columnar: a plain trace is converted once; a columnar one is returned as it is', () => {
  const trace = fixture('promise-all.json');
  const c = columnar(trace);
  assert.equal(columnar(trace), c);
  assert.equal(columnar(c), c);
  assertSame(c.spans, trace.spans);
  assert.equal(c.events, trace.events);
});
