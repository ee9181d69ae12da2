/**
 * The figures the view shows are the core's, in real headless Chromium on real lesson recordings
 * (test/fixtures/webview/lesson*.json): the summary line's peak concurrency and the pending
 * strip's maximum are one number, the core's.
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
});
