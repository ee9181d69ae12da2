/** renderHtml and the pure parts of the webview that need no browser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWebview } from './browser';
import { renderHtml, scriptSafeJson } from '../../src/run/html';
import { stringTables } from '../../webview/i18n';
import { formatDuration, tickFormatter } from '../../webview/scales';
import { speedup } from '../../webview/compare';
import * as fx from '../fixtures/webview/traces';

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

test('speedup', () => {
  assert.deepEqual(speedup(300, 100), { factor: 3, faster: 1 });
  assert.deepEqual(speedup(100, 400), { factor: 4, faster: 0 });
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
  assert.equal(JSON.parse(data).trace.events[0].text, evil);
  assert.match(html, /<title>T &#60;b&#62;<\/title>/);
  assert.match(html, /<html lang="ko">/);
  assert.equal(scriptSafeJson('a\u2028<'), '"a\\u2028\\u003c"');
});
