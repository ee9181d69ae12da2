/**
 * The timeline front end in real headless Chromium, through the standalone HTML the CLI writes
 * (and once through a stubbed VS Code webview API). Fixtures: test/fixtures/webview/traces.ts.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, writeHtml, openPage, artifacts, clean, panelMessage, painted, view } from './browser';
import { PROTOCOL_VERSION } from '../../src/core/protocol';
import * as fx from '../fixtures/webview/traces';
import { formatDuration } from '../../webview/scales';
import { summarize } from '../../src/core/summary';

const missing = chromiumMissing();
let browser: Browser;


describe('timeline in Chromium', { skip: missing }, () => {
  before(async () => {
    await buildWebview();
    browser = await launch();
  });
  after(async () => { await browser?.close(); });

  test('event loop order: lanes, axis, console text escaped, event table', async () => {
    const trace = fx.eventLoopOrder();
    const { page, problems } = await openPage(browser, writeHtml('event-loop', { trace }));
    const labels = await page.locator('.lane-label').allTextContents();
    assert.ok(labels.includes('main'), `lane labels: ${labels.join(', ')}`);
    assert.ok(labels.some((l) => l.startsWith('pending')) && labels.includes('console'));
    const ticks = await page.locator('svg.axis .tick text').allTextContents();
    assert.ok(ticks.length >= 3 && ticks.every((s) => /^\d+(\.\d+)? (µs|ms|s)$/.test(s)), `ticks: ${ticks.join(' | ')}`);
    assert.ok(ticks.includes('0 ms') && ticks.some((s) => s.endsWith(' ms')));
    // The snippet printed HTML: it shows as text, nothing was injected.
    const consoleTexts = await page.locator('.console-list .console-text').allTextContents();
    assert.deepEqual(consoleTexts, ['script start', '<img src=x onerror=alert(1)>', 'script end', 'nextTick', 'promise', 'timeout', 'immediate']);
    assert.equal(await page.locator('#app img').count(), 0);
    // Event table: one row per event, in order, with its text.
    await page.locator('.event-table summary').click();
    const rows = page.locator('.event-table tbody tr');
    assert.equal(await rows.count(), trace.events.length);
    for (let i = 0; i < trace.events.length; i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      const e = trace.events[i];
      assert.equal(cells[0], formatDuration(e.t));
      assert.equal(cells[1], 'main');
      assert.equal(cells[2], e.kind);
      assert.equal(cells[3], 'line' in e && e.line !== undefined ? String(e.line) : '');
      assert.equal(cells[4], e.kind === 'console' ? e.text : e.kind === 'exit' ? 'code 0' : cells[4]);
    }
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)', 'light scheme');
    assert.equal(await page.locator('#app img').count(), 0);
    await page.screenshot({ path: path.join(artifacts, 'event-loop.png'), fullPage: true });
    clean(problems);
    await page.context().close();
  });

  test('step mode walks callbacks in order with the right queues and rule', async () => {
    const { page, problems } = await openPage(browser, writeHtml('event-loop-steps', { trace: fx.eventLoopOrder() }));
    const next = page.locator('.step-next');
    const queue = (k: string): Promise<string[]> => page.locator(`.queue-${k} li`).allTextContents();
    await next.click();
    assert.match(await page.locator('.step-status').textContent() ?? '', /Step 1 of 5/);
    assert.match(await page.locator('.step-current').textContent() ?? '', /^script #0/);
    assert.match((await queue('nextTick')).join(), /nextTick #1/);
    assert.match((await queue('microtask')).join(), /microtask #2/);
    assert.match((await queue('timer')).join(), /timer #3 Timeout \(L2\)/);
    assert.match((await queue('immediate')).join(), /immediate #4/);
    assert.match(await page.locator('.step-why').textContent() ?? '', /Why this comes next: The top-level code of the script runs first/);
    assert.equal(await page.locator('.step-why').getAttribute('data-rule'), 'scriptFirst');
    // Arrow keys inside the panel step too.
    await next.focus();
    await page.keyboard.press('ArrowRight');
    assert.match(await page.locator('.step-current').textContent() ?? '', /^nextTick #1/);
    assert.deepEqual(await queue('nextTick'), ['(empty)']);
    assert.match((await queue('microtask')).join(), /#2/);
    assert.match(await page.locator('.step-why').textContent() ?? '', /nextTick callbacks run before promise callbacks/);
    assert.match((await page.locator('.step-what').allTextContents()).join(' '), /A process\.nextTick callback \(line 5\) started at 2\.05 ms and ran for 50 µs\. It was scheduled by #0 \(script\)\./);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.match(await page.locator('.step-current').textContent() ?? '', /^timer #3/);
    assert.deepEqual(await queue('microtask'), ['(empty)']);
    assert.match((await queue('immediate')).join(), /#4/);
    assert.match(await page.locator('.step-why').textContent() ?? '', /timers phase/);
    await page.keyboard.press('ArrowLeft');
    assert.match(await page.locator('.step-current').textContent() ?? '', /^microtask #2/);
    await page.locator('.step-prev').click();
    await page.locator('.step-prev').click();
    await page.locator('.step-prev').click();
    assert.match(await page.locator('.step-status').textContent() ?? '', /Step 1 of 5/);
    clean(problems);
    await page.context().close();
  });

  test('blocked stretch is painted where the trace says, hatched in the error colour', async () => {
    const trace = fx.blocking();
    const { page, problems } = await openPage(browser, writeHtml('blocking', { trace }));
    await painted(page);
    const v = await view(page);
    const b = trace.blocked[0];
    const xOf = (tm: number): number => Math.round(((tm - v.d0) / (v.d1 - v.d0)) * v.width);
    // Share of reddish pixels in a strip of the main row (y 3..9, above the label) between x0 and x1.
    const redShare = (x0: number, x1: number): Promise<number> => page.evaluate(([a, z]) => {
      const c = document.querySelector('canvas.spans') as HTMLCanvasElement;
      const g = c.getContext('2d')!;
      const d = g.getImageData(a, 3, Math.max(1, z - a), 6).data;
      let red = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] > 150 && d[i + 1] < 70 && d[i + 2] > 25 && d[i + 2] < 100) red++;
      return red / (d.length / 4);
    }, [x0, x1] as const);
    const inside = await redShare(xOf(b.start + 20), xOf(b.end - 20));
    const before = await redShare(xOf(0), xOf(b.start) - 2);
    const afterB = await redShare(xOf(b.end) + 3, xOf(trace.meta.durationMs));
    assert.ok(inside > 0.2, `hatch inside the stretch (${inside})`);
    assert.equal(before, 0, 'nothing red before it');
    assert.equal(afterB, 0, 'nothing red after it');
    // Its duration is written on it (canvas text): the tooltip tells the same.
    await page.mouse.move((await page.locator('canvas.spans').boundingBox())!.x + xOf(200), (await page.locator('canvas.spans').boundingBox())!.y + 15);
    assert.match(await page.locator('.tooltip').textContent() ?? '', /blocked.*duration 400 ms.*line 5/);
    const labels = await page.locator('.lane-label').allTextContents();
    assert.ok(labels.includes('worker #1 (crunch.js)'), 'worker lane on the same axis');
    assert.match(await page.locator('.summary-blocked').textContent() ?? '', /blocked 400 ms/);
    await page.screenshot({ path: path.join(artifacts, 'blocking.png'), fullPage: true });
    clean(problems);
    await page.context().close();
  });

  test('zoom with wheel and keyboard changes the visible domain; minimap follows', async () => {
    const trace = fx.blocking();
    const { page, problems } = await openPage(browser, writeHtml('zoom', { trace }));
    await painted(page);
    const full = await view(page);
    assert.ok(Math.abs(full.d0) < 1e-9 && Math.abs(full.d1 - trace.meta.durationMs) < 1e-6);
    const box = (await page.locator('canvas.spans').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 15);
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(150);
    await painted(page);
    const wheeled = await view(page);
    assert.ok(wheeled.d1 - wheeled.d0 < (full.d1 - full.d0) * 0.8, `wheel zoomed in: ${JSON.stringify(wheeled)}`);
    await page.locator('canvas.spans').focus();
    await page.keyboard.press('0');
    await painted(page);
    assert.ok(Math.abs((await view(page)).d1 - full.d1) < 1e-6, '0 resets');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await painted(page);
    const zoomed = await view(page);
    assert.ok(zoomed.d1 - zoomed.d0 < (full.d1 - full.d0) / 2, 'keyboard + zooms in');
    await page.keyboard.press('ArrowRight');
    await painted(page);
    const panned = await view(page);
    assert.ok(panned.d0 > zoomed.d0, 'ArrowRight pans later');
    assert.ok(Math.abs((panned.d1 - panned.d0) - (zoomed.d1 - zoomed.d0)) < 1e-6, 'pan keeps the zoom');
    const ticks = await page.locator('svg.axis .tick text').allTextContents();
    assert.ok(ticks.length >= 3);
    await page.locator('.zoom-reset').click();
    await painted(page);
    assert.ok(Math.abs((await view(page)).d1 - full.d1) < 1e-6, 'whole-run button');
    // Zoomed deep enough, the axis switches to µs.
    await page.locator('canvas.spans').focus();
    for (let i = 0; i < 14; i++) await page.keyboard.press('+');
    await painted(page);
    const deep = await page.locator('svg.axis .tick text').allTextContents();
    assert.ok(deep.some((s) => s.endsWith('µs')), `µs ticks: ${deep.join(' | ')}`);
    clean(problems);
    await page.context().close();
  });

  test('compare mode: two traces on one axis with the speedup', async () => {
    const a = fx.awaits('sequential');
    const b = fx.awaits('parallel');
    const { page, problems } = await openPage(browser, writeHtml('compare', { trace: a, compare: b, labels: ['sequential', 'Promise.all'] }));
    // The host's core summaries: program time (start-up left out), leaf waits; the CLI's figures.
    const [sa, sb] = [summarize(a), summarize(b)];
    const expected = (sa.programMs / sb.programMs).toFixed(2);
    assert.equal(await page.locator('.compare-speedup').textContent(), `Promise.all is ${expected}× faster than sequential`);
    assert.equal(await page.locator('.compare-a').textContent(), `sequential: wall time ${formatDuration(sa.programMs)}`);
    const labels = await page.locator('.lane-label').allTextContents();
    assert.equal(labels.filter((l) => l === 'main').length, 2, 'a main lane per trace');
    assert.ok(labels.includes('sequential') && labels.includes('Promise.all'));
    assert.equal(labels.filter((l) => l.startsWith('fetchLike')).length, 6, 'one row per async call');
    const summary = await page.locator('.summary-waits').allTextContents();
    assert.equal(summary[1], `sum of waits ${formatDuration(sb.awaitWaitSumMs)} vs wall time ${formatDuration(sb.awaitWallMs)}`);
    assert.ok(sb.awaitWaitSumMs > 2.5 * sb.awaitWallMs, 'the parallel waits overlap');
    assert.equal((await view(page)).d1, Math.max(a.meta.durationMs, b.meta.durationMs));
    await page.screenshot({ path: path.join(artifacts, 'compare.png'), fullPage: true });
    clean(problems);
    await page.context().close();
  });

  test('Korean strings and dark colour scheme', async () => {
    const { page, problems } = await openPage(browser, writeHtml('ko-dark', { trace: fx.awaits('parallel'), locale: 'ko' }), undefined, 'dark');
    assert.match(await page.locator('.summary-total').textContent() ?? '', /^전체 /);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(13, 17, 23)');
    await page.screenshot({ path: path.join(artifacts, 'ko-dark.png'), fullPage: true });
    clean(problems);
    await page.context().close();
  });

  test('causality: clicking a span selects it and names its trigger and effects', async () => {
    const trace = fx.eventLoopOrder();
    const { page, problems } = await openPage(browser, writeHtml('select', { trace }));
    await painted(page);
    const v = await view(page);
    const box = (await page.locator('canvas.spans').boundingBox())!;
    const s = trace.spans[1];
    await page.mouse.click(box.x + (((s.start + s.end) / 2 - v.d0) / (v.d1 - v.d0)) * v.width, box.y + 15);
    assert.match(await page.locator('.selected-info').textContent() ?? '', /Selected #1 \(nextTick\); it was triggered by #0 and triggered 0/);
    await page.mouse.click(box.x + 20, box.y + 15);
    assert.match(await page.locator('.selected-info').textContent() ?? '', /Selected #0 \(script\); it triggered 4 callback/);
    clean(problems);
    await page.context().close();
  });

  test('keyboard: every control is reachable with Tab, in order', async () => {
    const { page, problems } = await openPage(browser, writeHtml('keyboard', { trace: fx.eventLoopOrder() }));
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const d = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return a ? `${a.tagName.toLowerCase()}.${a.className || ''}` : '';
      });
      if (!d || d.startsWith('body')) break;
      seen.push(d);
    }
    for (const want of ['button.zoom-out', 'button.zoom-in', 'button.zoom-reset', 'canvas.spans', 'li.console-stdout', 'button.step-prev', 'button.step-next', 'button.step-play', 'select.', 'summary.']) {
      assert.ok(seen.some((d) => d.startsWith(want)), `${want} reachable: ${seen.join(' → ')}`);
    }
    assert.ok(seen.indexOf('button.zoom-in') < seen.indexOf('canvas.spans') && seen.indexOf('canvas.spans') < seen.indexOf('button.step-next'), 'in reading order');
    // The focused canvas takes the keys; Enter on a console line selects what printed it.
    await page.locator('.console-list li').nth(3).focus();
    await page.keyboard.press('Enter');
    assert.match(await page.locator('.selected-info').textContent() ?? '', /^Selected #1 \(nextTick\)/);
    clean(problems);
    await page.context().close();
  });

  test('inside VS Code: ready handshake, show message, openSource on click', async () => {
    const trace = fx.eventLoopOrder();
    const url = writeHtml('vscode', { trace: fx.blocking() });
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A string, not a function: tsx would wrap a function with helpers that do not exist in the page.
    await page.addInitScript(`
      const sent = [];
      globalThis.__sent = sent;
      globalThis.acquireVsCodeApi = () => ({ postMessage: (m) => sent.push(m), getState: () => undefined, setState: () => undefined });
      // VS Code puts its theme's colours on <html> as --vscode-* variables.
      document.addEventListener('DOMContentLoaded', () => {
        document.documentElement.style.setProperty('--vscode-editor-background', 'rgb(30, 31, 32)');
        document.documentElement.style.setProperty('--vscode-errorForeground', 'rgb(250, 1, 2)');
      });
    `);
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as any).__sent.length > 0);
    assert.deepEqual(await page.evaluate(() => (globalThis as any).__sent[0]), { type: 'ready', protocol: PROTOCOL_VERSION });
    // The embedded trace is ignored in VS Code: nothing shows until the host sends `show`.
    assert.equal(await page.locator('.lane-label').count(), 0);
    await page.evaluate(() => window.postMessage({ type: 'bogus' }, '*'));
    await page.evaluate((m) => window.postMessage(m, '*'), panelMessage({ trace, locale: 'en' }));
    await page.waitForFunction(() => (globalThis as any).__asyncViz?.perf.firstPaint !== undefined);
    await painted(page);
    const v = await view(page);
    const box = (await page.locator('canvas.spans').boundingBox())!;
    const s = trace.spans[3];
    await page.mouse.click(box.x + (((s.start + s.end) / 2 - v.d0) / (v.d1 - v.d0)) * v.width, box.y + 15);
    const sent = await page.evaluate(() => (globalThis as any).__sent as unknown[]);
    assert.ok(sent.some((m: any) => m.type === 'openSource' && m.line === s.line && m.traceIndex === 0), JSON.stringify(sent));
    // The theme's colours, not the standalone fallbacks: the page and the blocked hatch on the canvas.
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(30, 31, 32)');
    const blocking = fx.blocking();
    await page.evaluate((m) => window.postMessage(m, '*'), panelMessage({ trace: blocking, locale: 'en' }));
    await page.locator('.summary-blocked.has-blocked').waitFor();
    await painted(page);
    const vb = await view(page);
    const b = blocking.blocked[0];
    const px = await page.evaluate(([x]) => Array.from((document.querySelector('canvas.spans') as HTMLCanvasElement).getContext('2d')!.getImageData(x, 2, 1, 1).data), [Math.round((((b.start + b.end) / 2 - vb.d0) / (vb.d1 - vb.d0)) * vb.width)] as const);
    assert.deepEqual(px.slice(0, 3), [250, 1, 2], 'blocked outline in --vscode-errorForeground');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
