/**
 * The figures the view shows are the core's, in real headless Chromium on real lesson recordings
 * (test/fixtures/webview/lesson*.json): the summary line's peak concurrency and the pending
 * strip's maximum are one number, the core's; the pitfalls the core finds are listed, in the UI
 * language.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, writeHtml, openPage, clean } from './browser';
import type { Trace } from '../../src/core/trace';
import { concurrency } from '../../src/core/concurrency';

const missing = chromiumMissing();
let browser: Browser;
const load = (name: string): Trace => JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'webview', name), 'utf8')) as Trace;

describe('figures in Chromium', { skip: missing }, () => {
  before(async () => {
    await buildWebview();
    browser = await launch();
  });
  after(async () => { await browser?.close(); });

  test('the summary line\'s peak concurrency is the pending strip\'s maximum', async () => {
    for (const name of ['lesson2-promise-all.json', 'lesson4-order.json', 'lesson5-crunch.json', 'lesson10-polling.json']) {
      const trace = load(name);
      const { page, problems } = await openPage(browser, writeHtml(`figures-${name.replace('.json', '')}`, { trace }));
      const peak = Number(/peak concurrency (\d+)/.exec(await page.locator('.summary-peak').textContent() ?? '')?.[1]);
      const strip = Number(/^pending \(≤(\d+)\)$/.exec(await page.locator('.lane-label-concurrency').textContent() ?? '')?.[1]);
      const max = Math.max(...concurrency(trace).n);
      assert.ok(max > 0, `${name}: something was pending`);
      assert.deepEqual([peak, strip], [max, max], name);
      clean(problems);
      await page.context().close();
    }
  });

  test('the pitfalls of a run are listed above the timeline, in the UI language', async () => {
    const trace = load('lesson5-crunch.json');
    for (const [locale, want] of [['en', /^crunch\(\) is async, but it blocked the event loop for \d+ ms: synchronous work inside async code stops everything else\. .* \(line 16\)$/], ['ko', /^crunch\(\) 은\(는\) async 함수이지만 이벤트 루프를 \d+ ms 동안 막았습니다.* \(16번째 줄\)$/]] as const) {
      const { page, problems } = await openPage(browser, writeHtml(`figures-pitfalls-${locale}`, { trace, locale }));
      const items = await page.locator('.pitfalls li.pitfall-blockingInAsync').allTextContents();
      assert.equal(items.length, 3, items.join('\n'));
      for (const text of items) assert.match(text, want);
      clean(problems);
      await page.context().close();
    }
    const quiet = await openPage(browser, writeHtml('figures-no-pitfalls', { trace: load('lesson4-order.json') }));
    assert.equal(await quiet.page.locator('.pitfalls').count(), 0, 'nothing to look out for in lesson 4');
    await quiet.page.context().close();
  });
});
