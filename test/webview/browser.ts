/**
 * Shared set-up for the webview tests and the view benchmark: builds the webview bundle, writes a
 * standalone HTML for a trace into test-artifacts/, and drives Debian's Chromium with
 * playwright-core, and reads the page (its view range, wait rows, tooltips). Chromium missing: a
 * failure on CI, a loud skip elsewhere.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../src/run/html';
import type { ShowBundle } from '../../src/core/show';
import { showMessage, type ShowMessage, type ViewState } from '../../src/core/protocol';
import { viewPayload } from '../../src/run/view-payload';

export const root = path.resolve(__dirname, '..', '..');
export const artifacts = path.join(root, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Why the browser tests cannot run here, or undefined when they can. Throws on CI. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const msg = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(msg);
  console.warn(`\n!!! SKIPPING webview browser tests: ${msg} !!!\n`);
  return msg;
}

let built = false;
/** Builds dist/webview.js exactly as scripts/build.mjs does (only this bundle, so others' work in progress cannot break it). */
export async function buildWebview(): Promise<void> {
  if (built) return;
  await esbuild.build({
    absWorkingDir: root, entryPoints: { webview: 'webview/main.ts' }, bundle: true, outdir: 'dist', platform: 'browser',
    format: 'iife', target: 'es2022', sourcemap: 'linked', logLevel: 'warning', minify: process.argv.includes('--production'),
  });
  built = true;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
}

/** Writes the standalone HTML for these options to test-artifacts/<name>.html; returns its file:// URL. */
export function writeHtml(name: string, opts: ShowBundle): string {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.html`);
  writeFileSync(file, renderHtml(opts));
  return pathToFileURL(file).href;
}

/** The message the VS Code panel posts for this bundle (src/extension/panel.ts does the same: the traces as bytes). */
export function panelMessage(bundle: ShowBundle, state?: ViewState): ShowMessage {
  return showMessage(viewPayload(bundle, { bytes: true }), state);
}

export interface PageProblems {
  errors: string[];
  dialogs: string[];
}

/** Opens a page that records console errors, page errors, CSP violations and dialogs (`setUp` runs before it loads). */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 860 }, colorScheme: 'light' | 'dark' = 'light', setUp?: (page: Page) => void): Promise<{ page: Page; problems: PageProblems }> {
  const ctx = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  setUp?.(page);
  const problems: PageProblems = { errors: [], dialogs: [] };
  page.on('console', (m) => {
    // The pixel check's own getImageData calls earn a performance hint; it is not the page's fault.
    if ((m.type() === 'error' || m.type() === 'warning') && !m.text().includes('willReadFrequently')) problems.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { problems.dialogs.push(d.message()); void d.dismiss(); });
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`);
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as { __asyncViz?: { perf: { firstPaint?: number } } }).__asyncViz?.perf.firstPaint !== undefined, undefined, { timeout: 20000 });
  return { page, problems };
}

/** The page logged no console error or CSP violation and opened no dialog. */
export function clean(problems: PageProblems): void {
  assert.deepEqual(problems.errors, [], 'no console errors or CSP violations');
  assert.deepEqual(problems.dialogs, [], 'no alert/dialog');
}

/** The timeline's visible time range (ms) and its width (px), as the page publishes it. */
export interface View { d0: number; d1: number; width: number }
export const view = (page: Page): Promise<View> => page.evaluate(() => (globalThis as any).__asyncViz.perf.view as View);
/** Waits for the next paint (redraws are coalesced per animation frame). */
export const painted = (page: Page): Promise<void> => page.evaluate(() => new Promise<void>((r) => {
  // In the page (this file is type-checked without the DOM's types: it serves the benchmarks too).
  const frame = (globalThis as unknown as { requestAnimationFrame: (f: () => void) => void }).requestAnimationFrame;
  frame(() => frame(() => r()));
}));

/** The wait rows' labels and vertical middles (content px), top to bottom. */
export function waitRows(page: Page): Promise<{ text: string; mid: number }[]> {
  return page.locator('.lane-label-wait').evaluateAll((els) => els.map((e) => {
    const { style } = e as unknown as { style: { top: string; height: string } };
    return { text: e.textContent ?? '', mid: parseFloat(style.top) + parseFloat(style.height) / 2 };
  }));
}

/** The tooltip for the canvas point at time `t` and content height `y`. */
export async function tipAt(page: Page, t: number, y: number): Promise<string> {
  const v = await view(page);
  const box = (await page.locator('canvas.spans').boundingBox())!;
  await page.mouse.move(box.x + ((t - v.d0) / (v.d1 - v.d0)) * v.width, box.y + y);
  return (await page.locator('.tooltip').textContent()) ?? '';
}
