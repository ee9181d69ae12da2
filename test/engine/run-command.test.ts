/**
 * `async-viz run -- <command>` with real processes: a package's npm script (npm → sh → node, the
 * launcher folded, the user's files with their awaits and lines), a server under load stopped
 * with SIGINT (every request kept), --on-block (the window of a 300 ms block), --window (only the
 * window), SIGUSR2 (a snapshot while the recording goes on).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, fixture, root } from './helpers';
import type { Trace } from '../../src/core/trace';
import { loadTrace } from '../../src/run/trace-files';
import { columnar } from '../../src/core/columns/table';

ensureBuilt();
const cli = path.join(root, 'bin', 'async-viz.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'av-run-test-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const readTrace = (f: string): Trace => JSON.parse(readFileSync(f, 'utf8'));

test('run -- npm run start: the node process under npm, with the awaits and lines of both user files', () => {
  const out = path.join(tmp, 'npm.json');
  const r = spawnSync(process.execPath, [cli, 'run', '--json', out, '--', 'npm', 'run', 'start'], { cwd: fixture('run', 'pkg'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // The program's own output, as in a plain run, after npm's banner.
  assert.match(r.stdout, /> node server\.js[\s\S]*\nuser 1\n/);
  assert.match(r.stdout, /via npm \(pid \d+\) \(folded\)/);
  const t = readTrace(out);
  assert.equal(path.basename(t.meta.file), 'server.js');
  assert.deepEqual(t.lanes.map((l) => l.kind), ['main'], 'npm is folded: one lane, the server process');
  const pkg = fixture('run', 'pkg');
  const calls = t.asyncCalls.map((c) => [c.name, c.line, c.file && path.relative(pkg, c.file)]);
  assert.deepEqual(calls, [['main', 2, 'server.js'], ['fetchUser', 2, 'lib.js']]);
  const awaits = t.spans.filter((s) => s.kind === 'await').map((s) => [s.label, s.line, s.file && path.relative(pkg, s.file)]);
  assert.deepEqual(awaits.sort(), [['fetchUser(1)', 3, 'server.js'], ['sleep(20)', 3, 'lib.js']]);
  // The timer sleep() started, at its line in lib.js, called from fetchUser's line.
  const timer = t.spans.find((s) => s.kind === 'timer');
  assert.deepEqual(timer && [timer.file && path.relative(pkg, timer.file), timer.line, timer.callerLine, timer.delay], ['lib.js', 1, 3, 20]);
});

test('run -- node server.js under load, stopped with SIGINT, keeps every request', async () => {
  const out = path.join(tmp, 'server.json');
  const child = spawn(process.execPath, [cli, 'run', '--json', out, '--', 'node', fixture('run', 'server.js')], { cwd: fixture('run'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no port: ${stdout}`)), 20_000);
    child.stdout.on('data', () => {
      const m = /listening (\d+)/.exec(stdout);
      if (!m) return;
      clearTimeout(t);
      resolve(Number(m[1]));
    });
  });
  const get = (i: number) => new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: `/r${i}`, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => resolve(body));
    }).on('error', reject);
  });
  const N = 300;
  for (let i = 0; i < N; i += 20) {
    const bodies = await Promise.all(Array.from({ length: 20 }, (_, k) => get(i + k)));
    assert.ok(bodies.every((b) => b.startsWith('ok /r')));
  }
  const code = await new Promise<number | null>((resolve) => {
    child.on('close', resolve);
    child.kill('SIGINT');
  });
  assert.equal(code, 130);
  const t = readTrace(out);
  assert.equal(t.meta.exit.stoppedBy, 'SIGINT');
  assert.match(t.meta.exit.error ?? '', /^Stopped by Ctrl\+C after .*every process it started were killed/, 'the same sentence as a single file\'s run');
  const handled = t.asyncCalls.filter((c) => c.name === 'handle');
  assert.equal(handled.length, N, 'every request has its handle() call');
  assert.equal(handled.filter((c) => c.end !== undefined).length, N, 'and each ended');
  assert.equal(t.meta.dropped, 0);
});

test('--on-block keeps the window around an injected 300 ms block, and lists it', () => {
  const out = path.join(tmp, 'block.json');
  const r = spawnSync(process.execPath, [cli, 'run', '--on-block', '200', '--block-context', '400ms', '--json', out, '--', 'node', fixture('run', 'block.js')], { cwd: fixture('run'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /blocks of 200 ms or more: 1 window\(s\) kept/);
  assert.match(r.stdout, /block 1: (29\d|3\d\d) ms \(pid \d+\) → .*block\.block-1\.json/);
  const w = readTrace(path.join(tmp, 'block.block-1.json'));
  // 400 ms before, the block, 400 ms after: about 1.1 s, nothing from outside it.
  assert.ok(w.meta.durationMs >= 1000 && w.meta.durationMs <= 1200, `window lasts ${w.meta.durationMs} ms`);
  const block = w.blocked.find((b) => b.durationMs >= 290);
  assert.ok(block, 'the block is in its window');
  assert.ok(block.start >= 350 && block.start <= 450, `it starts ${block.start} ms into the window`);
  const ticks = w.spans.filter((s) => s.kind === 'timer' && s.start < block.start);
  assert.ok(ticks.length >= 20, `the ticks that led to it are kept (${ticks.length})`);
  assert.ok(w.spans.every((s) => s.start >= 0 && s.start <= w.meta.durationMs));
  const whole = readTrace(out);
  assert.ok(whole.meta.durationMs > 1500, 'the main trace is the whole run');
});

test('--window 1s keeps exactly the last second (the .avtrace holds the same trace as the JSON)', async () => {
  const out = path.join(tmp, 'window.json');
  const av = path.join(tmp, 'window.avtrace');
  const r = spawnSync(process.execPath, [cli, 'run', '--window', '1s', '--json', out, '--avtrace', av, '--', 'node', fixture('run', 'ticker.js')], { cwd: fixture('run'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const t = readTrace(out);
  const fromAv = (await loadTrace(av)).trace;
  assert.equal(fromAv.meta.durationMs, t.meta.durationMs, 'the .avtrace has the same duration');
  assert.equal(columnar(fromAv).spans.n, t.spans.length, 'and the same spans');
  assert.ok(t.meta.durationMs <= 1000 && t.meta.durationMs >= 990, `window lasts ${t.meta.durationMs} ms`);
  const timers = t.spans.filter((s) => s.kind === 'timer');
  // A tick every 5 ms (about 5.x on a busy machine): about 150-200 in a second, not the 600 of the run.
  assert.ok(timers.length > 100 && timers.length < 260, `${timers.length} timer runs`);
  assert.ok(t.spans.every((s) => s.start >= 0));
  assert.ok(!t.spans.some((s) => s.kind === 'script'), 'the script ran 2 s before the window');
});

test('kill -USR2 writes a snapshot of the window while the recording goes on', async () => {
  const out = path.join(tmp, 'usr2.json');
  const child = spawn(process.execPath, [cli, 'run', '--window', '10s', '--json', out, '--', 'node', fixture('run', 'ticker.js')], { cwd: fixture('run'), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUN_MS: '2500' } });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('started') && resolve()));
  await new Promise((r) => setTimeout(r, 800));
  const snap = path.join(tmp, 'usr2.snapshot-1.json');
  child.kill('SIGUSR2');
  const until = Date.now() + 10_000;
  while (!existsSync(snap) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  assert.ok(existsSync(snap), 'the snapshot was written');
  assert.equal(child.exitCode, null, 'the recording goes on');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  const s = readTrace(snap);
  const t = readTrace(out);
  assert.ok(s.meta.durationMs >= 500 && s.meta.durationMs < t.meta.durationMs - 500, `snapshot ${s.meta.durationMs} ms, whole ${t.meta.durationMs} ms`);
  assert.ok(s.spans.filter((x) => x.kind === 'timer').length > 50);
});
