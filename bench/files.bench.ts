/**
 * `npm run bench:files`: the trace files at scale (not a timed test). For generated traces
 * (bench/generate.ts; 1M and 10M spans by default, sizes as arguments) and for a recorded
 * server-like run (bench/workloads/server-like.mjs, ~1.2M spans and ~560k events): the .avtrace
 * file's size per span (and per span + event), writing and reading it, and `async-viz show` of it
 * converting to Chrome trace JSON and to trace JSON, streamed (to /dev/null above 1M spans: the
 * 10M Chrome export is ~4 GB): wall time and the CLI's peak RSS. Machine load printed with each.
 * Run: node --import tsx bench/files.bench.ts [sizes...]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateColumnar } from './generate';
import { readAvtrace, writeAvtrace } from '../src/run/avtrace-file';

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin', 'async-viz.js');
const load = (): string => os.loadavg().map((x) => x.toFixed(1)).join(' ');
const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
const TIME = '/usr/bin/time';

/** Runs the CLI, timing it and (with /usr/bin/time) its peak RSS. */
function timed(args: string[]): string {
  const t0 = performance.now();
  const withTime = existsSync(TIME);
  const r = withTime
    ? spawnSync(TIME, ['-f', '%M', process.execPath, cli, ...args], { encoding: 'utf8', timeout: 1_800_000 })
    : spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 1_800_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) return `failed (${r.status}): ${r.stderr.slice(-300)}`;
  const rss = withTime ? Number(r.stderr.trim().split('\n').pop()) * 1024 : NaN;
  const wrote = /wrote \S+ \(([^)]+)\)/.exec(r.stdout)?.[1] ?? '?';
  return `${(ms / 1000).toFixed(1)} s, peak RSS ${withTime ? mb(rss) : '?'}, ${wrote}`;
}

async function file(name: string, spans: number, events: number, avtrace: string, json?: string): Promise<void> {
  const size = statSync(avtrace).size;
  let t0 = performance.now();
  const back = await readAvtrace(avtrace);
  const readMs = performance.now() - t0;
  console.log(`${name}: ${spans} spans, ${events} events · .avtrace ${mb(size)} = ${(size / spans).toFixed(2)} B/span, ${(size / (spans + events)).toFixed(2)} B/(span+event)` +
    `${json ? ` · JSON ${mb(statSync(json).size)}` : ''} · read back in ${readMs.toFixed(0)} ms (${back.trace.spans.n} spans) · load ${load()}`);
  const out = spans > 1_000_000 ? '/dev/null' : path.join(path.dirname(avtrace), `${name}.out`);
  t0 = performance.now();
  console.log(`  show --chrome-trace: ${timed(['show', avtrace, '--chrome-trace', out])} · load ${load()}`);
  console.log(`  show --json:         ${timed(['show', avtrace, '--json', out])} · load ${load()}`);
  console.log(`  show --html:         ${timed(['show', avtrace, '--html', path.join(path.dirname(avtrace), `${name}.html`)])} · load ${load()}`);
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-viz-files-'));
  console.log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${load()}`);
  try {
    for (const n of sizes.length ? sizes : [1_000_000, 10_000_000]) {
      const c = generateColumnar(n);
      const f = path.join(dir, `gen-${n}.avtrace`);
      const t0 = performance.now();
      await writeAvtrace(f, c);
      console.log(`generated ${n}: written in ${(performance.now() - t0).toFixed(0)} ms`);
      await file(`gen-${n}`, n, c.events.length, f);
    }
    // A recorded run: the real mix of spans and events.
    const json = path.join(dir, 'server-like.json'), av = path.join(dir, 'server-like.avtrace');
    const rec = spawnSync(process.execPath, [cli, path.join(root, 'bench', 'workloads', 'server-like.mjs'), '--timeout', '0', '--max-events', '5000000', '--json', json, '--avtrace', av, '--quiet'], { encoding: 'utf8', timeout: 600_000 });
    if (rec.status !== 0) throw new Error(`recording failed: ${rec.stderr}`);
    const got = await readAvtrace(av);
    await file('server-like', got.trace.spans.n, got.trace.events.length, av, json);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main().catch((e) => { console.error(e); process.exitCode = 1; });
