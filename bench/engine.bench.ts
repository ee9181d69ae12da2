/**
 * `npm run bench`: what recording costs. For each workload, the plain run and the recorded run
 * alternate in this one process (same machine state), several rounds, and the medians are
 * compared. Two ratios: the workload's own time (it prints WORK_MS; else the program's run, from
 * the end of start-up to exit: PROGRAM_MS of a plain run vs the trace's programMs) and the whole
 * run's wall time (the recorded one includes transpiling, the rewrite and the recorder's start-up).
 * Also the transport: events per second and bytes per event.
 */
import { spawnSync } from 'node:child_process';
import { statSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { transformSync } from 'esbuild';
import { writeFileSync, readFileSync } from 'node:fs';
import { runFile } from '../src/run/runner';
import { detectModuleFormat } from '../src/run/prepare';
import { summarize } from '../src/core/analysis';

const root = path.resolve(__dirname, '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `target`: a ratio recorded/plain not to exceed; `perUnit`: the extra ms per started thread/process not to exceed. */
interface Workload { name: string; file: string; target?: number; perUnit?: { n: number; what: string; targetMs: number } }
const workloads: Workload[] = [
  { name: '100k sequential awaits', file: 'bench/workloads/awaits-100k.mjs', target: 3 },
  { name: '10k timers in Promise.all', file: 'bench/workloads/timers-10k.mjs', target: 2 },
  { name: '2k fs reads', file: 'bench/workloads/fs-2k.mjs', target: 1.3 },
  { name: '300 files written+read (fs/promises)', file: 'bench/workloads/fs-300.mjs', target: 1.2 },
  { name: 'CPU loop', file: 'bench/workloads/cpu-loop.cjs', target: 1.2 },
  { name: '20 workers, one after another', file: 'bench/workloads/workers-20.mjs', perUnit: { n: 20, what: 'worker', targetMs: 5 } },
  { name: '10 child processes, one after another', file: 'bench/workloads/children-10.mjs', perUnit: { n: 10, what: 'child process', targetMs: 10 } },
  ...['examples/start-here.ts', ...listLessons()].map((f) => ({ name: `example ${path.basename(f)}`, file: f, target: 1.2 })),
];

/** Every lesson file that runs without a server: the lessons' own examples (examples/lessons.json). */
function listLessons(): string[] {
  const catalogue = path.join(root, 'examples', 'lessons.json');
  if (!existsSync(catalogue)) return [];
  const { lessons } = JSON.parse(readFileSync(catalogue, 'utf8')) as { lessons: { file: string; compare?: string[]; variants?: string[] }[] };
  const files = new Set(lessons.flatMap((l) => [l.file, ...(l.compare ?? []), ...(l.variants ?? [])]));
  return [...files].filter((f) => !f.includes('redis')).map((f) => path.join('examples', f));
}

/** Plain run: TypeScript goes through esbuild only, as a user would run it. */
function plain(file: string): { wallMs: number; workMs?: number } {
  let target = path.join(root, file);
  let tmp: string | undefined;
  if (target.endsWith('.ts')) {
    // In the module format Node would give the file, as the recorded run does.
    const source = readFileSync(target, 'utf8');
    const format = detectModuleFormat(target, source);
    tmp = path.join(path.dirname(target), `.bench-plain-${path.basename(target, '.ts')}.${format === 'esm' ? 'mjs' : 'cjs'}`);
    writeFileSync(tmp, transformSync(source, { loader: 'ts', format, target: 'node20' }).code);
    target = tmp;
  }
  const t0 = performance.now();
  const clock = path.join(root, 'bench', 'workloads', 'program-clock.cjs');
  const r = spawnSync(process.execPath, ['--require', clock, target], { cwd: path.dirname(target), encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const wallMs = performance.now() - t0;
  if (tmp) rmSync(tmp, { force: true });
  const m = /WORK_MS ([\d.]+)/.exec(r.stdout);
  const prog = /PROGRAM_MS ([\d.]+)/.exec(r.stderr);
  return { wallMs, workMs: m ? Number(m[1]) : prog ? Number(prog[1]) : undefined };
}

async function recorded(file: string): Promise<{ wallMs: number; workMs?: number; events: number; spans: number; dropped: number }> {
  const t0 = performance.now();
  const { trace } = await runFile({ file: path.join(root, file), timeoutMs: 120_000, maxEvents: 5_000_000 });
  const wallMs = performance.now() - t0;
  const out = trace.events.filter((e) => e.kind === 'console').map((e) => (e as { text: string }).text).join('\n');
  const m = /WORK_MS ([\d.]+)/.exec(out);
  // Without a WORK_MS line: the program's own run (from its first span, start-up left out).
  return { wallMs, workMs: m ? Number(m[1]) : summarize(trace).programMs, events: trace.events.length, spans: trace.spans.length, dropped: trace.meta.dropped };
}

/** Transport throughput: a snippet that makes ~1M recorder events, timed inside the recorded process. */
async function transport(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-viz-bench-'));
  const file = path.join(dir, 'events.mjs');
  // 330k timers fire in batches: each is init + before + after = ~1M events.
  writeFileSync(file, `const t0 = performance.now(); let n = 0;\nfor (let b = 0; b < 33; b++) await Promise.all(Array.from({ length: 10000 }, () => new Promise((r) => setTimeout(() => { n++; r(); }, 0))));\nconsole.log('WORK_MS', (performance.now() - t0).toFixed(1), n);\n`);
  const t0 = performance.now();
  const { trace } = await runFile({ file, timeoutMs: 120_000, maxEvents: 5_000_000 });
  const ms = performance.now() - t0;
  const wireEvents = trace.spans.length * 2 + trace.spans.filter((s) => s.kind !== 'await').length + trace.events.length;
  console.log(`\ntransport: ~${(wireEvents / 1e6).toFixed(2)}M recorder events in ${ms.toFixed(0)} ms end to end → ${Math.round(wireEvents / (ms / 1000)).toLocaleString('en-US')} events/s; dropped ${trace.meta.dropped}`);
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  console.log(`Async Viz engine benchmark · Node ${process.version} · ${os.cpus().length} cores · ${rounds} rounds, medians\n`);
  console.log('workload                              plain work  recorded work  ratio  target | plain wall  recorded wall  ratio | events  dropped');
  // BENCH_ONLY=regex runs only the workloads whose name matches.
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
  for (const w of workloads) {
    if (!existsSync(path.join(root, w.file)) || (only && !only.test(w.name))) continue;
    const p: { wallMs: number; workMs?: number }[] = [];
    const r: Awaited<ReturnType<typeof recorded>>[] = [];
    for (let i = 0; i < rounds; i++) {
      p.push(plain(w.file));
      r.push(await recorded(w.file));
    }
    const pw = median(p.map((x) => x.workMs ?? x.wallMs));
    const rw = median(r.map((x) => x.workMs ?? x.wallMs));
    const pWall = median(p.map((x) => x.wallMs));
    const rWall = median(r.map((x) => x.wallMs));
    const ratio = rw / pw;
    const extra = w.perUnit ? (rw - pw) / w.perUnit.n : 0;
    const flag = (w.target && ratio > w.target) || (w.perUnit && extra > w.perUnit.targetMs) ? ' ✗' : ' ✓';
    console.log(
      `${w.name.padEnd(36)} ${pw.toFixed(1).padStart(9)} ms ${rw.toFixed(1).padStart(11)} ms ${ratio.toFixed(2).padStart(6)}x ${(w.target ? `≤${w.target}x` : '').padStart(6)}${flag}| ${pWall.toFixed(0).padStart(7)} ms ${rWall.toFixed(0).padStart(10)} ms ${(rWall / pWall).toFixed(2).padStart(5)}x | ${String(r[0].spans + r[0].events).padStart(7)} ${String(r[0].dropped).padStart(6)}`,
    );
    if (w.perUnit) console.log(`${''.padEnd(36)} → ${extra.toFixed(1)} ms more per ${w.perUnit.what} recorded (target ≤ ${w.perUnit.targetMs} ms)`);
  }
  await transport();
  const dist = path.join(root, 'dist', 'recorder.js');
  if (existsSync(dist)) console.log(`recorder bundle: ${(statSync(dist).size / 1024).toFixed(0)} KiB`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
