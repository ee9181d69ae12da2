/**
 * The learning parts of the view in real headless Chromium (issue 5): the lesson's "what to
 * notice" beside the timeline, explanations in step mode and for a selected span, predict-then-
 * reveal (pointer drag, buttons, keyboard, reveal, link to the step), Korean, and the same through
 * the VS Code message protocol. Fixtures: real recordings of lessons 1 and 4
 * (test/fixtures/webview/lesson1-blocking.json, lesson4-order.json).
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, writeHtml, openPage, artifacts, clean, panelMessage } from './browser';
import type { Trace } from '../../src/core/trace';

const missing = chromiumMissing();
let browser: Browser;

const load = (name: string): Trace => JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'webview', name), 'utf8')) as Trace;
const consoleTexts = (tr: Trace): string[] => tr.events.flatMap((e) => (e.kind === 'console' ? [e.text] : []));
const items = (page: Page): Promise<string[]> => page.locator('.predict-list .predict-text').allTextContents();

/** Puts the guess in `want` order with the ↑ buttons (each line is moved up to its place). */
async function arrange(page: Page, want: string[]): Promise<void> {
  for (let target = 0; target < want.length; target++) {
    for (let guard = 0; guard < want.length; guard++) {
      const now = await items(page);
      const at = now.indexOf(want[target]);
      if (at === target) break;
      await page.locator('.predict-item').nth(at).locator('.predict-up').click();
    }
  }
  assert.deepEqual(await items(page), want);
}

describe('learning in Chromium', { skip: missing }, () => {
  before(async () => {
    await buildWebview();
    browser = await launch();
  });
  after(async () => { await browser?.close(); });

  test('lesson notice: shown beside the timeline, as text', async () => {
    const note = 'Watch the timer: it was due at once.\n\nIt waits for <img src=x onerror=alert(1)> the whole loop.';
    const { page, problems } = await openPage(browser, writeHtml('learn-note', { trace: load('lesson1-blocking.json'), note }));
    const box = page.locator('.side .lesson-note');
    assert.equal(await box.locator('h2').textContent(), 'What to notice');
    assert.deepEqual(await box.locator('p').allTextContents(), ['Watch the timer: it was due at once.', 'It waits for <img src=x onerror=alert(1)> the whole loop.']);
    assert.equal(await page.locator('#app img').count(), 0);
    // Beside the timeline: to its right, overlapping it vertically.
    const nb = (await box.boundingBox())!, cb = (await page.locator('canvas.spans').boundingBox())!;
    assert.ok(nb.x >= cb.x + cb.width && nb.y < cb.y + cb.height, `note at ${JSON.stringify(nb)}, canvas at ${JSON.stringify(cb)}`);
    clean(problems);
    await page.context().close();
  });

  test('the bridge from Python: under the notice, with its own heading, as text; alone when there is no notice', async () => {
    const python = 'blocking.py — time.sleep(0.2) ↔ sleepSync(200) <script>alert(1)</script>';
    const { page, problems } = await openPage(browser, writeHtml('learn-python', { trace: load('lesson1-blocking.json'), note: 'Watch the timer.', python }));
    const box = page.locator('.side .lesson-note');
    assert.deepEqual(await box.locator('h2, h3').allTextContents(), ['What to notice', 'From Python']);
    assert.deepEqual(await box.locator('p').allTextContents(), ['Watch the timer.', python], 'the notice, then the bridge, as plain text');
    assert.equal(await box.locator('script').count(), 0);
    clean(problems);
    await page.context().close();
    const ko = await openPage(browser, writeHtml('learn-python-ko', { trace: load('lesson1-blocking.json'), python: 'blocking.py — 둘 다 스레드를 멈춥니다', locale: 'ko' }));
    const alone = ko.page.locator('.side .lesson-note');
    assert.deepEqual(await alone.locator('h2, h3').allTextContents(), ['파이썬과 비교'], 'a bridge without a notice has the heading alone');
    assert.deepEqual(await alone.locator('p').allTextContents(), ['blocking.py — 둘 다 스레드를 멈춥니다']);
    clean(ko.problems);
    await ko.page.context().close();
  });

  test('explanations: a timer held up by a blocked main thread, in step mode and when selected', async () => {
    const trace = load('lesson1-blocking.json');
    const { page, problems } = await openPage(browser, writeHtml('learn-explain', { trace }));
    const next = page.locator('.step-next');
    for (let i = 0; i < 3; i++) await next.click();
    assert.match(await page.locator('.step-current').textContent() ?? '', /^timer #2 Timeout/);
    const what = (await page.locator('.step-what').allTextContents()).join(' ');
    assert.match(what, /It was set at 78\.6 ms but only ran at 685 ms: it waited 606 ms because the main thread was blocked from 78\.3 ms to 683 ms \(line 6\)\./);
    assert.equal(await page.locator('.step-why').getAttribute('data-rule'), 'timersPhase');
    assert.match(await page.locator('.step-why').textContent() ?? '', /^Why this comes next: Timers run in the timers phase/);
    // Step 1: the script that blocked.
    await page.locator('.step-prev').click();
    await page.locator('.step-prev').click();
    assert.match((await page.locator('.step-what').allTextContents()).join(' '), /It kept the main thread busy for 605 ms without a break \(line 6\)/);
    // Selecting the span (through the console line it printed) explains it too.
    await page.locator('.console-list li', { hasText: 'timer: I was due after 0 ms' }).click();
    assert.match(await page.locator('.selected-info').textContent() ?? '', /^Selected #2 \(timer\)/);
    assert.match((await page.locator('.selected-explain .explain-what').allTextContents()).join(' '), /waited 606 ms because the main thread was blocked/);
    assert.equal(await page.locator('.selected-explain .explain-why').getAttribute('data-rule'), 'timersPhase');
    await page.screenshot({ path: path.join(artifacts, 'learn-explain.png'), fullPage: true });
    // Escape on the timeline clears the selection and its explanation.
    await page.locator('canvas.spans').focus();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.selected-explain p').count(), 0);
    assert.equal(await page.locator('.selected-info').textContent(), '');
    clean(problems);
    await page.context().close();
  });

  test('explanations: a selected nextTick names "nextTick callbacks run before promise callbacks"', async () => {
    const { page, problems } = await openPage(browser, writeHtml('learn-nexttick', { trace: load('lesson4-order.json') }));
    await page.locator('.console-list li', { hasText: '3 process.nextTick' }).click();
    assert.match(await page.locator('.selected-info').textContent() ?? '', /^Selected #2 \(nextTick\)/);
    assert.match(await page.locator('.selected-explain .explain-why').textContent() ?? '', /nextTick callbacks run before promise callbacks/);
    await page.locator('.console-list li', { hasText: '4 promise.then' }).click();
    assert.match(await page.locator('.selected-explain .explain-why').textContent() ?? '', /Microtasks drain before the next timer/);
    clean(problems);
    await page.context().close();
  });

  test('predict, then reveal: drag, buttons and keys reorder; reveal marks the wrong guesses and links each to its step', async () => {
    const trace = load('lesson4-order.json');
    // One line prints HTML: it must stay text in the guess list and the reveal.
    const evil = '<img src=x onerror=alert(1)>';
    const ev = trace.events.find((e) => e.kind === 'console' && e.text === '2 script end');
    (ev as { text: string }).text = evil;
    const real = consoleTexts(trace);
    const { page, problems } = await openPage(browser, writeHtml('learn-predict', { trace, predict: true, note: 'nextTick first.' }));
    // Before the reveal nothing gives the order away.
    for (const sel of ['.main-grid', '.step-panel', '.event-table', '.toolbar', '.lesson-note', '.console-list']) assert.equal(await page.locator(sel).isVisible(), false, `${sel} hidden`);
    assert.equal(await page.locator('.predict h2').textContent(), 'Predict the output');
    const start = await items(page);
    assert.deepEqual([...start].sort(), [...real].sort(), 'every console line, once');
    assert.notDeepEqual(start, real, 'shuffled');
    assert.equal(await page.locator('#app img').count(), 0);

    // Keyboard: the ↓ button of the first line (Enter), then Alt+↑ on the focused line.
    await page.locator('.predict-item').first().locator('.predict-down').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await items(page)).slice(0, 2), [start[1], start[0]]);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('li')?.querySelector('.predict-text')?.textContent), start[0], 'focus stays on the moved line');
    assert.equal(await page.locator('.predict [aria-live]').textContent(), `“${start[0]}” is now line 2 of ${real.length}.`);
    await page.locator('.predict-item').nth(1).focus();
    await page.keyboard.press('Alt+ArrowUp');
    assert.deepEqual(await items(page), start);
    // Pointer drag: the first line dropped below the third.
    const a = (await page.locator('.predict-item').nth(0).boundingBox())!;
    const c = (await page.locator('.predict-item').nth(2).boundingBox())!;
    await page.mouse.move(a.x + 20, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + 20, c.y + c.height * 0.8, { steps: 8 });
    await page.mouse.up();
    assert.deepEqual((await items(page)).slice(0, 3), [start[1], start[2], start[0]]);

    // A guess with two lines swapped: the 3rd and 4th printed.
    const guess = [...real];
    [guess[2], guess[3]] = [guess[3], guess[2]];
    await arrange(page, guess);
    await page.locator('.predict-reveal').click();
    assert.equal(await page.locator('.predict-score').textContent(), `You placed ${real.length - 2} of ${real.length} lines right.`);
    assert.deepEqual(await page.locator('.predict-wrong .predict-text').allTextContents(), [real[3], real[2]]);
    assert.equal(await page.locator('.predict-right').count(), real.length - 2);
    assert.deepEqual(await page.locator('.predict-actual li').allTextContents(), real);
    for (const sel of ['.main-grid', '.step-panel', '.toolbar', '.lesson-note']) assert.ok(await page.locator(sel).isVisible(), `${sel} shown after the reveal`);
    assert.equal(await page.locator('#app img').count(), 0);

    // "Why?" on the wrong "4 promise.then": step mode at the promise callback that printed it.
    const why = page.locator('.predict-wrong', { hasText: '4 promise.then' }).locator('.predict-why');
    assert.equal(await why.textContent(), 'Why? Step 5');
    await why.click();
    assert.match(await page.locator('.step-status').textContent() ?? '', /^Step 5 of 14$/);
    assert.match(await page.locator('.step-current').textContent() ?? '', /^microtask #4 PROMISE/);
    assert.equal(await page.locator('.step-why').getAttribute('data-rule'), 'microtasksDrainBeforeTimers');
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('step-body')), 'focus moved to the step');
    await page.locator('.predict-wrong', { hasText: '3 process.nextTick' }).locator('.predict-why').click();
    assert.match(await page.locator('.step-current').textContent() ?? '', /^nextTick #2 TickObject/);
    assert.match(await page.locator('.step-why').textContent() ?? '', /nextTick callbacks run before promise callbacks/);
    await page.screenshot({ path: path.join(artifacts, 'learn-predict.png'), fullPage: true });
    clean(problems);
    await page.context().close();
  });

  test('Korean: the notice, predict-then-reveal and the explanations', async () => {
    const { page, problems } = await openPage(browser, writeHtml('learn-ko', { trace: load('lesson4-order.json'), predict: true, note: '순서를 보세요.', locale: 'ko' }));
    assert.equal(await page.locator('.predict h2').textContent(), '출력 순서 예측하기');
    assert.equal(await page.locator('.predict-reveal').textContent(), '실제 순서 보기');
    assert.match(await page.locator('.predict-item .predict-up').first().getAttribute('aria-label') ?? '', /^위로 이동: /);
    await page.locator('.predict-reveal').click();
    assert.match(await page.locator('.predict-score').textContent() ?? '', /^8줄 중 \d줄을 맞혔습니다\.$/);
    assert.equal(await page.locator('.lesson-note h2').textContent(), '눈여겨볼 점');
    await page.locator('.predict-why').first().click();
    assert.match(await page.locator('.step-why').textContent() ?? '', /^이 단계가 다음인 이유: /);
    await page.locator('.console-list li', { hasText: '3 process.nextTick' }).click();
    assert.match(await page.locator('.selected-explain .explain-why').textContent() ?? '', /nextTick 콜백은 프로미스 콜백보다 먼저 실행됩니다/);
    await page.screenshot({ path: path.join(artifacts, 'learn-ko.png'), fullPage: true });
    clean(problems);
    await page.context().close();
  });

  test('inside VS Code: predict comes in the show message; the guess and the reveal are kept in the view state', async () => {
    const trace = load('lesson4-order.json');
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(`
      const sent = [];
      globalThis.__sent = sent;
      globalThis.acquireVsCodeApi = () => ({ postMessage: (m) => sent.push(m), getState: () => undefined, setState: () => undefined });
    `);
    await page.goto(writeHtml('learn-vscode', { trace: load('lesson1-blocking.json') }));
    await page.waitForFunction(() => (globalThis as any).__sent.length > 0);
    await page.evaluate((m) => window.postMessage(m, '*'), panelMessage({ trace, locale: 'en', predict: true, note: 'Guess first.' }));
    await page.locator('.predict-item').first().waitFor();
    assert.equal(await page.locator('.main-grid').isVisible(), false);
    await page.locator('.predict-item').first().locator('.predict-down').click();
    const guessed = await items(page);
    await page.locator('.predict-reveal').click();
    // The host gets the state (debounced), with the guess and the reveal.
    await page.waitForFunction(() => (globalThis as any).__sent.some((m: any) => m.type === 'state' && m.state.predict?.revealed));
    const state = await page.evaluate(() => (globalThis as any).__sent.filter((m: any) => m.type === 'state').pop().state);
    assert.equal(state.predict.revealed, true);
    assert.equal(state.predict.guess.length, guessed.length);
    // Shown again (after a hide or a reload) with that state: the same guess, revealed.
    await page.evaluate((m) => window.postMessage(m, '*'), panelMessage({ trace, locale: 'en', predict: true }, state));
    await page.locator('.predict-score').waitFor();
    assert.deepEqual(await items(page), guessed);
    assert.ok(await page.locator('.main-grid').isVisible());
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
