/**
 * The recorder's transport: events per second and bytes per event through the per-thread
 * SharedArrayBuffer ring and the flusher thread, for ~1M events, plus what recording costs on the
 * usual workloads (no source rewrite here: the recorder alone). Medians of BENCH_ROUNDS runs.
 *   node --import tsx bench/transport.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeWire } from '../src/core/wire-codec';

const root = path.resolve(__dirname, '..');
const recorder = path.join(root, 'dist', 'recorder.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });

interface Run { wallMs: number; workMs: number; events: number; bytes: number; dropped: number }

function run(file: string, recorded: boolean, env: Record<string, string> = {}): Run {
  const out = mkdtempSync(path.join(os.tmpdir(), 'av-bench-'));
  const e: Record<string, string | undefined> = { ...process.env, NODE_OPTIONS: undefined, ...env };
  if (recorded) Object.assign(e, { NODE_OPTIONS: `--require "${recorder}"`, ASYNC_VIZ_OUT: out });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [file], { cwd: root, env: e, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  const workMs = Number(/WORK_MS ([\d.]+)/.exec(r.stdout)?.[1] ?? NaN);
  let events = 0;
  let bytes = 0;
  let dropped = 0;
  for (const f of readdirSync(out)) {
    const b = new Uint8Array(readFileSync(path.join(out, f)));
    bytes += statSync(path.join(out, f)).size;
    const d = decodeWire(b);
    events += d.events.length;
    for (const ev of d.events) if (ev.k === 'dropped') dropped += ev.count;
  }
  rmSync(out, { recursive: true, force: true });
  return { wallMs, workMs, events, bytes, dropped };
}

function transport(name: string, file: string, env: Record<string, string>): void {
  const runs = Array.from({ length: rounds }, () => run(file, true, env));
  const m = (f: (r: Run) => number) => median(runs.map(f));
  const events = m((r) => r.events);
  const time = Number.isNaN(runs[0].workMs) ? m((r) => r.wallMs) : m((r) => r.workMs);
  console.log(
    `${name}: ${events} events, ${(events / (time / 1000) / 1e6).toFixed(2)} M events/s (${Number.isNaN(runs[0].workMs) ? 'whole run' : 'workload'} ${time.toFixed(0)} ms), ` +
      `${(m((r) => r.bytes) / events).toFixed(1)} bytes/event, dropped ${Math.max(...runs.map((r) => r.dropped))}`,
  );
}

function cost(name: string, file: string): void {
  const plain: Run[] = [];
  const rec: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    plain.push(run(file, false));
    rec.push(run(file, true));
  }
  const p = median(plain.map((r) => r.workMs));
  const q = median(rec.map((r) => r.workMs));
  const pw = median(plain.map((r) => r.wallMs));
  const qw = median(rec.map((r) => r.wallMs));
  console.log(`${name}: workload ${p.toFixed(1)} → ${q.toFixed(1)} ms (${(q / p).toFixed(2)}x), wall ${pw.toFixed(0)} → ${qw.toFixed(0)} ms (${(qw / pw).toFixed(2)}x), ${median(rec.map((r) => r.events))} events`);
}

transport('API marks (suspend/resume)', 'test/fixtures/recorder/api-flood.js', { N: '500000' });
transport('330k setImmediate (init/before/after)', 'test/fixtures/recorder/many.js', { N: '330000' });
for (const w of ['awaits-100k.mjs', 'timers-10k.mjs', 'fs-2k.mjs', 'cpu-loop.cjs']) cost(w, `bench/workloads/${w}`);
