/** The trace's JSON and the Chrome export as streams of pieces: the same text as one JSON.stringify. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { traceJsonText } from '../../src/core/trace-json';
import { chromeTraceText, toChromeTrace } from '../../src/core/chrome-trace';
import { columnar, spanAt } from '../../src/core/columns/table';
import type { Trace } from '../../src/core/trace';
import { generateColumnar } from '../../bench/generate';

const fixture = (name: string): Trace => JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'traces', name), 'utf8')) as Trace;

test('traceJsonText: a plain trace streams to exactly JSON.stringify; a columnar one to the same spans', () => {
  for (const name of ['event-loop-order.json', 'workers.json', 'blocking-loop.json']) {
    const t = fixture(name);
    const pieces = [...traceJsonText(t)];
    assert.equal(pieces.join(''), JSON.stringify(t), name);
    assert.deepEqual(JSON.parse([...traceJsonText(columnar(t))].join('')), JSON.parse(JSON.stringify(t)), name);
  }
  // Many spans and items: pieces of bounded size, still one valid document.
  const c = generateColumnar(20_000);
  const pieces = [...traceJsonText(c)];
  assert.ok(pieces.length > 5 && Math.max(...pieces.map((p) => p.length)) < 2_000_000, `${pieces.length} pieces`);
  const back = JSON.parse(pieces.join('')) as Trace;
  assert.equal(back.spans.length, 20_000);
  assert.deepEqual(back.spans[12_345], spanAt(c.spans, 12_345));
  assert.deepEqual(back.events, c.events);
});

test('chromeTraceText: the same text as JSON.stringify(toChromeTrace), for plain and columnar traces', () => {
  for (const name of ['event-loop-order.json', 'workers.json', 'blocking-loop.json', 'promise-all.json']) {
    const t = fixture(name);
    const want = JSON.stringify(toChromeTrace(t));
    assert.equal([...chromeTraceText(t)].join(''), want, name);
    assert.equal([...chromeTraceText(columnar(t))].join(''), want, name);
  }
});
