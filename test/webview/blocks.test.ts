/**
 * Blocks explained in the view, on a real recording in headless Chromium: the tooltip of a
 * blocked stretch says what it delayed and why ("2 timers waited … because of `slowHash` at
 * block-timers.cjs:6, called from `handler` at …:11") and lists its stack, in English and Korean.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, writeHtml, openPage, clean, painted, tipAt } from './browser';
import { record, fixture } from '../engine/helpers';
import type { BlockedStretch, Trace } from '../../src/core/trace';

const missing = chromiumMissing();
let browser: Browser;
const file = fixture('webview', 'block-timers.cjs');
const lineOf = (marker: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker)) + 1;


/** The tooltip over the middle of blocked stretch `b` on the main row. */
async function tipOver(page: Page, b: BlockedStretch): Promise<string> {
  await painted(page);
  return tipAt(page, (b.start + b.end) / 2, 6);
}

/** A recording whose block has its stack (the flusher, at low priority, may miss it on an overloaded machine: at most three tries). */
async function recorded(): Promise<{ trace: Trace; b: BlockedStretch }> {
  for (let i = 0; ; i++) {
    const { trace } = await record(file);
    const b = trace.blocked.find((x) => x.durationMs >= 250);
    assert.ok(b, JSON.stringify(trace.blocked));
    if (b.stack || i === 2) return { trace, b };
  }
}

describe('blocks explained in Chromium', { skip: missing }, () => {
  before(async () => {
    await buildWebview();
    browser = await launch();
  });
  after(async () => { await browser?.close(); });

  test('the tooltip of a blocked stretch says what it delayed, by how much, because of which function, and shows its stack', async () => {
    const { trace, b } = await recorded();
    assert.ok(b.delayed && b.delayed.timers >= 2, JSON.stringify(b));
    const block = lineOf('// the block'), call = lineOf('// calls slowHash');
    const { page, problems } = await openPage(browser, writeHtml('blocks-explained', { trace }));
    const tip = await tipOver(page, b);
    assert.match(tip, new RegExp(`\\d+ timers waited [\\d.]+(–[\\d.]+)? ms because of \`slowHash\` at block-timers\\.cjs:${block}, called from \`handler\` at block-timers\\.cjs:${call}\\.`), tip);
    assert.ok(tip.includes('Stack at the block:') && tip.includes(`slowHash  block-timers.cjs:${block}`) && tip.includes(`handler  block-timers.cjs:${call}`), tip);
    clean(problems);
    await page.context().close();

    const ko = await openPage(browser, writeHtml('blocks-explained-ko', { trace, locale: 'ko' }));
    const koTip = await tipOver(ko.page, b);
    assert.match(koTip, new RegExp(`\`slowHash\` \\(block-timers\\.cjs:${block}\\) — \`handler\` \\(block-timers\\.cjs:${call}\\)에서 호출 때문에 타이머 \\d+개가`), koTip);
    clean(ko.problems);
    await ko.page.context().close();
  });
});
