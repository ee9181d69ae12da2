/** The span columns: encoded by the core (encodeColumns), decoded by the core (decodeColumns), no browser needed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encodeColumns, encodeTable } from '../../src/core/columns/encode';
import { decodeColumns, SpanTableBuilder } from '../../src/core/columns/decode';
import { columnar, spanAt, tableFromSpans, type SpanTable } from '../../src/core/columns/table';
import { gunzipSync, gzipSync } from 'node:zlib';
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
    // A timer's delay, an interval, what started it (sharing the labels: `a` is also a label).
    { id: 4, lane: 0, kind: 'timer', start: 8, end: 8.5, label: 'Timeout', scheduled: 3, delay: 5, repeat: true, detail: 'a' },
    { id: 5, lane: 0, kind: 'timer', start: 9, end: 9.5, label: 'Timeout', scheduled: 8.999, delay: 0, detail: "setTimeout(resolve, ms) 'x'" },
    // The user's file of the line when it is not the entry (`async-viz run`), sharing the labels too.
    { id: 6, lane: 0, kind: 'await', start: 10, end: 11, label: 'sleep(20)', line: 3, col: 9, call: 0, file: '/app/lib.js' },
    { id: 7, lane: 0, kind: 'microtask', start: 11, end: 11.1, label: 'a', line: 3, call: 0, file: 'a' },
  ];
  assertSame(roundTrip(spans), spans);
  assert.equal(roundTrip(spans).file[0], -1, 'no file: the entry file');
  // Unknown kinds read as io; a truncated blob decodes without hanging.
  const odd = encodeColumns([{ id: 0, lane: 0, kind: 'bogus' as Span['kind'], start: NaN, end: 1, label: 5 as unknown as string }]);
  assert.equal(spanAt(decodeColumns(odd.header, odd.bytes), 0)!.kind, 'io');
  assert.equal(decodeColumns(encodeColumns(spans).header, new Uint8Array([0x80, 0x80])).n, spans.length);
});

test('span columns: a span packs to a few bytes gzip\'d, and comes back from them', () => {
  const n = 200_000;
  const spans: Span[] = Array.from({ length: n }, (_, i) => ({ id: i, lane: i % 3, kind: 'microtask', start: i * 0.01, end: i * 0.01 + 0.004, label: 'PROMISE', trigger: i ? i - 1 : undefined, asyncId: i + 5, scheduled: i * 0.01 - 0.002 }));
  const { header, bytes } = encodeColumns(spans);
  const gz = gzipSync(bytes);
  assert.ok(gz.length / n < 4.5, `${(gz.length / n).toFixed(2)} bytes per span`);
  assertSame(decodeColumns(header, gunzipSync(gz)), spans);
});

test('span columns: a range of a table encodes on its own; chunks decode into one table', () => {
  const spans: Span[] = Array.from({ length: 50_000 }, (_, i) => ({ id: i, lane: i % 2, kind: i % 5 ? 'timer' : 'await', start: i * 0.003, end: i * 0.003 + 0.001, label: `l${i % 7}`, trigger: i > 10 ? i - 10 : undefined, parent: i % 11 === 3 ? i - 1 : undefined, line: i % 13, asyncId: i % 5 ? 100 + i : undefined, scheduled: i % 5 ? i * 0.003 - 0.5 : undefined, call: i % 5 ? undefined : i % 40, ...(i % 5 === 1 ? { delay: (i % 9) + 0.5, repeat: i % 3 === 0 || undefined, detail: `setTimeout(f, ${i % 9})` } : {}) }));
  const table = tableFromSpans(spans);
  // Chunks of odd sizes, added out of order, with their own label tables.
  const cuts = [0, 7, 16_390, 16_391, 33_000, 50_000];
  const builder = new SpanTableBuilder(spans.length);
  for (const k of [3, 0, 4, 2, 1]) {
    const { header, bytes } = encodeTable(table, cuts[k], cuts[k + 1]);
    assert.equal(header.n, cuts[k + 1] - cuts[k]);
    builder.add(header, bytes, cuts[k]);
  }
  assertSame(builder.table(), spans);
  // Spans 20,000.. as their own table (a batch that streamed in): references stay ids of the whole trace.
  const batch = tableFromSpans(spans.slice(20_000, 30_000));
  const { header, bytes } = encodeTable(batch, 0, batch.n, 20_000);
  const one = new SpanTableBuilder(spans.length).add(header, bytes, 20_000).table();
  for (const i of [20_000, 20_005, 25_003, 29_999]) assert.deepEqual(spanAt(one, i), spanAt(table, i), `span ${i}`);
});

test('columnar: a plain trace is converted once; a columnar one is returned as it is', () => {
  const trace = fixture('promise-all.json');
  const c = columnar(trace);
  assert.equal(columnar(trace), c);
  assert.equal(columnar(c), c);
  assertSame(c.spans, trace.spans);
  assert.equal(c.events, trace.events);
});

test('span columns: each decoded column is as narrow as its values, widening (across chunks too) when one does not fit', () => {
  const span = (i: number, extra: Partial<Span>): Span => ({ id: i, lane: 0, kind: 'timer', start: i, end: i + 0.5, label: 'x', ...extra });
  const narrow = Array.from({ length: 300 }, (_, i) => span(i, { line: 1 + (i % 40), delay: 1 }));
  const t = roundTrip(narrow);
  assertSame(t, narrow);
  for (const [name, want] of [['line', Int8Array], ['col', Int8Array], ['parent', Int8Array], ['callerLine', Int8Array], ['detail', Int8Array], ['label', Uint8Array], ['delay', Float32Array], ['trigger', Int8Array], ['call', Int8Array]] as const) {
    assert.ok(t[name] instanceof want, `${name}: ${t[name].constructor.name}`);
  }
  // Values past each narrow array, first in a later chunk: the column widens and keeps the earlier values.
  const wide = Array.from({ length: 300 }, (_, i) => span(i, i < 200 ? { line: 3, asyncId: 5, delay: 2 } : { line: 40_000 + i, asyncId: 2 ** 33 + i, delay: 1.1, trigger: i - 150 }));
  const b = new SpanTableBuilder(300);
  const whole = tableFromSpans(wide);
  for (const [from, to] of [[0, 200], [200, 300]]) {
    const { header, bytes } = encodeTable(whole, from, to);
    b.add(header, bytes, from);
  }
  const w = b.table();
  assert.ok(w.line instanceof Int32Array && w.asyncId instanceof Float64Array && w.delay instanceof Float64Array && w.trigger instanceof Int16Array, [w.line, w.asyncId, w.delay, w.trigger].map((c) => c.constructor.name).join());
  assertSame(w, wide);
});
