/**
 * The view benchmark's measurements of one page in headless Chromium (bench/view.bench.ts): load
 * to first paint over several loads, then, on the last one, the page's marks, its memory (the JS
 * heap with the array buffers it holds, and each apart) and the frame times while zooming and
 * panning with real DOM events; and the VS Code path (the panel's message posted into the page).
 */
import type { Browser, Page } from 'playwright-core';
import type { ShowMessage } from '../src/core/protocol';

export const pct = (a: number[], p: number): number => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/**
 * Runs in the page (a string, so tsx adds no helpers): drives zoom and pan with real DOM events
 * on the canvas, one input per animation frame, and measures each frame's main-thread work.
 */
const DRIVE = `(async () => {
  const c = document.querySelector('canvas.spans');
  const r = c.getBoundingClientRect();
  const cy = r.top + 15;
  const raf = () => new Promise((res) => requestAnimationFrame(res));
  const work = [];
  const frame = async (fire) => {
    await raf();
    const t0 = performance.now();
    fire();
    const t1 = performance.now();
    const [ts, t2] = await new Promise((res) => requestAnimationFrame((ts) => { void document.body.offsetHeight; res([ts, performance.now()]); }));
    work.push((t1 - t0) + (t2 - Math.max(ts, t1)));
  };
  const wheel = (x, dy) => c.dispatchEvent(new WheelEvent('wheel', { deltaY: dy, clientX: x, clientY: cy, bubbles: true, cancelable: true, view: window }));
  const mouse = (type, x) => (type === 'mousedown' ? c : window).dispatchEvent(new MouseEvent(type, { clientX: x, clientY: cy, bubbles: true, cancelable: true, view: window, button: 0, buttons: type === 'mouseup' ? 0 : 1 }));
  for (let round = 0; round < 3; round++) {
    const x = r.left + r.width * (0.2 + 0.3 * round);
    for (let i = 0; i < 18; i++) await frame(() => wheel(x, -240));
    await frame(() => mouse('mousedown', x));
    for (let i = 1; i <= 18; i++) await frame(() => mouse('mousemove', x - i * 30));
    await frame(() => mouse('mouseup', x - 18 * 30));
    for (let i = 0; i < 18; i++) await frame(() => wheel(x, 240));
  }
  return work;
})()`;

/** The stand-in for VS Code's webview API: records what the view posts. A string, so tsx adds no helpers. */
const VSCODE_STUB = `globalThis.__sent = []; globalThis.acquireVsCodeApi = () => ({ postMessage: (m) => globalThis.__sent.push(m), getState: () => undefined, setState: () => undefined });`;

export interface PageFigures {
  /** Load → first paint of each load, ms. */
  loads: number[];
  /** The last load's marks (ms since navigation). */
  marks: Record<string, number>;
  /** After the last load: what performance.memory counts (the JS heap and the array buffers it holds), and each apart, MB. */
  heapMb: number;
  jsMb: number;
  buffersMb: number;
  /** Main-thread work of each frame while zooming and panning, ms; and the paint alone. */
  work: number[];
  paints: number[];
}

const firstPaint = (page: Page): Promise<unknown> => page.waitForFunction(() => (globalThis as any).__asyncViz?.perf.firstPaint !== undefined, undefined, { timeout: 180_000 });

async function memory(page: Page): Promise<Pick<PageFigures, 'heapMb' | 'jsMb' | 'buffersMb'>> {
  const cdp = await page.context().newCDPSession(page);
  // Two GCs' worth of settling: what stays, not what the load left behind.
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const heap = await page.evaluate(() => ((performance as any).memory?.usedJSHeapSize ?? NaN) as number);
  return { heapMb: heap / 1e6, jsMb: usage.usedSize / 1e6, buffersMb: (usage.backingStorageSize ?? NaN) / 1e6 };
}

/** Loads `url` `loads` times; on the last load, the marks, memory and frames. */
export async function measurePage(browser: Browser, url: string, loads: number): Promise<PageFigures> {
  const out: PageFigures = { loads: [], marks: {}, heapMb: NaN, jsMb: NaN, buffersMb: NaN, work: [], paints: [] };
  for (let run = 0; run < loads; run++) {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    await page.goto(url, { timeout: 180_000 });
    await firstPaint(page);
    out.loads.push(await page.evaluate(() => (globalThis as any).__asyncViz.perf.firstPaint as number));
    if (run === loads - 1) {
      out.marks = await page.evaluate(() => (globalThis as any).__asyncViz.perf.marks as Record<string, number>);
      // The columns decoded on first use are decoded in idle moments: let them be, then measure.
      await page.waitForTimeout(3000);
      Object.assign(out, await memory(page));
      await page.evaluate(() => { (globalThis as any).__asyncViz.perf.frames.length = 0; });
      out.work = (await page.evaluate(DRIVE)) as number[];
      out.paints = await page.evaluate(() => (globalThis as any).__asyncViz.perf.frames as number[]);
    }
    await ctx.close();
  }
  return out;
}

/**
 * The VS Code path: `hostUrl` is the webview bundle's page with no trace (inside VS Code it waits
 * for `show`); the message (its traces as bytes, as the panel posts them) is put into the page
 * first, then posted, and the time from the post to the end of the first paint measured.
 */
export async function measureMessage(browser: Browser, hostUrl: string, msg: ShowMessage, loads: number): Promise<number[]> {
  // Into the page as base64 in pieces (quick to hand over, and no one message too big for the
  // browser's protocol), made bytes there before the clock starts.
  const PIECE = 8 << 20;
  const texts = msg.traces.map((t) => Buffer.from(t as Uint8Array).toString('base64'));
  const handed = { ...msg, traces: texts.map(() => '') };
  const paints: number[] = [];
  for (let run = 0; run < loads; run++) {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    await page.addInitScript(VSCODE_STUB);
    await page.goto(hostUrl, { timeout: 180_000 });
    await page.waitForFunction(() => (globalThis as any).__sent.length > 0);
    await page.evaluate(() => { (globalThis as any).__pieces = []; });
    for (const [i, text] of texts.entries()) {
      for (let at = 0; at < text.length; at += PIECE) await page.evaluate(([k, piece]) => { ((globalThis as any).__pieces[k as number] ??= []).push(piece); }, [i, text.slice(at, at + PIECE)] as const);
    }
    await page.evaluate((m) => { (globalThis as any).__msg = { ...m, traces: (globalThis as any).__pieces.map((p: string[]) => (Uint8Array as any).fromBase64(p.join(''))) }; delete (globalThis as any).__pieces; }, handed);
    await page.evaluate(() => { (globalThis as any).__postedAt = performance.now(); (globalThis as any).postMessage((globalThis as any).__msg, '*'); });
    await firstPaint(page);
    paints.push(await page.evaluate(() => (globalThis as any).__asyncViz.perf.firstPaint - (globalThis as any).__postedAt));
    await ctx.close();
  }
  return paints;
}
