/**
 * `npm run bench:server`: an I/O-bound HTTP server (bench/workloads/http-server.mjs) on 127.0.0.1
 * under autocannon, plain `node` and recorded alternating in this one process, `BENCH_ROUNDS`
 * rounds of `BENCH_SECONDS` each; the medians of throughput (requests/s) and p99 latency are
 * compared, and every recorded run must have dropped nothing. Targets: throughput >= 85 % of
 * plain, p99 <= 1.25x plain.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import path from 'node:path';
import { runFile } from '../src/run/runner';

const root = path.resolve(__dirname, '..');
const server = path.join(root, 'bench', 'workloads', 'http-server.mjs');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const autocannon = createRequire(__filename)('autocannon') as (o: object) => Promise<any>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Load { rps: number; p99: number; errors: number; requests: number }

async function load(port: number): Promise<Load> {
  const r = await autocannon({ url: `http://127.0.0.1:${port}/`, connections, duration: seconds, pipelining: 1 });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, requests: r.requests.total };
}

/** Resolves with the port once `text` (the server's output so far) names it. */
const portIn = (text: string) => Number(/PORT (\d+)/.exec(text)?.[1] ?? 0);

async function plain(): Promise<Load> {
  const child = spawn(process.execPath, [server], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => { out += b; if (portIn(out)) resolve(portIn(out)); });
    child.on('exit', () => reject(new Error('plain server exited')));
  });
  try {
    return await load(port);
  } finally {
    child.kill();
  }
}

async function recorded(): Promise<Load & { dropped: number; truncated: boolean; events: number }> {
  const stop = new AbortController();
  let out = '';
  let gotPort: (p: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => (gotPort = resolve));
  const run = runFile({
    file: server, timeoutMs: 0, maxEvents: 200_000_000, signal: stop.signal,
    onOutput: (_s, text) => { out += text; if (portIn(out)) gotPort(portIn(out)); },
  });
  const r = await Promise.race([port.then(load), run.then(() => { throw new Error('recorded server ended before serving'); })]);
  stop.abort('stop');
  const { trace } = await run;
  return { ...r, dropped: trace.meta.dropped, truncated: trace.meta.truncated, events: trace.spans.length };
}

async function main(): Promise<void> {
  const P: Load[] = [], R: Awaited<ReturnType<typeof recorded>>[] = [];
  const loads: number[] = [];
  for (let i = 0; i < rounds; i++) {
    loads.push(loadavg()[0]);
    P.push(await plain());
    R.push(await recorded());
    const p = P[i], r = R[i];
    console.log(`round ${i + 1}: plain ${p.rps.toFixed(0)} req/s p99 ${p.p99} ms | recorded ${r.rps.toFixed(0)} req/s p99 ${r.p99} ms, ${r.events} spans, dropped ${r.dropped}${r.truncated ? ', TRUNCATED' : ''}, errors ${p.errors}/${r.errors}`);
  }
  const pr = median(P.map((x) => x.rps)), rr = median(R.map((x) => x.rps));
  const pp = median(P.map((x) => x.p99)), rp = median(R.map((x) => x.p99));
  const share = rr / pr, p99 = rp / Math.max(pp, 1);
  const dropped = R.reduce((s, x) => s + x.dropped, 0);
  console.log(`\nHTTP server, ${connections} connections, ${seconds} s x ${rounds} rounds (load ${median(loads).toFixed(1)}):`);
  console.log(`  throughput: plain ${pr.toFixed(0)} req/s, recorded ${rr.toFixed(0)} req/s = ${(share * 100).toFixed(1)} % (target >= 85 %) ${share >= 0.85 ? '✓' : '✗'}`);
  console.log(`  p99 latency: plain ${pp} ms, recorded ${rp} ms = ${p99.toFixed(2)}x (target <= 1.25x) ${p99 <= 1.25 ? '✓' : '✗'}`);
  console.log(`  dropped: ${dropped} ${dropped === 0 ? '✓' : '✗'}${R.some((x) => x.truncated) ? ' (a recorded run was truncated: raise maxEvents)' : ''}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
