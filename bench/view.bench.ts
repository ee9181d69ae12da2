/**
 * `npm run bench:view`: the timeline front end in headless Chromium (not a timed test). For
 * generated traces (bench/generate.ts: 10k, 100k and 1M spans by default; `-- 10000000` for 10M)
 * it prints, for each way `show` opens a trace:
 *  - the standalone HTML (`show --html`, the CLI's page: the trace's .avtrace bytes embedded as
 *    base64) and the served page (`show` with nothing to write: the page on 127.0.0.1, the
 *    .avtrace fetched from its own origin): load to first paint (file read or fetch, HTML parse,
 *    the trace read from its .avtrace bytes, view model, DOM, paint), median and best of the
 *    loads (the best is what the code costs; the median also carries what else the machine was
 *    doing); the memory the page holds after it (performance.memory with precise figures: the JS
 *    heap and the array buffers of the span columns and rows, and each apart); and the frame time
 *    while zooming (wheel) and panning (drag): the main-thread work of one frame, that is the
 *    input handler (d3-zoom) plus the animation frame that paints it, with style and layout forced
 *    at its end, median and 95th percentile over ~170 frames;
 *  - the VS Code path: the panel's `show` message (src/extension/panel.ts makes it the same way:
 *    showMessage(viewPayload(bundle, { bytes: true }))), its making on the host (Node), and in
 *    Chromium, with a stubbed acquireVsCodeApi, from the message being posted to the end of the
 *    first paint.
 * Targets: issue 3, 1M spans painted within 1.5 s, frames ≤ 16 ms at p95; issue 10, the VS Code
 * path's first paint ≤ 1 s at 1M; issue 12, `show` of 10M spans: first paint ≤ 2 s, p95 frame
 * ≤ 16 ms while zooming, heap ≤ 1 GB.
 * With `recorded` among the arguments it also records bench/workloads/server-like.mjs (~1.2M
 * spans, ~560k events, 80k calls: a real run's mix) and measures it repeated 8 times (~9.6M
 * spans, ~4.5M events): what a 10M-span recording of a server looks like.
 * Run: node --import tsx bench/view.bench.ts [sizes...] [recorded]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { generateColumnar, repeatTrace } from './generate';
import { renderHtml } from '../src/run/html';
import { viewPayload } from '../src/run/view-payload';
import { startViewServer } from '../src/run/view-server';
import { showMessage, type ShowMessage } from '../src/core/protocol';
import { emptyTable, type ColumnarTrace } from '../src/core/columns/table';
import { readAvtrace } from '../src/run/avtrace-file';
import { spawnSync } from 'node:child_process';
import { buildWebview, chromiumArgs, chromiumMissing, CHROMIUM } from '../test/webview/browser';
import { measureMessage, measurePage, pct, type PageFigures } from './view-page';

const load = (): string => os.loadavg().map((x) => x.toFixed(1)).join(' ');
const f1 = (x: number): string => x.toFixed(1);
const f0 = (x: number): string => x.toFixed(0);

function line(name: string, mb: number, p: PageFigures): string {
  return `  ${name.padEnd(10)} ${f1(mb).padStart(6)} MB  load→first paint median ${f0(pct(p.loads, 50)).padStart(5)} ms best ${f0(Math.min(...p.loads)).padStart(5)} ms  ` +
    `frame median ${f1(pct(p.work, 50))} p95 ${f1(pct(p.work, 95))} max ${f1(Math.max(...p.work))} ms (paint alone p95 ${f1(pct(p.paints, 95))})  ` +
    `memory ${f0(p.heapMb)} MB (JS ${f0(p.jsMb)}, buffers ${f0(p.buffersMb)})\n` +
    `             loads ${p.loads.map(f0).join(', ')} ms; marks ${Object.entries(p.marks).map(([k, v]) => `${k} ${f0(v)}`).join(', ')}; load average ${load()}`;
}

/** The server-like workload, recorded, repeated to about 10M spans. */
async function recordedShape(dir: string): Promise<ColumnarTrace> {
  const out = path.join(dir, 'server-like.avtrace');
  const cli = path.join(__dirname, '..', 'bin', 'async-viz.js');
  const r = spawnSync(process.execPath, [cli, path.join(__dirname, 'workloads', 'server-like.mjs'), '--timeout', '0', '--max-events', '5000000', '--avtrace', out, '--quiet'], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`recording failed: ${r.stderr}`);
  return repeatTrace((await readAvtrace(out)).trace, 8);
}

async function main(): Promise<void> {
  if (chromiumMissing()) return;
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  const recorded = process.argv.includes('recorded');
  await buildWebview();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-viz-bench-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...chromiumArgs, '--enable-precise-memory-info'] });
  console.log(`Chromium ${browser.version()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${load()}`);
  try {
    const runs: (number | 'recorded')[] = [...(sizes.length || recorded ? sizes : [10_000, 100_000, 1_000_000]), ...(recorded ? ['recorded' as const] : [])];
    for (const n of runs) {
      const trace = n === 'recorded' ? await recordedShape(dir) : generateColumnar(n);
      const loads = trace.spans.n >= 5_000_000 ? 3 : 5;
      console.log(n === 'recorded'
        ? `recorded server-like run ×8: ${trace.spans.n} spans, ${trace.events.length} events, ${trace.asyncCalls.length} calls (${loads} loads each):`
        : `${n} spans (${loads} loads each):`);

      const file = path.join(dir, `bench-${n}.html`);
      writeFileSync(file, renderHtml({ trace }));
      console.log(line('--html', statSync(file).size / 1e6, await measurePage(browser, pathToFileURL(file).href, loads)));

      const server = await startViewServer({ trace });
      const bytes = viewPayload({ trace }, { bytes: true }).traces[0].length;
      try {
        console.log(line('served', bytes / 1e6, await measurePage(browser, server.url, loads)));
      } finally {
        await server.close();
      }

      const makes: number[] = [];
      let msg: ShowMessage | undefined;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        msg = showMessage(viewPayload({ trace, locale: 'en' }, { bytes: true }));
        makes.push(performance.now() - t0);
      }
      const host = path.join(dir, 'vscode-host.html');
      writeFileSync(host, renderHtml({ trace: { ...trace, spans: emptyTable(0), events: [], blocked: [], asyncCalls: [] } }));
      const paints = await measureMessage(browser, pathToFileURL(host).href, msg!, loads);
      console.log(`  VS Code    message ${f1(msg!.traces[0].length / 1e6)} MB made in ${f0(pct(makes, 50))} ms (host, median of 3); posted → first paint median ${f0(pct(paints, 50))} ms best ${f0(Math.min(...paints))} ms (${paints.map(f0).join(', ')}); load average ${load()}`);
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main().catch((e) => { console.error(e); process.exitCode = 1; });
