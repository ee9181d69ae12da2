/**
 * `npm run bench:fidelity`: does a comparison recorded tell what plain Node says? For every
 * lesson pair (examples/lessons.json `compare`) and the pairs in bench/fidelity/, each side runs
 * plain and recorded, alternating in this one process, BENCH_ROUNDS rounds; the program time of
 * each run (plain: from the end of Node's start-up to exit, bench/workloads/program-clock.cjs;
 * recorded: the trace's programMs) gives the ratio slower/faster side per round, and the medians
 * of those ratios are compared: same winner, and the recorded ratio within ±10 % of the plain one.
 *   FIDELITY_ONLY=regex runs only the pairs whose name matches.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { runFile } from '../src/run/runner';
import { detectModuleFormat } from '../src/run/prepare';
import { summarize } from '../src/core/analysis';

const root = path.resolve(__dirname, '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const TOLERANCE = 0.1;
/** Within this of 1 a ratio names no winner (the two sides are as fast). */
const TIE = 0.03;
const winner = (ratio: number): 'A' | 'B' | 'tie' => (ratio > 1 + TIE ? 'B' : ratio < 1 - TIE ? 'A' : 'tie');

interface Pair { name: string; a: string; b: string }

function lessonPairs(): Pair[] {
  const { lessons } = JSON.parse(readFileSync(path.join(root, 'examples', 'lessons.json'), 'utf8')) as { lessons: { id: number; compare?: string[] }[] };
  return lessons.filter((l) => l.compare?.length === 2).map((l) => ({ name: `lesson ${l.id}: ${path.basename(l.compare![0])} vs ${path.basename(l.compare![1])}`, a: `examples/${l.compare![0]}`, b: `examples/${l.compare![1]}` }));
}

const own: Pair[] = [
  { name: 'CPU: main thread vs 2 workers', a: 'bench/fidelity/cpu-main.mjs', b: 'bench/fidelity/cpu-workers.mjs' },
  { name: 'CPU: main thread vs 2 forked children', a: 'bench/fidelity/cpu-main.mjs', b: 'bench/fidelity/cpu-children.mjs' },
  { name: 'HTTP: 12 requests in sequence vs at once', a: 'bench/fidelity/http-seq.mjs', b: 'bench/fidelity/http-par.mjs' },
  { name: 'fs: 400 files sync vs fs/promises', a: 'bench/fidelity/fs-sync.mjs', b: 'bench/fidelity/fs-async.mjs' },
  { name: 'awaits: 20 sleeps in sequence vs Promise.all', a: 'bench/fidelity/awaits-seq.mjs', b: 'bench/fidelity/awaits-par.mjs' },
];

/** Program time of a plain run (TypeScript through esbuild alone, next to the file, as a user would run it). */
function plain(file: string): number {
  let target = path.join(root, file);
  let tmp: string | undefined;
  if (/\.[mc]?ts$/.test(target)) {
    const source = readFileSync(target, 'utf8');
    const format = detectModuleFormat(target, source);
    tmp = path.join(path.dirname(target), `.fidelity-plain-${path.basename(target).replace(/\.[^.]+$/, '')}.${format === 'esm' ? 'mjs' : 'cjs'}`);
    writeFileSync(tmp, transformSync(source, { loader: 'ts', format, target: 'node20' }).code);
    target = tmp;
  }
  const clock = path.join(root, 'bench', 'workloads', 'program-clock.cjs');
  try {
    const r = spawnSync(process.execPath, ['--require', clock, target], { cwd: path.dirname(target), encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    const m = /PROGRAM_MS ([\d.]+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`${file} failed plainly: ${r.stderr.slice(-500)}`);
    return Number(m[1]);
  } finally {
    if (tmp) rmSync(tmp, { force: true });
  }
}

async function recorded(file: string): Promise<number> {
  const { trace, outcome } = await runFile({ file: path.join(root, file), timeoutMs: 60_000, maxEvents: 5_000_000 });
  if (outcome !== 'ok') throw new Error(`${file} recorded: ${outcome} ${trace.meta.exit.error ?? ''}`);
  return summarize(trace).programMs;
}

/** Runs that failed (a lesson's local server refusing a connection on a loaded machine) are repeated, up to twice, and reported. */
const repeated: string[] = [];
async function again<T>(what: string, run: () => T | Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt === 3) throw e;
      repeated.push(`${what}: ${String((e as Error).message).split('\n').find((l) => /Error|ECONN|failed/.test(l))?.trim() ?? 'failed'}`);
    }
  }
}

async function main(): Promise<void> {
  const only = process.env.FIDELITY_ONLY ? new RegExp(process.env.FIDELITY_ONLY) : undefined;
  const pairs = [...lessonPairs(), ...own].filter((p) => existsSync(path.join(root, p.a)) && existsSync(path.join(root, p.b)) && (!only || only.test(p.name)));
  console.log(`Async Viz fidelity benchmark · Node ${process.version} · ${os.cpus().length} cores · load ${os.loadavg()[0].toFixed(1)} · ${rounds} rounds, medians\n`);
  console.log('| pair | plain A / B (ms) | plain ratio | recorded A / B (ms) | recorded ratio | deviation | same winner |');
  console.log('|---|---|---|---|---|---|---|');
  let misses = 0;
  for (const p of pairs) {
    const rows: { pa: number; pb: number; ra: number; rb: number }[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate which side goes first, so drift of the machine hits both alike.
      const first = i % 2 === 0 ? p.a : p.b;
      const second = first === p.a ? p.b : p.a;
      const pf = await again(`${first} plain`, () => plain(first));
      const ps = await again(`${second} plain`, () => plain(second));
      const rf = await again(`${first} recorded`, () => recorded(first));
      const rs = await again(`${second} recorded`, () => recorded(second));
      rows.push(first === p.a ? { pa: pf, pb: ps, ra: rf, rb: rs } : { pa: ps, pb: pf, ra: rs, rb: rf });
    }
    const plainRatio = median(rows.map((r) => r.pa / r.pb));
    const recRatio = median(rows.map((r) => r.ra / r.rb));
    const deviation = recRatio / plainRatio - 1;
    // The same side faster (or both a tie); a tie on one side only counts when the ratios agree anyway.
    const same = winner(plainRatio) === winner(recRatio) || ((winner(plainRatio) === 'tie' || winner(recRatio) === 'tie') && Math.abs(recRatio / plainRatio - 1) <= TOLERANCE);
    const ok = same && Math.abs(deviation) <= TOLERANCE;
    if (!ok) misses++;
    const ms = (xs: number[]) => median(xs).toFixed(0);
    console.log(
      `| ${p.name} | ${ms(rows.map((r) => r.pa))} / ${ms(rows.map((r) => r.pb))} | ${plainRatio.toFixed(2)}x | ${ms(rows.map((r) => r.ra))} / ${ms(rows.map((r) => r.rb))} | ${recRatio.toFixed(2)}x | ${deviation >= 0 ? '+' : ''}${(deviation * 100).toFixed(1)} % ${ok ? '✓' : '✗'} | ${same ? 'yes' : 'NO'} |`,
    );
  }
  for (const r of repeated) console.log(`repeated a failed run: ${r}`);
  console.log(`\n${pairs.length - misses} of ${pairs.length} pairs within ±${TOLERANCE * 100} % with the same winner (ratio = program time of A / program time of B; within ±${TIE * 100} % of 1 is a tie).`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
