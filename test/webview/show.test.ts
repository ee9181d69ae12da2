/**
 * `show` reproduces the live run's view, in real headless Chromium: a program recorded by the
 * CLI with --html, --json and --avtrace, then `show` of the .json and of the .avtrace to HTML,
 * gives pages with the same DOM and the same pixels on every canvas; and the page `show` serves
 * on 127.0.0.1 (its traces fetched from its own origin) renders the same, with no CSP violation.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { once } from 'node:events';
import type { Browser, Page } from 'playwright-core';
import { buildWebview, chromiumMissing, launch, openPage, clean, root } from './browser';

const missing = chromiumMissing();
let browser: Browser;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'async-viz-show-view-'));
const at = (f: string) => path.join(tmp, f);
const bin = path.join(root, 'bin', 'async-viz.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });

/** What the page shows: the app's DOM and every canvas's pixels, once painted and settled. */
async function viewOf(page: Page): Promise<{ dom: string; canvases: string[] }> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  return page.evaluate(() => ({
    dom: document.getElementById('app')!.innerHTML,
    canvases: [...document.querySelectorAll('canvas')].map((c) => (c as HTMLCanvasElement).toDataURL()),
  }));
}

describe('show in Chromium', { skip: missing }, () => {
  before(async () => {
    // The CLI writes the pages: dist/ must be current (webview bundle and cli both).
    const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    assert.equal(built.status, 0);
    await buildWebview();
    browser = await launch();
    const program = path.join(root, 'examples', '01-sync-blocks', 'blocking.ts');
    const r = cli(program, '--html', at('live.html'), '--json', at('run.json'), '--avtrace', at('run.avtrace'), '--quiet');
    assert.equal(r.status, 0, r.stderr);
    for (const saved of ['run.json', 'run.avtrace']) assert.equal(cli('show', at(saved), '--html', at(`${saved}.html`), '--quiet').status, 0);
  });
  after(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('the same view from the .avtrace and the .json as from the live run: DOM and pixels', async () => {
    const views = [];
    for (const html of ['live.html', 'run.json.html', 'run.avtrace.html']) {
      const { page, problems } = await openPage(browser, pathToFileURL(at(html)).href, { width: 1200, height: 900 });
      const v = await viewOf(page);
      clean(problems);
      assert.ok(v.dom.includes('blocking.ts') && v.canvases.length >= 2, html);
      views.push(v);
      await page.context().close();
    }
    assert.ok(views[0].dom.length > 2000, 'a whole view');
    assert.equal(views[1].dom, views[0].dom, 'show of the .json: the same DOM');
    assert.equal(views[2].dom, views[0].dom, 'show of the .avtrace: the same DOM');
    assert.deepEqual(views[1].canvases, views[0].canvases, 'show of the .json: the same pixels');
    assert.deepEqual(views[2].canvases, views[0].canvases, 'show of the .avtrace: the same pixels');
  });

  test('the page show serves on 127.0.0.1 renders the same view, its trace fetched from its origin, with no CSP violation', async () => {
    const child = spawn(process.execPath, [bin, 'show', at('run.avtrace'), '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const deadline = Date.now() + 30_000;
      while (!/http:\/\/127\.0\.0\.1:\d+\/\w+\//.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const url = /http:\/\/127\.0\.0\.1:\d+\/\w+\//.exec(out)?.[0];
      assert.ok(url, out);
      const requests: string[] = [];
      const { page, problems } = await openPage(browser, url, { width: 1200, height: 900 }, 'light', (p) => p.on('request', (r) => requests.push(r.url())));
      const served = await viewOf(page);
      clean(problems);
      const { page: file } = await openPage(browser, pathToFileURL(at('run.avtrace.html')).href, { width: 1200, height: 900 });
      const standalone = await viewOf(file);
      assert.equal(served.dom, standalone.dom);
      assert.deepEqual(served.canvases, standalone.canvases);
      assert.deepEqual(requests, [url, `${url}trace-0.avtrace`], 'the page, then its trace, from its own origin: nothing else');
    } finally {
      child.kill('SIGINT');
    }
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
