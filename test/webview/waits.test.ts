/**
 * Every wait is a bar, on real recordings in headless Chromium: three sleeps in Promise.all are
 * three overlapping bars, the same sleeps in sequence three bars end to end, 10,000 timers from
 * one line one folded row (its count and density band) that opens into bars, and the view opens
 * on the program, with Node's start-up folded into a marker that shows it.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, writeHtml, openPage, artifacts, clean, painted, tipAt, view, waitRows } from './browser';
import { record, fixture, lineOf } from '../engine/helpers';
import { summarize } from '../../src/core/summary';
import type { Trace } from '../../src/core/trace';

const missing = chromiumMissing();
let browser: Browser;


/** `started A · its callback ran B` of a wait tooltip, in ms. */
function waitTimes(tip: string): [number, number] {
  const m = /started ([\d.]+) (ms|s) · its callback ran ([\d.]+) (ms|s)/.exec(tip);
  assert.ok(m, `a wait tooltip: ${tip}`);
  const ms = (v: string, u: string) => Number(v) * (u === 's' ? 1000 : 1);
  return [ms(m[1], m[2]), ms(m[3], m[4])];
}

const timers = (trace: Trace) => trace.spans.filter((s) => s.kind === 'timer');

describe('waits in Chromium', { skip: missing }, () => {
  before(async () => {
    await buildWebview();
    browser = await launch();
  });
  after(async () => { await browser?.close(); });

  test('three sleeps in Promise.all: three bars that overlap; in sequence: three bars end to end', async () => {
    for (const [name, overlap, ms] of [['sleeps-all', true, 250], ['sleeps-seq', false, 100]] as const) {
      const file = fixture('waits', `${name}.ts`);
      const { trace } = await record(file);
      const { page, problems } = await openPage(browser, writeHtml(`waits-${name}`, { trace }));
      await painted(page);
      const rows = await waitRows(page);
      assert.equal(rows.length, 3, `${name}: one row per sleep: ${rows.map((r) => r.text).join(' | ')}`);
      // Each labelled with what it is and the line that called sleep (the recorded call sites).
      for (const row of rows) assert.equal(row.text, `setTimeout ${ms} ms :${lineOf(file, 'SLEEPS')}`);
      const ts = timers(trace);
      assert.equal(ts.length, 3);
      const spans: [number, number][] = [];
      for (let k = 0; k < 3; k++) {
        // Hover each row at the middle of its own timer's wait.
        const s = ts[k];
        const tip = await tipAt(page, (s.scheduled! + s.start) / 2, rows[k].mid);
        spans.push(waitTimes(tip));
      }
      spans.sort((a, b) => a[0] - b[0]);
      if (overlap) assert.ok(spans[2][0] < spans[0][1], `${name}: the three waits overlap: ${JSON.stringify(spans)}`);
      else for (let k = 1; k < 3; k++) assert.ok(spans[k][0] >= spans[k - 1][1] - 0.01, `${name}: end to end: ${JSON.stringify(spans)}`);
      assert.match(await page.locator('.lane-label-concurrency').textContent() ?? '', new RegExp(`≤${overlap ? 3 : 1}\\)`), 'the strip counts the bars');
      await page.screenshot({ path: path.join(artifacts, `waits-${name}.png`), fullPage: true });
      clean(problems);
      await page.context().close();
    }
  });

  test('10,000 timers from one line: one folded row with its count that opens into bars and folds again', async () => {
    const file = fixture('waits', 'many-timers.cjs');
    const { trace } = await record(file);
    const { page, problems } = await openPage(browser, writeHtml('waits-many', { trace }));
    const toggle = page.locator('button.wait-toggle');
    assert.equal(await toggle.count(), 1, 'one folded group');
    // Delays of their own (20-119 ms): the label keeps what they share, and the line.
    assert.equal(await toggle.textContent(), `▸ setTimeout :${lineOf(file, 'MANY-LINE')} ×10,000`);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    const before = await page.locator('.lane-label-wait').count();
    await toggle.click();
    await painted(page);
    assert.equal(await page.locator('button.wait-toggle').getAttribute('aria-expanded'), 'true');
    const opened = await page.locator('.lane-label-wait').count();
    assert.ok(opened > before + 10, `rows of bars under it (${before} → ${opened})`);
    // Its packed rows show bars: a tooltip on one of them is a wait.
    const rows = await waitRows(page);
    const first = timers(trace).find((s) => s.scheduled !== undefined)!;
    assert.match(await tipAt(page, (first.scheduled! + first.start) / 2, rows[1].mid), /started .* · its callback ran/);
    await page.locator('button.wait-toggle').click();
    await painted(page);
    assert.equal(await page.locator('.lane-label-wait').count(), before, 'folded again');
    await page.screenshot({ path: path.join(artifacts, 'waits-many.png'), fullPage: true });
    clean(problems);
    await page.context().close();
  });

  test("the view opens on the program: Node's start-up is folded into a marker that shows it", async () => {
    const { trace } = await record(fixture('waits', 'sleeps-all.ts'));
    const start = summarize(trace).startMs;
    assert.ok(start > 10, `Node's start-up took ${start} ms`);
    const { page, problems } = await openPage(browser, writeHtml('waits-open', { trace }));
    await painted(page);
    const v = await view(page);
    assert.ok(v.d0 > start * 0.5 && v.d0 <= start, `opens just before the program's first span (${v.d0} ms, start-up ${start} ms)`);
    assert.ok(Math.abs(v.d1 - trace.meta.durationMs) < 1, 'and shows it to its end');
    const marker = page.locator('button.startup-marker');
    assert.ok(await marker.isVisible());
    assert.match(await marker.textContent() ?? '', /Node start-up \d+(\.\d+)? ms/);
    await marker.click();
    await painted(page);
    assert.equal((await view(page)).d0, 0, 'the start-up is shown');
    assert.equal(await marker.isVisible(), false, 'and its marker is gone');
    clean(problems);
    await page.context().close();
  });
});
