/**
 * A recording of several user files (`async-viz run` of a package: server.js calls lib.js) in
 * headless Chromium: a tooltip names the file of a line that is not in the trace's own file,
 * "line 3 of lib.js" (an await's, and a wait's, whose line is its caller's), and leaves the
 * trace's own file unnamed, "line 3".
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, writeHtml, openPage, clean, tipAt, waitRows } from './browser';
import { ensureBuilt, fixture } from '../engine/helpers';
import { recordCommand } from '../../src/run/command';
import type { Span } from '../../src/core/trace';

const missing = chromiumMissing();
let browser: Browser;


/** The tooltip of span `s`: the first point down its middle whose tooltip names its label. */
async function tipOf(page: Page, s: Span): Promise<string> {
  const box = (await page.locator('canvas.spans').boundingBox())!;
  for (let y = 2; y < box.height; y += 3) {
    const tip = await tipAt(page, (s.start + s.end) / 2, y);
    if (tip.includes(s.label) && tip.includes(`#${s.id}`)) return tip;
  }
  return '';
}

describe('user files in Chromium', { skip: missing }, () => {
  before(async () => {
    ensureBuilt();
    await buildWebview();
    browser = await launch();
  });
  after(async () => { await browser?.close(); });

  test('the tooltip of an await, and of a wait, in another user file says which file its line is in', async () => {
    const rec = await recordCommand({ command: ['npm', 'run', 'start'], cwd: fixture('run', 'pkg'), stdio: 'pipe' });
    const { trace } = await rec.done;
    const inLib = trace.spans.find((s) => s.kind === 'await' && s.label === 'sleep(20)');
    const inServer = trace.spans.find((s) => s.kind === 'await' && s.label === 'fetchUser(1)');
    assert.ok(inLib && inServer, JSON.stringify(trace.spans.filter((s) => s.kind === 'await')));
    assert.match(inLib.file ?? '', /lib\.js$/);
    const { page, problems } = await openPage(browser, writeHtml('files-tooltip', { trace }));
    const lib = await tipOf(page, inLib);
    assert.ok(lib.includes('line 3 of lib.js'), lib);
    const server = await tipOf(page, inServer);
    assert.ok(server.includes('line 3') && !server.includes(' of '), server);
    // The sleep's wait is labelled with the line that called the helper (lib.js:3, in fetchUser),
    // not the setTimeout's (lib.js:1), and names that line's file.
    const timer = trace.spans.find((s) => s.kind === 'timer' && s.delay === 20)!;
    const rows = await waitRows(page);
    const row = rows.find((r) => r.text.includes('setTimeout 20 ms'));
    assert.ok(row, JSON.stringify(rows));
    const wait = await tipAt(page, (timer.scheduled! + timer.start) / 2, row.mid);
    assert.ok(wait.includes('line 3 of lib.js'), wait);
    clean(problems);
    await page.context().close();
  });
});
