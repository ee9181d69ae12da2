/**
 * bench:run: the real CLI (`async-viz run`) on long and large recordings.
 *  1. `--window 30s` on a steady ~20k events/s load for RUN_S seconds (default 120; the issue's
 *     target is 300): the CLI's RSS sampled every second (peak, and the peak of the first vs the
 *     last third: flat means they match), the written trace's length (exactly the last 30 s).
 *  2. EVENTS (default 10M) events from one run, `--window 5s`: time, events seen, dropped, bytes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin', 'async-viz.js');
const dir = path.join(root, 'bench', 'run');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'av-bench-run-'));

const rssMb = (pid: number): number => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};

async function runCli(args: string[], env: Record<string, string>): Promise<{ ms: number; stdout: string; rss: number[] }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [cli, 'run', ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(rssMb(child.pid!)), 1000);
  await new Promise((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  return { ms: Date.now() - t0, stdout, rss };
}

const recorded = (stdout: string) => /recorded ([\d,]+) events \(([\d.]+) MB, ([\d,]+) dropped\)/.exec(stdout);

async function windowed(): Promise<void> {
  const seconds = Number(process.env.RUN_S || 120);
  const out = path.join(tmp, 'window.json');
  const r2 = await runCli(['--window', '30s', '--json', out, '--', 'node', 'steady.js'], { RUN_S: String(seconds), INTERVALS: '14' });
  const m = recorded(r2.stdout);
  const events = m ? Number(m[1].replace(/,/g, '')) : 0;
  const t = JSON.parse(readFileSync(out, 'utf8'));
  // One sample a second: those before the program's end are the recording; after, the end's build and writing.
  const during = r2.rss.slice(0, Math.max(1, seconds - 1));
  const third = Math.max(1, Math.floor(during.length / 3));
  const peak = (a: number[]) => Math.max(...a).toFixed(0);
  const mid = during.slice(third, -third);
  console.log(`--window 30s, ${seconds} s at ${(events / seconds / 1000).toFixed(1)}k events/s (${events.toLocaleString('en-US')} events, ${m?.[3]} dropped):`);
  console.log(`  CLI RSS while recording: peak ${peak(during)} MB; peak of the first third ${peak(during.slice(0, third))} MB, the middle third ${peak(mid.length ? mid : during)} MB, the last third ${peak(during.slice(-third))} MB`);
  console.log(`  CLI RSS at the end (building and writing the 30 s trace): peak ${peak(r2.rss)} MB`);
  console.log(`  written trace: ${t.meta.durationMs} ms, ${t.spans.length.toLocaleString('en-US')} spans`);
}

async function large(): Promise<void> {
  const events = Number(process.env.EVENTS || 10_000_000);
  const r = await runCli(['--window', '5s', '--json', path.join(tmp, 'large.json'), '--', 'node', 'flood.js'], { EVENTS: String(events) });
  const m = recorded(r.stdout);
  console.log(`${events.toLocaleString('en-US')} events asked: ${m?.[1]} recorded, ${m?.[3]} dropped, ${m?.[2]} MB of streams, ${(r.ms / 1000).toFixed(1)} s, CLI RSS peak ${Math.max(0, ...r.rss).toFixed(0)} MB`);
}

(async () => {
  try {
    if (process.env.ONLY !== 'large') await windowed();
    if (process.env.ONLY !== 'window') await large();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
})();
