/**
 * `npm run bench:server-cpu`: what the recorder costs an HTTP server per request, in CPU
 * instructions (valgrind's callgrind counts them, so the machine's load does not blur them as it
 * blurs wall time). The server of bench:server (bench/workloads/http-server.mjs) runs under
 * callgrind, plain and recorded, and exits after REQUESTS responses; autocannon (its own process,
 * not counted) sends exactly that many. Each side runs twice, with FEW and MANY requests: the
 * difference divided by MANY - FEW is the cost of one request, without start-up and warm-up.
 * Counted per thread: the main thread, and the recorder's flusher thread (recorded only). The
 * flusher's figure is inflated by the slowness: it ticks every 2 ms of wall time, and under
 * callgrind a request takes ~50x longer. The runner's CPU is measured by bench:server.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { runFile } from '../src/run/runner';

const root = path.resolve(__dirname, '..');
const server = path.join(root, 'bench', 'workloads', 'http-server.mjs');
const autocannonBin = path.join(path.dirname(createRequire(__filename).resolve('autocannon/package.json')), 'autocannon.js');
const FEW = Number(process.env.FEW ?? 500);
const MANY = Number(process.env.MANY ?? 2500);
const CONNECTIONS = 10;
/** SIDES=recorded: only the recorded runs (while working on the recorder, the plain figure stays put). */
const SIDES = (process.env.SIDES ?? 'plain,recorded').split(',') as ('plain' | 'recorded')[];
const tmp = mkdtempSync(path.join(tmpdir(), 'av-bench-cpu-'));

/** A script that runs node under callgrind, one output file per thread, into `dir`. */
function wrapper(dir: string): string {
  const file = path.join(dir, 'node-callgrind.sh');
  writeFileSync(file, `#!/bin/sh\nexec valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=${dir}/cg.%p "${process.execPath}" "$@" 2>/dev/null\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Instructions of each thread (callgrind's `totals:`), thread 1 (the main thread) first. */
function threadTotals(dir: string): number[] {
  const files = readdirSync(dir).filter((f) => /^cg\.\d+-\d+$/.test(f)).sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));
  return files.map((f) => Number(/^(?:totals|summary): (\d+)/m.exec(readFileSync(path.join(dir, f), 'utf8'))?.[1] ?? 0));
}

function load(port: number, requests: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [autocannonBin, '--json', '-c', String(CONNECTIONS), '-a', String(requests), '-t', '60', `http://127.0.0.1:${port}/`];
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

const portIn = (text: string) => Number(/PORT (\d+)/.exec(text)?.[1] ?? 0);

async function plain(requests: number, dir: string): Promise<void> {
  const child = spawn(wrapper(dir), [server], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '', REQUESTS: String(requests) } });
  let out = '';
  const exited = new Promise((resolve) => child.on('close', resolve));
  const port = await new Promise<number>((resolve) => child.stdout.on('data', (b: Buffer) => { out += b; if (portIn(out)) resolve(portIn(out)); }));
  await load(port, requests);
  await exited;
}

/** Recorded; returns the trace's span count and drops. */
async function recorded(requests: number, dir: string): Promise<{ spans: number; dropped: number }> {
  let out = '';
  let gotPort: (p: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => (gotPort = resolve));
  process.env.REQUESTS = String(requests); // read by the server (the runner passes its environment on)
  const run = runFile({
    // Under callgrind every callback runs ~50x longer: with the usual 10 ms block threshold most
    // would count as blocking (a CPU sample and an inspector pause each), which a real run never does.
    file: server, timeoutMs: 0, maxEvents: 200_000_000, nodePath: wrapper(dir), blockingThresholdMs: 60_000,
    onOutput: (_s, text) => { out += text; if (portIn(out)) gotPort(portIn(out)); },
  });
  await load(await port, requests);
  const { trace } = await run;
  delete process.env.REQUESTS;
  return { spans: trace.spans.length, dropped: trace.meta.dropped };
}

async function main(): Promise<void> {
  const sides: Record<string, number[][]> = { plain: [], recorded: [] };
  let spans = 0, dropped = 0;
  for (const n of [FEW, MANY]) {
    for (const side of SIDES) {
      const dir = mkdtempSync(path.join(tmp, `${side}-${n}-`));
      if (side === 'plain') await plain(n, dir);
      else {
        const r = await recorded(n, dir);
        spans = r.spans;
        dropped += r.dropped;
      }
      sides[side].push(threadTotals(dir));
      console.log(`${side}, ${n} requests: ${sides[side].at(-1)!.map((x) => `${(x / 1e6).toFixed(0)} M`).join(' + ')} instructions (threads: main first)`);
    }
  }
  const per = (side: string, thread: number) => (sides[side].length < 2 ? NaN : ((sides[side][1][thread] ?? 0) - (sides[side][0][thread] ?? 0)) / (MANY - FEW));
  const pm = per('plain', 0), rm = per('recorded', 0);
  const rest = sides.recorded[1].slice(1).reduce((s, _x, i) => s + per('recorded', i + 1), 0);
  console.log(`\nInstructions per request (${MANY} - ${FEW} requests, ${CONNECTIONS} connections, load ${loadavg()[0].toFixed(1)}):`);
  console.log(`  main thread: plain ${pm.toFixed(0)}, recorded ${rm.toFixed(0)} = ${(rm / pm).toFixed(2)}x`);
  const plainRest = (sides.plain[1] ?? []).slice(1).reduce((s, _x, i) => s + per('plain', i + 1), 0);
  console.log(`  other threads (GC, libuv; recorded: and the flusher): plain ${plainRest.toFixed(0)}, recorded ${rest.toFixed(0)}`);
  console.log(`  last recorded run: ${spans} spans (${(spans / MANY).toFixed(1)} per request), dropped ${dropped}`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; }).finally(() => rmSync(tmp, { recursive: true, force: true }));
