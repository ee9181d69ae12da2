/**
 * The .avtrace container (src/core/avtrace): a trace goes in as sections and comes back the same,
 * whatever the chunk sizes, read in pieces of any size; new optional fields flow through; a file
 * that is not one, is damaged, is newer or was cut off gets one readable sentence (or, cut off,
 * what it holds and a warning).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { avtraceSections, type PlannedSection } from '../../src/core/avtrace/write-plan';
import { fileHeader, sectionBytes, AvtraceError, SPANS_PER_SECTION, ITEMS_PER_SECTION, AVTRACE_MAGIC, isAvtrace, SECTION } from '../../src/core/avtrace/format';
import { SectionReader } from '../../src/core/avtrace/reader';
import { TraceAssembler, type Assembled } from '../../src/core/avtrace/assemble';
import { spanAt, type ColumnarTrace } from '../../src/core/columns/table';
import type { Span, Trace } from '../../src/core/trace';
import { generateColumnar } from '../../bench/generate';
import { traceJsonText } from '../../src/core/trace-json';
import { toChromeTrace } from '../../src/core/chrome-trace';
import { COLUMNS_VERSION } from '../../src/core/columns/format';

const fixture = (name: string): Trace => JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'traces', name), 'utf8')) as Trace;

const frame = (s: PlannedSection): Uint8Array => sectionBytes(s.kind, s.header, s.body === undefined || s.body.length === 0 ? undefined : gzipSync(s.body));

/** The file's bytes, as the writer (src/run/avtrace-file.ts) frames them; `extra` sections go before the end section. */
export function avtraceBytes(trace: Trace | ColumnarTrace, extra: PlannedSection[] = []): Buffer {
  const sections = [...avtraceSections(trace)];
  return Buffer.concat([fileHeader(), ...[...sections.slice(0, -1), ...extra, ...sections.slice(-1)].map(frame)]);
}

/** Reads bytes in pieces of `piece` bytes. */
async function read(bytes: Uint8Array, piece = 1 << 16): Promise<Assembled> {
  const reader = new SectionReader('t.avtrace');
  const asm = new TraceAssembler('t.avtrace');
  for (let i = 0; i < bytes.length; i += piece) for (const s of reader.push(bytes.subarray(i, i + piece))) asm.add(s);
  return asm.finish((d) => gunzipSync(d), reader.leftover());
}

/** The trace as plain JSON, spans as objects, for comparison. */
function plain(t: Trace | ColumnarTrace): unknown {
  const spans = Array.isArray(t.spans) ? t.spans : Array.from({ length: t.spans.n }, (_, i) => spanAt((t as ColumnarTrace).spans, i));
  return JSON.parse(JSON.stringify({ ...t, spans }));
}

test('avtrace: each fixture comes back the same, every field, whole µs exact', async () => {
  for (const name of ['event-loop-order.json', 'sequential.json', 'promise-all.json', 'blocking-loop.json', 'workers.json']) {
    const trace = fixture(name);
    const bytes = avtraceBytes(trace);
    assert.ok(isAvtrace(bytes) && !isAvtrace(Buffer.from(JSON.stringify(trace))));
    const got = await read(bytes);
    assert.equal(got.complete, true, name);
    assert.deepEqual(got.warnings, []);
    assert.deepEqual(plain(got.trace), plain(trace), name);
    // Read in pieces of 1 and 7 bytes: the same.
    assert.deepEqual(plain((await read(bytes, 1)).trace), plain(trace));
    assert.deepEqual(plain((await read(bytes, 7)).trace), plain(trace));
  }
});

test('avtrace: a timer\'s delay, an interval and what started it (delay, repeat, detail) come back from the file, and go on into the JSON and the Chrome export', async () => {
  const trace = fixture('sequential.json');
  const timer = trace.spans.findIndex((s) => s.kind === 'timer');
  assert.ok(timer >= 0);
  trace.spans[timer] = { ...trace.spans[timer], delay: 300, repeat: true, detail: "setTimeout(resolve, ms) // 'ä'" };
  // A detail that is also a label, on another span.
  const other = trace.spans.findIndex((s, i) => i !== timer && s.kind !== 'await');
  trace.spans[other] = { ...trace.spans[other], delay: 0.001, detail: trace.spans[timer].label };
  const got = (await read(avtraceBytes(trace))).trace;
  for (const i of [timer, other]) {
    const { delay, repeat, detail } = trace.spans[i];
    assert.deepEqual([got.spans.delay[i], got.spans.repeat[i] === 1, got.spans.labels[got.spans.detail[i]]], [delay, repeat === true, detail], `span ${i}`);
  }
  assert.deepEqual(plain(got), plain(trace));
  assert.deepEqual(JSON.parse([...traceJsonText(got)].join('')), plain(trace));
  const slice = toChromeTrace(got).traceEvents.find((e) => e.ph === 'X' && e.args?.span === timer);
  assert.deepEqual([slice?.args?.delayMs, slice?.args?.repeat, slice?.args?.detail], [300, true, trace.spans[timer].detail]);
});

test('avtrace: span sections of columns version 2 (without delay, repeat, detail) are read; a later version is refused', async () => {
  const trace = fixture('sequential.json');
  const withVersion = (v: number): Buffer => Buffer.concat([fileHeader(), ...[...avtraceSections(trace)].map((s) => frame(s.kind === SECTION.spans ? { ...s, header: { ...s.header, v } } : s))]);
  assert.deepEqual(plain((await read(withVersion(2))).trace), plain(trace));
  await assert.rejects(read(withVersion(COLUMNS_VERSION + 1)), new RegExp(`the header of a span section is not one of span columns versions 2 to ${COLUMNS_VERSION}`));
});

test('avtrace: fields it does not know (a later trace format, new arrays) flow through', async () => {
  const trace = fixture('promise-all.json') as Trace & Record<string, unknown>;
  trace.waits = [{ span: 1, why: 'timer' }, { span: 2, why: 'io' }];
  trace.notes = { a: 1, nested: { b: [1, 2] } };
  (trace.meta as unknown as Record<string, unknown>).newFact = 'kept';
  (trace.events[0] as unknown as Record<string, unknown>).extra = [3];
  const got = (await read(avtraceBytes(trace))).trace as unknown as Record<string, unknown>;
  assert.deepEqual(got.waits, trace.waits);
  assert.deepEqual(got.notes, trace.notes);
  assert.equal((got.meta as Record<string, unknown>).newFact, 'kept');
  assert.deepEqual(plain(got as unknown as ColumnarTrace), plain(trace));
});

test('avtrace: spans and items over many sections, references across section boundaries', async () => {
  const n = 2 * SPANS_PER_SECTION + 1234;
  const c = generateColumnar(n);
  // Events over several item sections, a reference from the last section to the first.
  c.events = Array.from({ length: 2 * ITEMS_PER_SECTION + 7 }, (_, i) => ({ seq: i, t: i / 10, lane: 0, kind: 'console' as const, stream: 'stdout' as const, text: `line ${i} ✓ 한국어`, span: i % n }));
  c.spans.trigger[n - 1] = 3;
  c.spans.parent[n - 2] = SPANS_PER_SECTION - 1;
  const sections = [...avtraceSections(c)];
  assert.equal(sections.filter((s) => s.kind === SECTION.spans).length, 3);
  assert.ok(sections.filter((s) => s.kind === SECTION.items && (s.header as { field: string }).field === 'events').length >= 3);
  const got = (await read(avtraceBytes(c), 100_003)).trace;
  assert.equal(got.spans.n, n);
  for (const i of [0, 1, SPANS_PER_SECTION - 1, SPANS_PER_SECTION, n - 2, n - 1, 77_777]) assert.deepEqual(spanAt(got.spans, i), spanAt(c.spans, i), `span ${i}`);
  assert.equal(got.spans.trigger[n - 1], 3);
  assert.equal(got.spans.parent[n - 2], SPANS_PER_SECTION - 1);
  assert.deepEqual(got.events, c.events);
  assert.deepEqual(got.asyncCalls, c.asyncCalls);
  assert.deepEqual(got.blocked, c.blocked);
  assert.deepEqual(got.lanes, c.lanes);
});

test('avtrace: a file that is not one, is empty, is newer or is damaged says so in one sentence', async () => {
  const bytes = avtraceBytes(fixture('sequential.json'));
  const fails = (b: Uint8Array, re: RegExp): Promise<void> => assert.rejects(read(b), (e: unknown) => e instanceof AvtraceError && re.test(e.message), re.source);
  await fails(Buffer.from('{"version":1}'), /t\.avtrace is not an \.avtrace file/);
  await fails(new Uint8Array(0), /t\.avtrace is empty/);
  await fails(Uint8Array.from(AVTRACE_MAGIC.slice(0, 5)), /not an \.avtrace file/);
  const newer = Buffer.from(bytes);
  newer.writeUInt32LE(7, 8);
  await fails(newer, /format 7, written by a newer Async Viz; this one reads format 1/);
  // A flipped byte inside the first section's gzip'd data.
  const damaged = Buffer.from(bytes);
  const hsize = damaged.readUInt32LE(12 + 8);
  damaged[12 + 12 + hsize + 12] ^= 0xff;
  await fails(damaged, /damaged at byte 12: its TRAC section does not decompress/);
  // A section header that is not JSON.
  const badHeader = Buffer.from(bytes);
  badHeader[12 + 12] = 0x7b + 1;
  await fails(badHeader, /damaged at byte 12: the header of its TRAC section is not JSON/);
  // A trace of another version.
  const v2 = { ...fixture('sequential.json'), version: 2 } as unknown as Trace;
  await fails(avtraceBytes(v2), /holds a trace of version 2; this Async Viz reads version 1/);
  // An item section that would reach the prototype.
  await fails(avtraceBytes(fixture('sequential.json'), [{ kind: SECTION.items, header: { field: '__proto__', first: 0, count: 0 }, body: '[]' }]), /item section is not \{field, first, count\}/);
});

test('avtrace: a file cut off keeps what it holds, with a warning; unknown sections are skipped', async () => {
  const c = generateColumnar(3 * SPANS_PER_SECTION);
  const bytes = avtraceBytes(c);
  // Cut inside the third span section: two whole span sections are kept.
  let at = 12, spanSections = 0, cut = 0;
  while (at < bytes.length) {
    const kind = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (kind === SECTION.spans && ++spanSections === 3) { cut = at + 100; break; }
    at += 8 + size;
  }
  const partial = await read(bytes.subarray(0, cut));
  assert.equal(partial.complete, false);
  assert.equal(partial.trace.spans.n, 2 * SPANS_PER_SECTION);
  assert.match(partial.warnings.join(' '), /t\.avtrace was cut off: the trace holds what was written before the cut \(131072 spans\)/);
  assert.deepEqual(spanAt(partial.trace.spans, 100_000), spanAt(c.spans, 100_000));
  assert.equal(partial.trace.meta.durationMs, c.meta.durationMs);
  // A section kind from a later revision: skipped.
  const t = fixture('workers.json');
  const withUnknown = Buffer.concat([avtraceBytes(t), sectionBytes('XTRA' as never, { anything: true }, gzipSync('{}'))]);
  await assert.rejects(read(withUnknown), /follows the end section/);
  const head = avtraceBytes(t);
  const endAt = head.lastIndexOf(Buffer.from('END.'));
  const inserted = Buffer.concat([head.subarray(0, endAt), sectionBytes('XTRA' as never, { anything: true }, gzipSync('{}')), head.subarray(endAt)]);
  assert.deepEqual(plain((await read(inserted)).trace), plain(t));
  // Counts that do not match what the end section says.
  const spans: Span[] = t.spans.slice(0, 2);
  const lying = Buffer.concat([fileHeader(), ...[...avtraceSections({ ...t, spans })].filter((s) => s.kind !== SECTION.end).map(frame), sectionBytes(SECTION.end, { spans: 9, items: { events: 1 } })]);
  assert.match((await read(lying)).warnings.join(' '), /says it holds 9 spans but holds 2.*says it holds 1 events but holds \d+/);
});
