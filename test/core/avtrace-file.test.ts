/**
 * .avtrace files on disk (src/run/avtrace-file.ts): written and read back through real files,
 * whole or piece by piece (a recording streaming to disk, cut off before its end), and the
 * ways writing and reading fail, each one sentence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AvtraceWriter, readAvtrace, writeAvtrace } from '../../src/run/avtrace-file';
import { AvtraceError, SPANS_PER_SECTION } from '../../src/core/avtrace/format';
import { emptyTable, spanAt, tableFromSpans } from '../../src/core/columns/table';
import { generateColumnar } from '../../bench/generate';
import type { Trace } from '../../src/core/trace';

const dir = mkdtempSync(path.join(os.tmpdir(), 'async-viz-avtrace-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string): Trace => JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'traces', name), 'utf8')) as Trace;

test('writeAvtrace → readAvtrace: the same trace, a few bytes a span', async () => {
  const t = fixture('workers.json');
  const file = path.join(dir, 'workers.avtrace');
  const size = await writeAvtrace(file, t);
  assert.equal(size, statSync(file).size);
  const back = await readAvtrace(file, 'workers.avtrace');
  assert.equal(back.complete, true);
  assert.deepEqual(Array.from({ length: back.trace.spans.n }, (_, i) => spanAt(back.trace.spans, i)), t.spans);
  assert.deepEqual({ ...back.trace, spans: [] }, { ...t, spans: [] });

  const c = generateColumnar(300_000);
  const big = path.join(dir, 'big.avtrace');
  const bytes = await writeAvtrace(big, c);
  assert.ok(bytes / c.spans.n < 4, `${(bytes / c.spans.n).toFixed(2)} bytes a span`);
  const b = await readAvtrace(big);
  assert.equal(b.trace.spans.n, 300_000);
  for (const i of [0, 65_535, 65_536, 299_999]) assert.deepEqual(spanAt(b.trace.spans, i), spanAt(c.spans, i));
  assert.deepEqual(b.trace.events, c.events);
});

test('AvtraceWriter: a trace written as it arrives, and the same file cut off before its end', async () => {
  const c = generateColumnar(SPANS_PER_SECTION + 500);
  const file = path.join(dir, 'stream.avtrace');
  const w = new AvtraceWriter(file);
  const provisional = { ...c, meta: { ...c.meta, durationMs: 0 }, spans: [] };
  await w.trace(provisional);
  // Spans in batches of span objects, as a recording would deliver them.
  for (let a = 0; a < c.spans.n; a += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, c.spans.n - a) }, (_, i) => spanAt(c.spans, a + i)!);
    await w.addSpans(tableFromSpans(batch));
  }
  await w.addItems('events', c.events.slice(0, 100));
  await w.addItems('events', c.events.slice(100));
  await w.addItems('blocked', c.blocked);
  await w.addItems('asyncCalls', c.asyncCalls);
  await w.addItems('lanes', c.lanes);
  await w.trace({ ...c, spans: emptyTable(0) });
  await w.finish();
  const back = await readAvtrace(file);
  assert.equal(back.complete, true);
  assert.deepEqual(back.warnings, []);
  assert.equal(back.trace.meta.durationMs, c.meta.durationMs, 'the last trace section counts');
  for (const i of [0, 9_999, 10_000, 65_536, c.spans.n - 1]) assert.deepEqual(spanAt(back.trace.spans, i), spanAt(c.spans, i), `span ${i}`);
  assert.deepEqual(back.trace.events, c.events);
  assert.deepEqual(back.trace.lanes, c.lanes);

  // The same file, cut half way: the provisional facts, the spans written so far, and a warning.
  const cut = path.join(dir, 'cut.avtrace');
  writeFileSync(cut, readFileSync(file));
  truncateSync(cut, Math.floor(statSync(file).size / 2));
  const part = await readAvtrace(cut, 'cut.avtrace');
  assert.equal(part.complete, false);
  assert.ok(part.trace.spans.n > 0 && part.trace.spans.n < c.spans.n, String(part.trace.spans.n));
  assert.equal(part.trace.meta.file, c.meta.file);
  assert.match(part.warnings[0], /^cut\.avtrace was cut off/);
});

test('writing to a place that cannot be written, reading what is missing or not a trace: a readable error', async () => {
  const t = fixture('sequential.json');
  await assert.rejects(writeAvtrace(dir, t), /EISDIR/);
  writeFileSync(path.join(dir, 'a-file'), 'x');
  await assert.rejects(writeAvtrace(path.join(dir, 'a-file', 'x.avtrace'), t), /ENOTDIR|EEXIST/);
  await assert.rejects(readAvtrace(path.join(dir, 'none.avtrace')), /ENOENT/);
  const text = path.join(dir, 'text.avtrace');
  writeFileSync(text, JSON.stringify(t));
  await assert.rejects(readAvtrace(text, 'text.avtrace'), (e: unknown) => e instanceof AvtraceError && e.message === 'text.avtrace is not an .avtrace file (it does not begin with the .avtrace signature)');
});
