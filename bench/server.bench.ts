/**
 * `npm run bench:server`: an I/O-bound HTTP server (bench/workloads/http-server.mjs) on 127.0.0.1
 * under autocannon, plain `node` and recorded (`async-viz run`) alternating in this one process, `BENCH_ROUNDS`
 * rounds of `BENCH_SECONDS` each; the medians of throughput (requests/s) and p99 latency are
 * compared, and every recorded run must have dropped nothing. A third run per round has only an
 * empty async_hooks hook (bench/workloads/empty-hook.cjs): the floor under a recorder built on it. Targets: throughput >= 85 % of
 * plain, p99 <= 1.25x plain.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import path from 'node:path';
import { recordCommand } from '../src/run/command';

const root = path.resolve(__dirname, '..');
const server = path.join(root, 'bench', 'workloads', 'http-server.mjs');
const emptyHook = path.join(root, 'bench', 'workloads', 'empty-hook.cjs');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const autocannonBin = path.join(path.dirname(createRequire(__filename).resolve('autocannon/package.json')), 'autocannon.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Load { rps: number; p99: number; errors: number; requests: number }

/**
 * autocannon in a process of its own (its CLI, --json), as a user would load a server: the
 * recorded run's runner, which reads the recorder's streams in this process, must not slow the
 * load generator's event loop.
 */
function load(port: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const args = [autocannonBin, '--json', '-c', String(connections), '-d', String(seconds), `http://127.0.0.1:${port}/`];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.on('error', reject);
    child.on('close', () => {
      try {
        const r = JSON.parse(out);
        resolve({ rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, requests: r.requests.total });
      } catch (e) {
        reject(new Error(`autocannon: ${String(e)}: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** Resolves with the port once `text` (the server's output so far) names it. */
const portIn = (text: string) => Number(/PORT (\d+)/.exec(text)?.[1] ?? 0);

/** The server under plain node; with `preload`, that file --require'd first (the empty hook). */
async function plain(preload?: string): Promise<Load> {
  const child = spawn(process.execPath, [...(preload ? ['--require', preload] : []), server], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
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

/**
 * The server recorded the way a user records one: `async-viz run -- node http-server.mjs`
 * (recordCommand, the CLI's engine), stopped once the load is over; its trace is built after.
 */
async function recorded(): Promise<Load & { dropped: number; events: number; spans: number; runnerCpuMs: number; buildMs: number; cut: boolean }> {
  const stop = new AbortController();
  let out = '';
  let gotPort: (p: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => (gotPort = resolve));
  const rec = await recordCommand({
    command: [process.execPath, server], cwd: path.dirname(server), root: path.dirname(server), stdio: 'pipe', signal: stop.signal,
    onOutput: (_s, text) => { out += text; if (portIn(out)) gotPort(portIn(out)); },
  });
  const p = await Promise.race([port, rec.done.then((): number => { throw new Error('recorded server ended before serving'); })]);
  const c0 = process.cpuUsage();
  const r = await load(p);
  const c = process.cpuUsage(c0);
  stop.abort('stop');
  const b0 = Date.now();
  const res = await rec.done;
  return { ...r, dropped: res.dropped, events: res.events, spans: res.trace.spans.length, runnerCpuMs: (c.user + c.system) / 1000, buildMs: Date.now() - b0, cut: Boolean(res.cutToFit) };
}

async function main(): Promise<void> {
  const P: Load[] = [], H: Load[] = [], R: Awaited<ReturnType<typeof recorded>>[] = [];
  const loads: number[] = [];
  for (let i = 0; i < rounds; i++) {
    loads.push(loadavg()[0]);
    P.push(await plain());
    H.push(await plain(emptyHook));
    R.push(await recorded());
    const p = P[i], h = H[i], r = R[i];
    console.log(`round ${i + 1}: plain ${p.rps.toFixed(0)} req/s p99 ${p.p99} ms | empty hook ${h.rps.toFixed(0)} req/s p99 ${h.p99} ms | recorded ${r.rps.toFixed(0)} req/s p99 ${r.p99} ms, ${r.events.toLocaleString('en-US')} events (${r.spans.toLocaleString('en-US')} spans built in ${(r.buildMs / 1000).toFixed(1)} s${r.cut ? ', the latest part that fits' : ''}), CLI CPU during the load ${(r.runnerCpuMs / 1000).toFixed(2)} s, dropped ${r.dropped}, errors ${p.errors}/${r.errors}`);
  }
  const pr = median(P.map((x) => x.rps)), rr = median(R.map((x) => x.rps));
  const pp = median(P.map((x) => x.p99)), rp = median(R.map((x) => x.p99));
  const hr = median(H.map((x) => x.rps)), hp = median(H.map((x) => x.p99));
  const share = rr / pr, p99 = rp / Math.max(pp, 1);
  const dropped = R.reduce((s, x) => s + x.dropped, 0);
  console.log(`\nHTTP server, ${connections} connections, ${seconds} s x ${rounds} rounds (load ${median(loads).toFixed(1)}):`);
  console.log(`  throughput: plain ${pr.toFixed(0)} req/s, recorded ${rr.toFixed(0)} req/s = ${(share * 100).toFixed(1)} % (target >= 85 %) ${share >= 0.85 ? '✓' : '✗'}`);
  console.log(`  p99 latency: plain ${pp} ms, recorded ${rp} ms = ${p99.toFixed(2)}x (target <= 1.25x) ${p99 <= 1.25 ? '✓' : '✗'}`);
  console.log(`  async_hooks alone (an empty hook, promise hooks off): ${hr.toFixed(0)} req/s = ${((hr / pr) * 100).toFixed(1)} % of plain, p99 ${hp} ms = ${(hp / Math.max(pp, 1)).toFixed(2)}x`);
  console.log(`  dropped: ${dropped} ${dropped === 0 ? '✓' : '✗'}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
