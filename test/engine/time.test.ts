/**
 * Time is real: blocking stretches are measured to a few ms at the right line, and awaits that
 * overlap show as overlapping waits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, record, lineOf } from './helpers';
import type { Trace } from '../../src/core/trace';

const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual.toFixed(2)} ms, expected ${expected} ± ${tol}`);

/**
 * The blocked stretch is what the program itself measured around its 200 ms statement, ± 5 ms.
 * That measurement is 200 ms plus what the OS adds: scheduling noise for a loop or Atomics.wait,
 * and for execSync the shell's and `sleep`'s start-up (4-8 ms on an idle machine, as under plain node).
 */
function oneBlock(trace: Trace, line: number, osMs: number) {
  const long = trace.blocked.filter((b) => b.durationMs >= 100);
  assert.equal(long.length, 1, `one long blocked stretch (got ${JSON.stringify(trace.blocked)})`);
  const took = Number(/^took ([\d.]+)/m.exec(trace.events.map((e) => (e.kind === 'console' ? e.text : '')).join('\n'))?.[1]);
  near(took, 200, osMs, 'the program measured');
  near(long[0].durationMs, took, 5, 'blocked stretch');
  assert.equal(long[0].lane, 0);
  assert.equal(long[0].line, line, 'blocked at the line that blocked');
  return long[0];
}

for (const [name, cpu, osMs] of [['busy-loop.cjs', 'high', 5], ['sync-sleep.cjs', 'low', 5], ['exec-sync.cjs', 'low', 25]] as const) {
  test(`a 200 ms ${name.replace('.cjs', '')} is one blocked stretch of 200 ± 5 ms at its line`, async () => {
    const file = fixture('engine', name);
    const { trace, outcome } = await record(file);
    assert.equal(outcome, 'ok');
    const b = oneBlock(trace, lineOf(file, 'BLOCK-LINE'), osMs);
    if (b.cpuShare !== undefined) {
      if (cpu === 'high') assert.ok(b.cpuShare > 0.6, `busy loop uses the CPU (${b.cpuShare})`);
      else assert.ok(b.cpuShare < 0.4, `a sleep does not (${b.cpuShare})`);
    }
  });
}

test('a busy loop in TypeScript top-level code blocks at its TS line', async () => {
  const file = fixture('engine', 'top-level-busy.ts');
  const { trace } = await record(file);
  oneBlock(trace, lineOf(file, 'BLOCK-LINE'), 5);
});

function awaitSpans(trace: Trace, line: number) {
  return trace.spans.filter((s) => s.kind === 'await' && s.line === line && !s.open);
}

test('three awaited sleeps in Promise.all overlap: wall ≈ 300 ms', async () => {
  const file = fixture('engine', 'awaits-all.ts');
  const { trace } = await record(file);
  const spans = awaitSpans(trace, lineOf(file, 'AWAIT-LINE'));
  assert.equal(spans.length, 3, 'three await spans at the sleep line');
  for (const s of spans) near(s.end - s.start, 300, 15, 'each wait');
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  near(end - start, 300, 20, 'wall time of the three waits');
  // Overlap: every wait starts before any ends.
  assert.ok(Math.max(...spans.map((s) => s.start)) < Math.min(...spans.map((s) => s.end)), 'the waits overlap');
  assert.equal(new Set(spans.map((s) => s.call)).size, 3, 'one async call per task');
});

test('the same three awaited one after another take ≈ 900 ms', async () => {
  const file = fixture('engine', 'awaits-seq.ts');
  const { trace } = await record(file);
  const spans = awaitSpans(trace, lineOf(file, 'AWAIT-LINE')).sort((a, b) => a.start - b.start);
  assert.equal(spans.length, 3);
  for (let i = 1; i < 3; i++) assert.ok(spans[i].start >= spans[i - 1].end, 'no overlap');
  near(spans[2].end - spans[0].start, 900, 30, 'sequential wall time');
});
