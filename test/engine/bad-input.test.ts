/**
 * Bad input: every way a snippet can go wrong ends with a readable explanation and keeps the
 * partial trace; nothing is left running.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture, record, lineOf, consoleLines, alive, ensureBuilt, root } from './helpers';
import { SnippetSyntaxError } from '../../src/run/types';
import type { Trace } from '../../src/core/trace';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'async-viz-bad-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
/** The real CLI, with extra environment. */
const cli = (args: string[], env: Record<string, string> = {}) => {
  ensureBuilt();
  return spawnSync(process.execPath, [path.join(root, 'bin', 'async-viz.js'), ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
};

test('a syntax error points at its line and runs nothing', async () => {
  const file = fixture('engine', 'syntax-error.ts');
  await assert.rejects(record(file), (e: unknown) => {
    assert.ok(e instanceof SnippetSyntaxError);
    const line = lineOf(file, 'SYNTAX-LINE');
    assert.equal(e.line, line);
    assert.match(e.message, new RegExp(`syntax-error\\.ts:${line}:\\d+: `));
    return true;
  });
});

test('a throw at top level: error event at its line, output before it kept', async () => {
  const file = fixture('engine', 'throw-top.mjs');
  const { trace, outcome } = await record(file);
  assert.equal(outcome, 'failed');
  assert.deepEqual(consoleLines(trace, 'stdout'), ['before']);
  const err = trace.events.find((e) => e.kind === 'error');
  assert.ok(err && err.kind === 'error');
  assert.equal(err.message, 'top-level boom');
  assert.equal(err.line, lineOf(file, 'THROW-LINE'));
  assert.match(trace.meta.exit.error ?? '', /Uncaught exception at line \d+: top-level boom/);
  assert.equal(trace.meta.exit.code, 1);
});

test('a throw in a timer: the timer span and the error are recorded', async () => {
  const file = fixture('engine', 'throw-timer.cjs');
  const { trace, outcome } = await record(file);
  assert.equal(outcome, 'failed');
  const err = trace.events.find((e) => e.kind === 'error');
  assert.ok(err && err.kind === 'error' && err.message === 'timer boom');
  assert.equal(err.line, lineOf(file, 'THROW-LINE'));
  assert.ok(trace.spans.some((s) => s.kind === 'timer'), 'the timer ran');
});

test('an unhandled rejection is reported with its line', async () => {
  const file = fixture('engine', 'unhandled.mjs');
  const { trace, outcome } = await record(file);
  assert.equal(outcome, 'failed');
  const ev = trace.events.find((e) => e.kind === 'unhandledRejection');
  assert.ok(ev && ev.kind === 'unhandledRejection');
  assert.equal(ev.message, 'no one catches me');
  assert.equal(ev.line, lineOf(file, 'THROW-LINE'));
  assert.match(trace.meta.exit.error ?? '', /Unhandled promise rejection/);
});

test('process.exit(3) mid-run: explicit exit event, later timers never run', async () => {
  const file = fixture('engine', 'exit-mid.cjs');
  const { trace, outcome } = await record(file);
  assert.equal(outcome, 'failed');
  assert.equal(trace.meta.exit.code, 3);
  assert.deepEqual(consoleLines(trace, 'stdout'), ['one', 'two']);
  const exit = trace.events.find((e) => e.kind === 'exit' && e.explicit);
  assert.ok(exit && exit.kind === 'exit' && exit.code === 3);
  assert.match(trace.meta.exit.error ?? '', /process\.exit\(3\)/);
});

test('while (true): time-out, the stall is reported at its line, nothing is left running', async () => {
  const file = fixture('engine', 'forever.cjs');
  const { trace, outcome } = await record(file, { timeoutMs: 2500 });
  assert.equal(outcome, 'timeout');
  assert.ok(trace.meta.exit.timedOut);
  assert.deepEqual(consoleLines(trace, 'stdout'), ['before the loop', 'entering the loop']);
  const stall = trace.events.find((e) => e.kind === 'stall');
  assert.ok(stall && stall.kind === 'stall', 'a stall event');
  assert.equal(stall.line, lineOf(file, 'STUCK-LINE'));
  const open = trace.spans.find((s) => s.kind === 'timer' && s.open);
  assert.ok(open, 'the stuck timer callback is an open span');
  assert.match(trace.meta.exit.error ?? '', /Timed out after 2\.5 s.*stuck/);
  assert.equal(alive(trace.lanes[0].pid), false, 'the process is gone');
});

test('an endless setImmediate chain hits the event budget and says so', async () => {
  const { trace, outcome } = await record(fixture('engine', 'immediate-chain.cjs'), { maxEvents: 20_000, timeoutMs: 8000 });
  assert.notEqual(outcome, 'ok');
  assert.equal(trace.meta.truncated, true);
  assert.ok(trace.meta.truncatedAtMs! > 0);
  assert.ok(trace.spans.filter((s) => s.kind === 'immediate').length > 1000, 'the immediates up to the budget are kept');
  assert.match(trace.meta.exit.error ?? '', /event budget/);
  assert.equal(trace.meta.exit.timedOut, false, 'stopped by the budget, not the time-out');
});

test('10 MB of console output is capped, and the run still completes', async () => {
  const { trace, outcome } = await record(fixture('engine', 'flood.cjs'), { maxOutputBytes: 256 * 1024 });
  assert.equal(outcome, 'ok');
  const kept = trace.events.filter((e) => e.kind === 'console').reduce((n, e) => n + (e as { text: string }).text.length, 0);
  assert.ok(kept <= 300 * 1024, `kept ${kept} bytes`);
  assert.ok((trace.meta.outputDroppedBytes ?? 0) > 9 * 1024 * 1024, `reported the cut: ${trace.meta.outputDroppedBytes}`);
});

test('reading stdin gets end of file instead of hanging', async () => {
  const { trace, outcome } = await record(fixture('engine', 'stdin.cjs'), { timeoutMs: 5000 });
  assert.equal(outcome, 'ok');
  assert.deepEqual(consoleLines(trace, 'stdout'), ['stdin ended with 0 bytes']);
});

test('importing a package that is not installed says which and how to install it', async () => {
  const { trace, outcome } = await record(fixture('engine', 'missing-package.mjs'));
  assert.equal(outcome, 'failed');
  assert.match(trace.meta.exit.error ?? '', /surely-not-installed-package-xyz.*npm install surely-not-installed-package-xyz/);
});

test('a child process that never ends is killed with the group', async () => {
  const { trace, outcome } = await record(fixture('engine', 'child-forever.cjs'), { timeoutMs: 1500 });
  assert.equal(outcome, 'timeout');
  const pid = Number(/child pid (\d+)/.exec(consoleLines(trace).join('\n'))?.[1]);
  assert.ok(pid > 0);
  assert.equal(alive(pid), false, 'the child is gone');
});

test('a detached child that outlives the program is killed too', async () => {
  const { trace, outcome } = await record(fixture('engine', 'detached-child.cjs'));
  assert.equal(outcome, 'ok');
  const pid = Number(/child pid (\d+)/.exec(consoleLines(trace).join('\n'))?.[1]);
  assert.ok(pid > 0);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(alive(pid), false, 'the detached sleep is gone');
});

test('cancel kills the run and keeps the partial trace', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 700);
  const { trace, outcome } = await record(fixture('engine', 'forever.cjs'), { signal: ac.signal, timeoutMs: 8000 });
  assert.equal(outcome, 'cancelled');
  assert.equal(trace.meta.exit.cancelled, true);
  assert.ok(consoleLines(trace).includes('entering the loop'));
});

test('while (true) killed at the time-out: the stuck callback blocks until the kill, not until the stall report', async () => {
  const file = fixture('engine', 'forever.cjs');
  const { trace } = await record(file, { timeoutMs: 2000 });
  const stall = trace.events.find((e) => e.kind === 'stall');
  assert.ok(stall && stall.kind === 'stall');
  const stretch = trace.blocked.find((b) => b.line === lineOf(file, 'STUCK-LINE'));
  assert.ok(stretch, 'a blocked stretch at the stuck line');
  assert.ok(stretch.end > stall.t + 500, `the stretch (to ${stretch.end} ms) goes on past the stall report (${stall.t} ms)`);
  assert.equal(stretch.end, trace.meta.durationMs, 'it lasts until the kill, where the trace ends');
  assert.ok(trace.meta.durationMs > 1800, `the trace ends at the kill, ${trace.meta.durationMs} ms`);
  assert.match(trace.meta.exit.error ?? '', /stuck in one callback at line \d+ from \d+\.\d s until it was killed/);
});

test('running out of heap says so, with the heap limit and the line, and the trace covers the whole run', () => {
  const file = fixture('engine', 'oom.cjs');
  const json = path.join(tmp, 'oom.json');
  const r = cli([file, '--json', json], { NODE_OPTIONS: '--max-old-space-size=64' });
  assert.equal(r.status, 1, r.stderr);
  const trace = JSON.parse(readFileSync(json, 'utf8')) as Trace;
  const error = trace.meta.exit.error ?? '';
  assert.match(error, new RegExp(`^Ran out of memory at line ${lineOf(file, 'OOM-LINE')}: the JavaScript heap reached its limit of [\\d,]+ MB`));
  assert.doesNotMatch(error, /^The program was killed/);
  const stall = trace.events.find((e) => e.kind === 'stall');
  const stretch = trace.blocked[trace.blocked.length - 1];
  assert.ok(stretch && stretch.end === trace.meta.durationMs, 'the filling loop blocks to the end of the trace');
  assert.ok(!stall || trace.meta.durationMs >= stall.t, 'the trace goes on to the abort');
});

test('a directory as the file: a usage sentence and exit 2, no stack', () => {
  const dir = path.join(tmp, 'd.js');
  mkdirSync(dir, { recursive: true });
  const r = cli([dir]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^async-viz: .*d\.js is a directory, not a file/);
  assert.doesNotMatch(r.stderr, /EISDIR|\n\s+at /);
});

test("the program's control characters reach the terminal escaped", () => {
  const r = cli([fixture('engine', 'control-chars.cjs')]);
  assert.equal(r.status, 1);
  assert.ok(!r.stdout.includes('\x1b'), 'no raw escape character in the summary');
  assert.ok(r.stdout.includes('\\x1b[1A\\x1b[2Kall good'), r.stdout);
  assert.match(r.stdout, /⚠ Uncaught exception at line 2/, 'the warning line is still there');
});

test('Promise.reject(null) is named plainly, without Node boilerplate', async () => {
  const { trace } = await record(fixture('engine', 'reject-null.cjs'));
  assert.equal(trace.meta.exit.error, 'Unhandled promise rejection: a promise was rejected with null (not an Error), and nothing awaited or .catch()-ed it.');
});

test('an async hook of the program that throws is named as such, not as process.exit(1)', async () => {
  const { trace, outcome } = await record(fixture('engine', 'hook-throws.cjs'));
  assert.equal(outcome, 'failed');
  assert.equal(trace.meta.exit.code, 1);
  assert.match(trace.meta.exit.error ?? '', /^An async_hooks callback of the program threw \(Error: hook boom\): Node treats an error in an async hook as fatal/);
});

test("process.exit(1) then process.exit(0) in an 'exit' handler: exit 0, and no error sentence", async () => {
  const { trace, outcome } = await record(fixture('engine', 'exit-in-exit-handler.cjs'));
  assert.equal(trace.meta.exit.code, 0);
  assert.equal(outcome, 'ok');
  assert.equal(trace.meta.exit.error, undefined);
});

test('a named worker is labelled with its name', async () => {
  const { trace } = await record(fixture('engine', 'named-worker.cjs'));
  const worker = trace.lanes.find((l) => l.kind === 'worker');
  assert.ok(worker);
  assert.match(worker.label, /^worker #\d+ resizer$/);
});

test('many process lanes are grouped on one summary line', () => {
  const r = cli([fixture('engine', 'many-processes.cjs')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const lanes = /^ {2}lanes: (.*)$/m.exec(r.stdout)?.[1] ?? '';
  assert.match(lanes, /^main · 10 processes \(\[eval\] ×10\)$|^main · 10 processes/, lanes);
  assert.ok(!/process \d+/.test(lanes), `no single process listed: ${lanes}`);
});

test('a top-level await that never resumes says so, at its line', async () => {
  const file = fixture('engine', 'tla-forever.mjs');
  const { trace, outcome } = await record(file);
  assert.equal(outcome, 'failed');
  assert.equal(trace.meta.exit.code, 13);
  assert.equal(trace.meta.exit.error, `The await at line ${lineOf(file, 'TLA-LINE')} never resumed: nothing was left that could resolve it (no timer, no I/O, no other work), so Node ended the program with exit code 13.`);
});
