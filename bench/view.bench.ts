/**
 * `npm run bench:view`: the timeline front end in headless Chromium (not a timed test). For
 * generated traces of 10k, 100k and 1M spans, written as the CLI's standalone HTML into a temp
 * folder, it prints:
 *  - load to first paint: from navigation start to the end of the first canvas paint (file read,
 *    HTML parse, span columns decoded, view model, DOM, paint), median and best of 5 loads (the
 *    best is what the code costs; the median also carries what else the machine was doing);
 *  - frame time while zooming (wheel) and panning (drag): the main-thread work of one frame, that
 *    is the input handler (d3-zoom) plus the animation frame that paints it, with style and layout
 *    forced at its end; median and 95th percentile over ~110 frames;
 *  - the JS heap after load;
 *  - the VS Code path: the panel's `show` message (src/extension/panel.ts makes it the same way:
 *    showMessage(viewPayload(bundle))), its making on the host side (Node), and in Chromium, with
 *    a stubbed acquireVsCodeApi, from the message being posted to the end of the first paint
 *    (parse, unpack the columns, view model, DOM, paint), median and best of 5.
 * Targets (issue 3): 1M spans painted within 1.5 s; frames ≤ 16 ms at p95. Issue 10: the VS Code
 * path's first paint ≤ 1 s at 1M spans.
 * Run: node --import tsx bench/view.bench.ts [sizes...]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Trace, Span, TraceEvent, AsyncCall } from '../src/core/trace';
import { renderHtml } from '../src/run/html';
import { viewPayload } from '../src/run/view-payload';
import { showMessage, type ShowMessage } from '../src/core/protocol';
import { buildWebview, chromiumMissing, launch } from '../test/webview/browser';

const KINDS: Span['kind'][] = ['microtask', 'microtask', 'nextTick', 'timer', 'io', 'immediate', 'microtask', 'io'];

/** A synthetic run: a main lane and a worker, n spans back to back with gaps, awaits, blocked stretches and output. */
export function generateTrace(n: number): Trace {
  const spans: Span[] = new Array(n);
  const t = [0, 0.5];
  const calls: AsyncCall[] = [];
  const events: TraceEvent[] = [];
  const blocked: Trace['blocked'] = [];
  let rnd = 12345;
  const rand = (): number => (rnd = (rnd * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let clock = 0;
  const us = (ms: number): number => Math.round(ms * 1e3) / 1e3; // the recorder's precision
  for (let i = 0; i < n; i++) {
    const lane = i % 7 === 6 ? 1 : 0;
    clock += 0.002 + rand() * 0.02;
    const start = us(Math.max(clock, t[lane]));
    let dur = us(0.001 + rand() * 0.01);
    if (i % 20000 === 19999) dur = us(15 + rand() * 40);
    let kind: Span['kind'] = i === 0 ? 'script' : KINDS[i % KINDS.length];
    const s: Span = { id: i, lane, kind, start, end: start + dur, label: kind === 'timer' ? 'Timeout' : 'PROMISE', line: 1 + (i % 40) };
    if (i > 0) { s.trigger = i - 1 - (i % 5); s.asyncId = 10 + i; s.scheduled = us(Math.max(0, start - 0.05 - rand())); }
    if (i % 10 === 5 && calls.length < 200) {
      kind = 'await';
      const id = calls.length;
      calls.push({ id, lane, name: `task${id}`, line: 10, start: us(start - 0.01), end: us(start + dur * 50 + 0.02) });
      Object.assign(s, { kind, call: id, end: us(start + dur * 50), trigger: undefined, asyncId: undefined, scheduled: undefined, label: 'sleep(ms)' });
    } else if (dur > 10) {
      blocked.push({ lane, start, end: start + dur, durationMs: dur, span: i, line: s.line });
    }
    if (kind !== 'await') t[lane] = s.end;
    spans[i] = s;
    if (i % 500 === 0) events.push({ seq: events.length, t: us(start + dur / 2), lane, kind: 'console', stream: 'stdout', text: `tick ${i}`, span: i });
  }
  let dur = 0;
  for (let i = Math.max(0, n - 50); i < n; i++) dur = Math.max(dur, spans[i].end);
  dur += 1;
  events.push({ seq: events.length, t: dur, lane: 0, kind: 'exit', code: 0, explicit: false });
  return {
    version: 1,
    meta: { file: `/bench/gen-${n}.ts`, nodeVersion: 'v20.20.2', startedAt: new Date(0).toISOString(), durationMs: dur, moduleFormat: 'esm', exit: { code: 0, signal: null, timedOut: false }, truncated: false, dropped: 0, blockingThresholdMs: 10 },
    lanes: [
      { id: 0, kind: 'main', label: 'main', pid: 1, threadId: 0, start: 0, end: dur },
      { id: 1, kind: 'worker', label: 'worker #1', pid: 1, threadId: 1, parent: 0, start: 0, end: dur },
    ],
    spans, asyncCalls: calls, events, blocked,
  };
}

const pct = (a: number[], p: number): number => {
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

/** The VS Code path at one size: host-side message making, and message → first paint in the page. */
async function vscodePath(browser: Awaited<ReturnType<typeof launch>>, dir: string, trace: Trace): Promise<string> {
  const makes: number[] = [];
  let msg: ShowMessage | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    msg = showMessage(viewPayload({ trace, locale: 'en' }));
    makes.push(performance.now() - t0);
  }
  const mb = JSON.stringify(msg).length / 1e6;
  // The page: the webview bundle without an embedded trace (inside VS Code it waits for `show`).
  const empty = { ...trace, spans: [], events: [], blocked: [], asyncCalls: [] };
  const file = path.join(dir, 'vscode-host.html');
  writeFileSync(file, renderHtml({ trace: empty }));
  const paints: number[] = [];
  for (let run = 0; run < 5; run++) {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    await page.addInitScript(VSCODE_STUB);
    await page.goto(pathToFileURL(file).href, { timeout: 120_000 });
    await page.waitForFunction(() => (globalThis as any).__sent.length > 0);
    await page.evaluate((m) => { (globalThis as any).__msg = m; }, msg);
    await page.evaluate(() => { (globalThis as any).__postedAt = performance.now(); (globalThis as any).postMessage((globalThis as any).__msg, '*'); });
    await page.waitForFunction(() => (globalThis as any).__asyncViz?.perf.firstPaint !== undefined, undefined, { timeout: 120_000 });
    paints.push(await page.evaluate(() => (globalThis as any).__asyncViz.perf.firstPaint - (globalThis as any).__postedAt));
    await ctx.close();
  }
  return `VS Code path: message ${mb.toFixed(1)} MB made in ${pct(makes, 50).toFixed(0)} ms (host, median of 3); posted → first paint median ${pct(paints, 50).toFixed(0)} ms best ${Math.min(...paints).toFixed(0)} ms (${paints.map((x) => x.toFixed(0)).join(', ')})`;
}

async function main(): Promise<void> {
  if (chromiumMissing()) return;
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  await buildWebview();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-viz-bench-'));
  const browser = await launch();
  console.log(`Chromium ${browser.version()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  try {
    for (const n of sizes.length ? sizes : [10_000, 100_000, 1_000_000]) {
      const file = path.join(dir, `bench-${n}.html`);
      const trace = generateTrace(n);
      writeFileSync(file, renderHtml({ trace }));
      const mb = statSync(file).size / 1e6;
      const loads: number[] = [];
      let marks: Record<string, number> = {};
      let heapMb = NaN;
      let work: number[] = [];
      let paints: number[] = [];
      const LOADS = 5;
      for (let run = 0; run < LOADS; run++) {
        const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
        const page = await ctx.newPage();
        page.on('pageerror', (e) => console.error('pageerror', e.message));
        await page.goto(pathToFileURL(file).href, { timeout: 120_000 });
        await page.waitForFunction(() => (globalThis as any).__asyncViz?.perf.firstPaint !== undefined, undefined, { timeout: 120_000 });
        loads.push(await page.evaluate(() => (globalThis as any).__asyncViz.perf.firstPaint as number));
        if (run === LOADS - 1) {
          marks = await page.evaluate(() => (globalThis as any).__asyncViz.perf.marks as Record<string, number>);
          heapMb = await page.evaluate(() => ((performance as any).memory?.usedJSHeapSize ?? NaN) / 1e6);
          await page.evaluate(() => { (globalThis as any).__asyncViz.perf.frames.length = 0; });
          work = (await page.evaluate(DRIVE)) as number[];
          paints = await page.evaluate(() => (globalThis as any).__asyncViz.perf.frames as number[]);
        }
        await ctx.close();
      }
      const f = (x: number): string => x.toFixed(1);
      console.log(`${String(n).padStart(9)} spans  html ${mb.toFixed(1).padStart(5)} MB  load→first paint median ${pct(loads, 50).toFixed(0).padStart(5)} ms best ${Math.min(...loads).toFixed(0)} ms  ` +
        `frame median ${f(pct(work, 50))} ms p95 ${f(pct(work, 95))} ms max ${f(Math.max(...work))} ms (${work.length} frames; paint alone median ${f(pct(paints, 50))} p95 ${f(pct(paints, 95))})  heap ${heapMb.toFixed(0)} MB`);
      console.log(`           (loads ${loads.map((x) => x.toFixed(0)).join(', ')} ms; last one, ms since navigation: ${Object.entries(marks).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
      console.log(`           ${await vscodePath(browser, dir, trace)}`);
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main().catch((e) => { console.error(e); process.exitCode = 1; });
