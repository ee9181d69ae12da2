/** renderHtml and the pure parts of the webview that need no browser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWebview, panelMessage } from './browser';
import { renderHtml, scriptSafeJson } from '../../src/run/html';
import { PROTOCOL_VERSION, parseHostMessage, parseViewPayload, parseWebviewMessage, parsePredictState } from '../../src/core/protocol';
import { viewPayload } from '../../src/run/view-payload';
import { initialOrder } from '../../webview/predict';
import { stringTables } from '../../webview/i18n';
import { formatDuration, tickFormatter } from '../../webview/scales';
import * as fx from '../fixtures/webview/traces';
import { unpackTrace } from '../../webview/unpack';
import { summarize, compareSummaries } from '../../src/core/summary';

test('English and Korean have the same keys, none empty', () => {
  const en = Object.keys(stringTables.en).sort();
  assert.deepEqual(Object.keys(stringTables.ko).sort(), en);
  for (const [lang, table] of Object.entries(stringTables)) for (const [k, v] of Object.entries(table)) assert.ok(v.length > 0, `${lang}.${k}`);
});

test('durations and axis ticks switch units', () => {
  assert.equal(formatDuration(0), '0 ms');
  assert.equal(formatDuration(0.25), '250 µs');
  assert.equal(formatDuration(420), '420 ms');
  assert.equal(formatDuration(3.6), '3.6 ms');
  assert.equal(formatDuration(1250), '1.25 s');
  assert.equal(tickFormatter(0, 0.5, 5)(0.1), '100 µs');
  assert.equal(tickFormatter(0, 400, 8)(50), '50 ms');
  assert.equal(tickFormatter(0, 5000, 5)(2000), '2 s');
});

test('renderHtml: self-contained, strict CSP with nonce, trace JSON cannot break out', async () => {
  await buildWebview();
  const trace = fx.eventLoopOrder();
  const evil = '</script><script>alert(1)</script><!--';
  (trace.events[0] as { text: string }).text = evil;
  const html = renderHtml({ trace, title: 'T <b>', locale: 'ko' });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  assert.ok(nonce && csp.includes(`style-src 'nonce-${nonce}'`));
  assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
  assert.doesNotMatch(html, /<(link|img|iframe)\b|src="http|href="http/, 'no external resources');
  assert.equal((html.match(/<script/g) ?? []).length, 2, 'data script + bundle script, nothing injected');
  const data = /<script type="application\/json" id="async-viz-data">([\s\S]*?)<\/script>/.exec(html)![1];
  assert.ok(!data.includes('<'));
  assert.ok(!data.includes('alert'), 'the trace travels compressed: no text of the program in the page');
  assert.equal((await unpackTrace(JSON.parse(data).traces[0])).events[0].text, evil);
  assert.match(html, /<title>T &#60;b&#62;<\/title>/);
  assert.match(html, /<html lang="ko">/);
  assert.equal(scriptSafeJson('a\u2028<'), '"a\\u2028\\u003c"');
});

test('renderHtml: the lesson note, its bridge from Python and predict travel in the payload', async () => {
  await buildWebview();
  const html = renderHtml({ trace: fx.eventLoopOrder(), note: 'Notice <b>this</b>', python: 'order.py — one <i>queue</i>', predict: true });
  const data = JSON.parse(/<script type="application\/json" id="async-viz-data">([\s\S]*?)<\/script>/.exec(html)![1]);
  assert.equal(data.note, 'Notice <b>this</b>');
  assert.equal(data.python, 'order.py — one <i>queue</i>');
  assert.equal(data.predict, true);
  assert.equal(data.traces.length, 1, 'one trace, as .avtrace bytes');
  assert.equal((await unpackTrace(data.traces[0])).spans.n, 5);
  assert.equal(JSON.parse(/id="async-viz-data">([\s\S]*?)<\/script>/.exec(renderHtml({ trace: fx.eventLoopOrder() }))![1]).predict, undefined);
});

test('protocol: show messages keep typed fields and drop wrong ones; predict state is a permutation', () => {
  const trace = fx.eventLoopOrder();
  const payload = viewPayload({ trace });
  const msg = parseHostMessage({ type: 'show', protocol: PROTOCOL_VERSION, ...payload, note: 'n', python: 'p', predict: true, locale: 'ko', labels: ['a', 'b'], state: { step: 2, predict: { guess: [1, 0], revealed: true } }, extra: 1 });
  assert.ok(msg && msg.type === 'show');
  assert.equal(msg.note, 'n');
  assert.equal(msg.python, 'p');
  assert.equal(msg.predict, true);
  assert.deepEqual(msg.labels, ['a', 'b']);
  assert.deepEqual(msg.state, { step: 2, predict: { guess: [1, 0], revealed: true } });
  assert.ok(!('extra' in msg));
  const bad = parseHostMessage({ type: 'show', protocol: PROTOCOL_VERSION, ...payload, note: 5, python: ['p'], predict: 'yes', labels: ['a'], state: { predict: { guess: [0, 0], revealed: true } } });
  assert.ok(bad && bad.type === 'show');
  assert.equal(bad.note, undefined);
  assert.equal(bad.python, undefined);
  assert.equal(bad.predict, undefined);
  assert.equal(bad.labels, undefined);
  assert.deepEqual(bad.state, {});
  assert.equal(parseHostMessage({ type: 'show', trace: { version: 2 } }), null);
  // Traces travel as .avtrace bytes: a trace object is refused, so are bytes of the wrong type, a third trace, a missing summary.
  assert.equal(parseHostMessage({ type: 'show', protocol: PROTOCOL_VERSION, trace, summaries: payload.summaries }), null);
  assert.equal(parseHostMessage({ ...payload, type: 'show', traces: [trace] }), null);
  assert.equal(parseHostMessage({ ...payload, type: 'show', traces: [payload.traces[0], payload.traces[0]] }), null, 'two traces need two summaries');
  assert.equal(parseHostMessage({ ...payload, type: 'show', traces: Array(3).fill(payload.traces[0]), summaries: Array(3).fill(payload.summaries[0]) }), null);
  const bytes = new Uint8Array(Buffer.from(payload.traces[0] as string, 'base64'));
  assert.ok(parseHostMessage({ ...payload, type: 'show', traces: [bytes.buffer] }), 'bytes (an ArrayBuffer) are taken too');
  assert.deepEqual(parsePredictState({ guess: [2, 0, 1], revealed: false }), { guess: [2, 0, 1], revealed: false });
  for (const v of [{ guess: [0, 2], revealed: false }, { guess: [0, 1.5], revealed: false }, { guess: [0], revealed: 'no' }, { guess: 'x', revealed: true }, null]) assert.equal(parsePredictState(v), null, JSON.stringify(v));
  assert.deepEqual(parseWebviewMessage({ type: 'state', state: { predict: { guess: [0], revealed: true }, step: 1 } }), { type: 'state', state: { step: 1, predict: { guess: [0], revealed: true } } });
  assert.deepEqual(parseWebviewMessage({ type: 'openSource', line: 3, file: '/app/lib.js' }), { type: 'openSource', line: 3, col: undefined, traceIndex: undefined, file: '/app/lib.js' });
  for (const file of [7, '', 'x'.repeat(5000)]) assert.equal(parseWebviewMessage({ type: 'openSource', line: 3, file }), null, `file ${String(file).slice(0, 9)}`);
});

test('one payload: the standalone HTML embeds what the VS Code panel posts', async () => {
  await buildWebview();
  const bundle = { trace: fx.awaits('sequential'), compare: fx.awaits('parallel'), labels: ['seq', 'all'] as [string, string], note: 'n', predict: true, locale: 'ko' };
  const embedded = JSON.parse(/id="async-viz-data">([\s\S]*?)<\/script>/.exec(renderHtml(bundle))![1]);
  const posted = panelMessage(bundle);
  // The panel posts the same .avtrace bytes as bytes (structured clone), the page embeds them as base64.
  assert.ok(posted.traces.every((t) => t instanceof Uint8Array));
  assert.deepEqual(embedded.traces, posted.traces.map((t) => Buffer.from(t as Uint8Array).toString('base64')));
  assert.deepEqual({ ...embedded, traces: [], type: 'show', protocol: PROTOCOL_VERSION }, JSON.parse(JSON.stringify({ ...posted, traces: [] })));
  assert.deepEqual(parseViewPayload(embedded), viewPayload(bundle));
  assert.equal((await unpackTrace(posted.traces[1])).spans.n, bundle.compare.spans.length);
});

test('predict: the first order is a fixed shuffle, never the real order', () => {
  for (let n = 2; n <= 12; n++) {
    const o = initialOrder(n);
    assert.deepEqual([...o].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    assert.ok(o.some((v, i) => v !== i), `n=${n}`);
    assert.deepEqual(initialOrder(n), o);
  }
});

test('compare: the core comparison, "about the same" within 5 %', () => {
  const a = summarize(fx.awaits('sequential'));
  const b = summarize(fx.awaits('parallel'));
  const c = compareSummaries(a, b);
  assert.equal(c.faster, 'b');
  assert.equal(c.speedup, a.programMs / b.programMs);
  assert.equal(compareSummaries(a, { ...a, programMs: a.programMs * 1.04 }).faster, 'same');
  assert.equal(compareSummaries(a, { ...a, programMs: a.programMs * 1.06 }).faster, 'a');
});
