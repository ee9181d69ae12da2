/**
 * The recorded run is the plain run: each program here runs under plain `node` and recorded, and
 * its stdout, stderr and exit code must be the same (test/fixtures/transparency: the issue's
 * repros r01-r12, stack traces, and programs in the spirit of Node's documentation examples).
 * The trace must hold the program's work and none of the tool's: no resource of unknown type, no
 * span before a lane's script, a script span on every lane.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { fixture, lineOf, record } from './helpers';
import { detectModuleFormat } from '../../src/run/prepare';
import type { Trace } from '../../src/core/trace';

interface Run { stdout: string; stderr: string; code: number | null }

/** Plain node on the file (TypeScript: esbuild's output next to it, as a user would run it). */
function plain(file: string, args: string[] = []): Run {
  let target = file;
  if (/\.[mc]?ts$/.test(file)) {
    const source = readFileSync(file, 'utf8');
    const format = detectModuleFormat(file, source);
    target = path.join(path.dirname(file), `.plain-${path.basename(file).replace(/\.[mc]?ts$/, format === 'esm' ? '.mjs' : '.cjs')}`);
    writeFileSync(target, transformSync(source, { loader: 'ts', format, target: 'node20' }).code);
  }
  try {
    const r = spawnSync(process.execPath, [target, ...args], { cwd: path.dirname(file), encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } });
    return { stdout: r.stdout, stderr: r.stderr, code: r.status };
  } finally {
    if (target !== file) rmSync(target, { force: true });
  }
}

/** The recorded run: the process's own stdout/stderr as the runner received them, and the trace. */
async function recorded(file: string, timeoutMs = 20_000): Promise<Run & { trace: Trace }> {
  let stdout = '';
  let stderr = '';
  const { trace } = await record(file, { timeoutMs, onOutput: (s, t) => (s === 'stdout' ? (stdout += t) : (stderr += t)) });
  return { stdout, stderr, code: trace.meta.exit.code, trace };
}

const pids = (s: string) => s.replace(/\(node:\d+\)/g, '(node:PID)');
const sorted = (s: string) => s.split('\n').sort().join('\n');

/** Runs `file` both ways and asserts the same stdout, stderr and exit code; returns the recorded run. */
async function same(file: string, o: { unordered?: boolean } = {}): Promise<Run & { trace: Trace }> {
  const p = plain(file);
  const r = await recorded(file);
  const name = path.basename(file);
  const out = o.unordered ? sorted : (s: string) => s;
  assert.equal(out(r.stdout), out(p.stdout), `${name}: stdout`);
  assert.equal(pids(r.stderr), pids(p.stderr), `${name}: stderr`);
  assert.equal(r.code, p.code, `${name}: exit code`);
  // The trace's output is the program's output (all lanes whose output goes where the program's does).
  const traced = r.trace.events.filter((e) => e.kind === 'console' && e.stream === 'stdout').map((e) => (e as { text: string }).text + '\n').join('');
  assert.equal(out(traced), out(p.stdout), `${name}: the trace's stdout`);
  return r;
}

/** No machinery as the program's work, and every lane's code visible. */
function clean(trace: Trace, name: string): void {
  for (const s of trace.spans) assert.ok(!(s.kind === 'io' && /^(unknown|OBJECT)$/.test(s.label)), `${name}: a span of an unknown resource on lane ${s.lane}`);
  for (const lane of trace.lanes) {
    const scripts = trace.spans.filter((s) => s.lane === lane.id && s.kind === 'script');
    assert.ok(scripts.length > 0, `${name}: lane ${lane.label} has its script span`);
    const before = trace.spans.filter((s) => s.lane === lane.id && s.start < scripts[0].start);
    assert.deepEqual(before.map((s) => s.label), [], `${name}: nothing on ${lane.label} before its script (Node's loader, the recorder's start-up)`);
  }
}

const T = (...p: string[]) => fixture('transparency', ...p);

test('r01: a handled uncaught exception is no error (exit 0, no meta.exit.error)', async () => {
  const r = await same(T('r01-handled-uncaught.js'));
  assert.equal(r.trace.meta.exit.error, undefined);
  assert.ok(!r.trace.events.some((e) => e.kind === 'error'));
  assert.ok(r.trace.events.some((e) => e.kind === 'emit' && e.name === 'uncaughtException' && e.listeners === 1), 'the handler running is the program\'s event');
});

test('r02: a worker that throws exits with code 1; handled, it does not fail the run', async () => {
  const r = await same(T('r02-worker-exit-code.js'));
  assert.match(r.stdout, /worker exit code 1/);
  assert.equal(r.trace.meta.exit.error, undefined);
  const worker = r.trace.lanes.find((l) => l.kind === 'worker')!;
  assert.ok(r.trace.events.some((e) => e.kind === 'error' && e.lane === worker.id && e.message === 'foo'), 'the worker\'s own error, on its lane');
});

test('r03: the first worker has threadId 1, one worker event, and its lane says worker #1', async () => {
  const r = await same(T('r03-thread-ids.js'));
  assert.equal(r.stdout, 'mine 1\nworker event 1\n');
  assert.deepEqual(r.trace.lanes.filter((l) => l.kind === 'worker').map((l) => [l.threadId, l.label]), [[1, 'worker #1 ([eval])']]);
});

test('r04: output written with fs.writeSync to fd 1 and 2 is in the trace', async () => {
  const r = await same(T('r04-write-sync.js'));
  const texts = r.trace.events.filter((e) => e.kind === 'console').map((e) => `${(e as { stream: string }).stream}:${(e as { text: string }).text}`);
  assert.deepEqual(texts, ['stdout:two', 'stderr:to stderr']);
});

test("r05: the program's async hooks see only its own resources", async () => {
  const r = await same(T('r05-own-hooks.js'));
  assert.equal(r.stdout, 'Immediate,destroy\n');
});

test("r06: a child's stdout piped to its parent is not the program's output", async () => {
  const r = await same(T('r06-piped-child.js'));
  assert.equal(r.stdout, '');
  assert.equal(r.trace.lanes.filter((l) => l.kind === 'process').length, 1, 'the child still has its lane');
  assert.ok(!r.trace.events.some((e) => e.kind === 'console'));
});

test('r11: a stack trace names the file at its own line and column', async () => {
  const r = await same(T('r11-stack-position.js'));
  assert.match(r.stdout, /r11-stack-position\.js:6:13\)/);
});

test('r12: deleting globalThis.process changes nothing', async () => {
  const r = await same(T('r12-no-process.js'));
  assert.equal(r.stdout, 't\n');
});

test('stacks: caught and uncaught errors, CommonJS and ES modules, print as plainly (marked lines too)', async () => {
  for (const f of ['stack-uncaught.cjs', 'stack-esm.mjs', 'stack-sites.cjs', 'stack-sites.mjs']) {
    const r = await same(T(f));
    assert.notEqual(r.code, 0);
    const err = r.trace.events.find((e) => e.kind === 'error');
    assert.ok(err && err.kind === 'error' && err.line !== undefined, `${f}: the trace's error names its line`);
    assert.match(r.trace.meta.exit.error ?? '', new RegExp(`line ${err.line}`));
  }
});

test('stacks: TypeScript frames name the .ts file at its TypeScript lines and columns', async () => {
  const file = T('stack-ts.ts');
  const r = await recorded(file);
  const source = readFileSync(file, 'utf8').split('\n');
  const at = (marker: string, token: string) => `${lineOf(file, marker)}:${source[lineOf(file, marker) - 1].indexOf(token) + 1}`;
  assert.match(r.stdout, new RegExp(`at fetchItem \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${at('THROW-HERE', 'new Error')}\\)`));
  assert.match(r.stdout, new RegExp(`at async main \\(.*stack-ts\\.ts:${at('AWAIT-HERE', 'await')}\\)`));
  assert.doesNotMatch(r.stdout, /async-viz-|\.prepared\./, 'no path of the run folder');
});

const programs = readdirSync(T('programs')).sort();
for (const name of programs) {
  test(`a documentation-style program runs as plainly: ${name}`, async () => {
    const r = await same(T('programs', name), { unordered: /worker|child|als/.test(name) });
    clean(r.trace, name);
    assert.equal(r.trace.meta.exit.timedOut, false);
  });
}

test('every kind of worker runs visibly: .mjs, .cjs, .js files, a data: URL, eval', async () => {
  const r = await same(T('visible', 'worker-kinds.mjs'));
  assert.equal(r.stdout, 'cjs data eval js mjs\n');
  clean(r.trace, 'worker-kinds');
  const labels = r.trace.lanes.filter((l) => l.kind === 'worker').map((l) => l.label.replace(/^worker #\d+ /, '')).sort();
  assert.deepEqual(labels, ['([data: URL])', '([eval])', '(w.cjs)', '(w.js)', '(w.mjs)']);
});

test('every kind of child runs visibly: forked .mjs, .cjs, .js, node -e', async () => {
  const r = await same(T('visible', 'child-kinds.mjs'), { unordered: true });
  clean(r.trace, 'child-kinds');
  const labels = r.trace.lanes.filter((l) => l.kind === 'process').map((l) => l.label.replace(/^process \d+ /, '')).sort();
  assert.deepEqual(labels, ['([eval])', '(c.cjs)', '(c.js)', '(c.mjs)']);
});

test('a TypeScript program that forks itself: the child runs its TypeScript, recorded', async () => {
  const r = await same(T('visible', 'child-ts.ts'));
  assert.match(r.stdout, /child computed 6/);
  clean(r.trace, 'child-ts');
  assert.equal(r.trace.lanes.filter((l) => l.kind === 'process').length, 1);
});

test("an eval worker's top-level code is a span and a blocked stretch at the line that made it", async () => {
  const file = T('visible', 'eval-worker-cpu.cjs');
  const r = await same(file);
  const lane = r.trace.lanes.find((l) => l.kind === 'worker')!;
  const script = r.trace.spans.find((s) => s.lane === lane.id && s.kind === 'script')!;
  assert.ok(script.end - script.start >= 250, `the script ran ~300 ms (${script.end - script.start})`);
  const b = r.trace.blocked.find((x) => x.lane === lane.id);
  assert.ok(b && b.durationMs >= 250, `a blocked stretch on the worker's lane: ${JSON.stringify(r.trace.blocked)}`);
  assert.equal(b.line, lineOf(file, 'new Worker('));
});

test('a forked child running an empty file shows no work of the recorder', async () => {
  const r = await same(T('visible', 'empty-child.cjs'));
  const lane = r.trace.lanes.find((l) => l.kind === 'process')!;
  const spans = r.trace.spans.filter((s) => s.lane === lane.id);
  assert.ok(spans.every((s) => s.end - s.start < 5), `short spans only: ${JSON.stringify(spans.map((s) => [s.label, s.end - s.start]))}`);
  assert.ok(!r.trace.blocked.some((b) => b.lane === lane.id));
});

test('200 workers at once, 1,000 one after another: every one recorded, nothing dropped', async () => {
  const file = T('visible', 'many-workers.mjs');
  for (const [args, n] of [[[], 200], [['1000', 'seq'], 1000]] as const) {
    const wrapper = T('visible', `.many-${n}.mjs`);
    writeFileSync(wrapper, `process.argv.splice(2, 0, ${args.map((a) => JSON.stringify(a)).join(', ')});\nawait import('./many-workers.mjs');\n`);
    try {
      const r = await recorded(wrapper, 120_000);
      assert.equal(r.stdout, `${n} workers, ids 1..${n}\n`);
      const workers = r.trace.lanes.filter((l) => l.kind === 'worker');
      assert.equal(workers.length, n);
      assert.deepEqual([...new Set(workers.map((l) => l.threadId))].length, n);
      assert.equal(r.trace.meta.dropped, 0);
      assert.ok(workers.every((l) => r.trace.spans.some((s) => s.lane === l.id && s.kind === 'script')), 'every worker\'s script span');
    } finally {
      rmSync(wrapper, { force: true });
    }
  }
  void file;
});

test("an ES module's main lane starts with its script: no loader spans", async () => {
  const r = await same(T('visible', 'esm-imports.mjs'));
  clean(r.trace, 'esm-imports');
  assert.ok(!r.trace.spans.some((s) => /FSREQPROMISE|FILEHANDLE/.test(s.label) && s.start < r.trace.spans.find((x) => x.kind === 'script')!.start));
});

test('an await whose promise rejects ends at the rejection, and the catch block runs in its continuation', async () => {
  const file = T('visible', 'rejected-await.mjs');
  const r = await same(file);
  const line = lineOf(file, 'AWAIT-LINE');
  const wait = r.trace.spans.find((s) => s.kind === 'await' && s.line === line)!;
  assert.ok(wait && !wait.open, 'the await is closed');
  assert.ok(wait.end - wait.start >= 15, `it waited for the sleep (${wait.end - wait.start} ms)`);
  const caught = r.trace.events.find((e) => e.kind === 'console' && (e as { text: string }).text === 'caught nope')!;
  assert.ok(caught && caught.kind === 'console' && caught.span !== undefined, 'the catch block printed inside a span');
  const cont = r.trace.spans[caught.span!];
  assert.equal(cont.kind, 'microtask');
  assert.equal(cont.line, line, 'the continuation of that await');
  assert.ok(Math.abs(cont.start - wait.end) < 0.5, 'it starts where the await ended');
});
