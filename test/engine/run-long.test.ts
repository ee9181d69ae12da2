/**
 * A recording bigger than the CLI can build (`async-viz run` without --window): the trace is of
 * the latest part that fits (run/tail-read.ts), the CLI says so, and nothing crashes. First the
 * reader on stream files written here (several processes, a known count), then the real CLI with
 * a small heap on a program that makes 1.5M events; a cluster's workers, each a lane; an ES module TypeScript package under tsx; a bin through its symlink; the work folder a killed CLI and program leave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeWire } from '../../src/core/wire-codec';
import type { WireEvent } from '../../src/core/wire';
import type { Trace } from '../../src/core/trace';
import { CARRY } from '../../src/run/event-window';
import { streamsThatFit } from '../../src/run/tail-read';
import { consoleLines, ensureBuilt, fixture, root } from './helpers';

ensureBuilt();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'av-run-long-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** A process stream: its hello, then `n` callbacks 1 ms apart from `t0`, and a timer made first. */
function stream(pid: number, n: number, t0: number): WireEvent[] {
  const out: WireEvent[] = [{ k: 'hello', t: t0, tid: 0, pid, ppid: 1, nodeVersion: 'v20', argv: ['node', `${pid}.js`] }];
  out.push({ k: 'init', t: t0, tid: 0, id: 5, type: 'Timeout', trigger: 1, exec: 1 });
  for (let i = 0; i < n; i++) out.push({ k: 'before', t: t0 + 1 + i, tid: 0, id: 100 + i }, { k: 'after', t: t0 + 1.5 + i, tid: 0, id: 100 + i });
  return out;
}

test('streams that fit: under the limit every event as written; over it, the latest events of every process from one time on, the long-lived inits carried', () => {
  const dir = mkdtempSync(path.join(tmp, 'streams-'));
  const a = stream(10, 40_000, 1000), b = stream(11, 20_000, 21_000);
  appendFileSync(path.join(dir, '10.bin'), encodeWire(a));
  appendFileSync(path.join(dir, '11.bin'), encodeWire(b));

  const all = streamsThatFit(dir, 10, 1_000_000);
  assert.equal(all.from, -Infinity);
  assert.deepEqual(all.streams, [a, b]);
  assert.equal(all.total, a.length + b.length);

  const max = 30_000;
  const tail = streamsThatFit(dir, 10, max);
  assert.equal(tail.total, a.length + b.length, 'every event was read');
  assert.equal(tail.dropped, 0);
  assert.ok(Number.isFinite(tail.from) && tail.from > 21_000, `from ${tail.from}`);
  assert.equal(tail.to, Math.max(a[a.length - 1].t, b[b.length - 1].t));
  const kept = tail.streams.map((s) => s.filter((e) => e.k === 'before' || e.k === 'after'));
  const n = kept[0].length + kept[1].length;
  assert.ok(n <= max && n >= max - 2 * CARRY.chunkEvents, `kept ${n} of at most ${max}`);
  for (const [i, s] of [a, b].entries()) {
    const expected = s.filter((e) => (e.k === 'before' || e.k === 'after') && e.t >= tail.from);
    assert.deepEqual(kept[i], expected, `process ${i}: every event from ${tail.from} on`);
    assert.equal(tail.streams[i][0].k, 'hello', 'the lane is kept');
    assert.ok(tail.streams[i].some((e) => e.k === 'init' && e.type === 'Timeout'), 'the timer made before the window is carried');
  }
});

test('run without --window, more events than the CLI\'s heap can build: the latest part, said on the terminal, exit 0', () => {
  const out = path.join(tmp, 'flood.json');
  const r = spawnSync(process.execPath, ['--max-old-space-size=400', path.join(root, 'bin', 'async-viz.js'), 'run', '--json', out, '--', 'node', 'flood.js'], {
    cwd: fixture('run'), encoding: 'utf8', env: { ...process.env, CALLBACKS: '500000' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /callbacks 500003\n/, 'the program ran to its end');
  const recorded = Number(/recorded ([\d,]+) events/.exec(r.stdout)?.[1].replace(/,/g, ''));
  assert.ok(recorded >= 1_500_000, `every event counted: ${recorded}`);
  const m = /⚠ all of it is more than this process can build in memory: the trace holds the last ([\d.]+) (ms|s)\b/.exec(r.stdout);
  assert.ok(m, r.stdout);
  const t: Trace = JSON.parse(readFileSync(out, 'utf8'));
  const immediates = t.spans.filter((s) => s.kind === 'immediate').length;
  assert.ok(immediates > 100_000 && immediates < 500_000, `a part of the callbacks: ${immediates}`);
  assert.ok(consoleLines(t).includes('callbacks 500003'), 'the end of the run is in it');
  assert.equal(t.meta.exit.code, 0);
});

test('run -- node cluster.js: each of the cluster\'s workers is a lane of its own, with its awaits at their lines', () => {
  const out = path.join(tmp, 'cluster.json');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'async-viz.js'), 'run', '--json', out, '--', 'node', 'cluster.js'], { cwd: fixture('run'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /worker [01] done\nworker [01] done\nworkers done\n/);
  const t: Trace = JSON.parse(readFileSync(out, 'utf8'));
  const workers = t.lanes.filter((l) => l.kind === 'process');
  assert.equal(workers.length, 2, JSON.stringify(t.lanes.map((l) => l.label)));
  for (const w of workers) {
    assert.match(w.label, /cluster\.js/);
    const awaits = t.spans.filter((s) => s.lane === w.id && s.kind === 'await');
    assert.deepEqual(awaits.map((s) => [s.label, s.line]), [['sleep(20)', 10]], `worker lane ${w.label}`);
    assert.ok(t.spans.some((s) => s.lane === w.id && s.kind === 'timer' && s.delay === 20 && s.callerLine === 10), 'the sleep\'s timer, called from line 10');
  }
});

test('run -- npm start of an ES module TypeScript package under tsx: tsx\'s module hooks thread is no lane, and the awaits and the timer are at their .ts lines', () => {
  const out = path.join(tmp, 'esm-ts.json');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'async-viz.js'), 'run', '--json', out, '--', 'npm', 'start'], { cwd: fixture('run', 'esm-ts'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\nesm ts done\n/);
  const t: Trace = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(t.lanes.map((l) => l.kind), ['main'], JSON.stringify(t.lanes.map((l) => l.label)));
  assert.equal(path.basename(t.meta.file), 'main.ts');
  assert.deepEqual(t.spans.filter((s) => s.kind === 'await').map((s) => [s.label, s.line]), [['sleep(20)', 3]]);
  const timer = t.spans.find((s) => s.kind === 'timer');
  assert.deepEqual(timer && [timer.delay, timer.line, timer.callerLine], [20, 1, 3], 'the sleep\'s setTimeout at line 1, called from line 3');
  assert.ok(t.spans.some((s) => s.kind === 'script'), 'the module\'s top-level code is the script');
});

test('run -- npm run ts of a CommonJS package under tsx, its compile cache cold: one lane, the await at its .ts line (Node reads the file by URL for its exports, then tsx by path to run it)', () => {
  const out = path.join(tmp, 'cjs-ts.json');
  // A temp folder of its own: tsx's compile cache is empty, so tsx compiles with esbuild's sync
  // service, a worker thread of the tool's that must not show as the program's.
  const env = { ...process.env, TMPDIR: mkdtempSync(path.join(tmp, 'cold-')) };
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'async-viz.js'), 'run', '--json', out, '--', 'npm', 'run', 'ts'], { cwd: fixture('run', 'pkg'), encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\nts user 7\n/);
  const t: Trace = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(t.lanes.map((l) => l.kind), ['main'], JSON.stringify(t.lanes.map((l) => l.label)));
  assert.deepEqual(t.spans.filter((s) => s.kind === 'await').map((s) => [s.label, s.line]), [['wait(15)', 5]]);
});

test('a work folder left when the CLI and its program died at once (SIGKILL to both, the OOM killer: gigabytes of streams, for a busy server) is removed by the next recording; others\' folders are kept', async () => {
  const tmpdir = mkdtempSync(path.join(tmp, 'tmpdir-'));
  const env = { ...process.env, TMPDIR: tmpdir };
  const foreign = path.join(tmpdir, 'async-viz-not-ours');
  mkdirSync(foreign);
  const cli = spawn(process.execPath, [path.join(root, 'bin', 'async-viz.js'), 'run', '--', 'node', 'forever.cjs'], { cwd: fixture('engine'), env, stdio: 'ignore' });
  const works = () => readdirSync(tmpdir).filter((n) => n.startsWith('async-viz-run-'));
  const streamsOf = (n: string) => (existsSync(path.join(tmpdir, n, 'streams')) ? readdirSync(path.join(tmpdir, n, 'streams')) : []);
  for (let i = 0; i < 200 && !works().some((n) => streamsOf(n).length > 0); i++) await new Promise((r) => setTimeout(r, 50));
  const left = works();
  assert.equal(left.length, 1, 'the recording\'s work folder, with its streams');
  // The program's pid names its stream file; it leads its own process group. Both die in one
  // moment, so neither the CLI's clean-up nor the recorder's watchdog (which removes the folder
  // when only the CLI dies) has a chance.
  const pid = Number(streamsOf(left[0])[0].replace('.bin', ''));
  process.kill(-pid, 'SIGKILL');
  cli.kill('SIGKILL');
  await new Promise((r) => cli.on('close', r));
  assert.ok(existsSync(path.join(tmpdir, left[0])), 'left behind');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'async-viz.js'), 'run', '--', 'node', 'flood.js'], { cwd: fixture('run'), env: { ...env, CALLBACKS: '100' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!existsSync(path.join(tmpdir, left[0])), 'removed by the next recording');
  assert.ok(existsSync(foreign), 'a folder that names no owner is not ours to remove');
  assert.deepEqual(works(), [], 'the second recording removed its own at its end');
});

test('run -- node_modules/.bin/tsc: a CommonJS bin reached through its symlink runs as the real file (it requires its own files), as in a plain run', () => {
  const bin = path.join(root, 'node_modules', '.bin', 'tsc');
  const plain = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  assert.equal(plain.status, 0, plain.stderr);
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'async-viz.js'), 'run', '--quiet', '--', bin, '--version'], { cwd: tmp, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, plain.stdout);
});
