/**
 * "Why is it still running?": real programs that never end, recorded until a time-out or a stop;
 * `meta.alive` names what kept Node alive (its kind, its label with the parameters, when it was
 * made and how often it ran; its line where the spans know it), and the exit sentence, the
 * CLI's summary and the core's sentence say it. Asking is invisible: the program's own async hook
 * hears of nothing, and a program stuck in a loop is still asked (the loop is then the reason).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, lineOf, record, consoleLines } from './helpers';
import { formatSummary } from '../../src/cli/summary';
import { whyStillRunning } from '../../src/core/text/alive-text';
import type { StillAlive, Trace } from '../../src/core/trace';

const file = (name: string) => fixture('engine', 'alive', name);
/** Long enough for each program to get going on a busy machine, short enough for a quick suite. */
const TIMEOUT_MS = 1500;

async function timedOut(name: string): Promise<Trace> {
  const { trace, outcome } = await record(file(name), { timeoutMs: TIMEOUT_MS });
  assert.equal(outcome, 'timeout', `${name} runs until the time-out`);
  return trace;
}

/** The one entry of `kind`, with its line checked where the trace knows it (interval, timer and server: always). */
function entry(trace: Trace, kind: StillAlive['kind'], name: string, marker: string): StillAlive {
  const all = trace.meta.alive ?? [];
  const of = all.filter((a) => a.kind === kind);
  assert.equal(of.length, 1, `one ${kind} in ${JSON.stringify(all)}`);
  const a = of[0];
  assert.equal(a.lane, 0);
  if (a.line !== undefined || kind === 'interval' || kind === 'timer' || kind === 'server') assert.equal(a.line, lineOf(file(name), marker), `${kind} names the line that made it`);
  return a;
}

test('alive: an interval never cleared is named, with its delay and its ticks', async () => {
  const trace = await timedOut('interval.cjs');
  const a = entry(trace, 'interval', 'interval.cjs', 'the interval');
  assert.equal(a.label, 'setInterval every 50 ms');
  assert.equal(a.detail, '50');
  assert.ok(a.since !== undefined && a.since < trace.meta.durationMs, `since ${a.since}`);
  // Ticks every 50 ms for most of 1.5 s: at least a handful, never more than the time allows.
  assert.ok(a.runs !== undefined && a.runs >= 5 && a.runs <= TIMEOUT_MS / 50 + 1, `runs ${a.runs}`);
  const ticks = trace.spans.filter((s) => s.lane === 0 && s.kind === 'timer').length;
  assert.equal(a.runs, ticks, 'runs are the interval\'s recorded ticks');
  assert.equal(trace.meta.alive!.length, 1, 'nothing else kept it alive (stdio, the recorder\'s own thread are not listed)');
  assert.match(trace.meta.exit.error ?? '', /^Timed out after 1\.5 s: the program did not finish\. It was still running because of: the setInterval( at line \d+)? \(every 50 ms, ran \d+ times\)\./);
});

test('alive: a server left listening is named with its address and its connections', async () => {
  const trace = await timedOut('server.cjs');
  assert.deepEqual(consoleLines(trace).filter(Boolean), ['answered']);
  const a = entry(trace, 'server', 'server.cjs', 'the listen');
  assert.match(a.label, /^server listening on 127\.0\.0\.1:\d+$/);
  assert.match(a.detail ?? '', /^127\.0\.0\.1:\d+$/);
  assert.equal(a.runs, 1, 'one connection');
  const why = whyStillRunning(trace, 'en')!;
  assert.match(why, /^still running because of: the server listening( at line \d+)? \(127\.0\.0\.1:\d+\)$/);
  assert.ok(trace.meta.exit.error?.includes(why), trace.meta.exit.error);
  assert.match(whyStillRunning(trace, 'ko')!, /^아직 실행 중인 이유: .*연결을 기다리는 서버 \(127\.0\.0\.1:\d+\)$/);
  // The CLI names it once: in the exit sentence in English, on a line of its own in Korean.
  assert.equal(formatSummary(trace, 'en').split('still running because of').length, 2);
  assert.match(formatSummary(trace, 'ko'), /⏳ 아직 실행 중인 이유: /);
});

test('alive: a socket left open is named with its peer', async () => {
  const trace = await timedOut('socket.cjs');
  const sockets = (trace.meta.alive ?? []).filter((a) => a.kind === 'socket');
  // Both ends are in this process: the client and the server's side of the connection.
  assert.equal(sockets.length, 2, JSON.stringify(trace.meta.alive));
  for (const s of sockets) assert.match(s.label, /^socket to 127\.0\.0\.1:\d+$/);
  assert.ok(!(trace.meta.alive ?? []).some((a) => a.kind === 'server'), 'the server itself was closed');
});

test('alive: a child process that never exits is named with its command', async () => {
  const trace = await timedOut('child.cjs');
  const a = entry(trace, 'child', 'child.cjs', 'the child');
  assert.equal(a.label, 'child process sleep 100');
  assert.match(trace.meta.exit.error ?? '', /still running because of: the child process( at line \d+)? \(sleep 100\), still running/);
});

test('alive: a stopped run (Stop Async Run) says what was still running', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort('stop'), 700);
  const { trace, outcome } = await record(file('server.cjs'), { timeoutMs: 20_000, signal: ac.signal });
  assert.equal(outcome, 'cancelled');
  assert.equal(trace.meta.exit.stoppedBy, 'stop');
  entry(trace, 'server', 'server.cjs', 'the listen');
  assert.match(trace.meta.exit.error ?? '', /^Stopped with Stop Async Run after .*: the program and every process it started were killed\. It was still running because of: the server listening/);
});

test('alive: stuck in a loop, the program is still asked, and the loop is the reason', async () => {
  const { trace } = await record(file('stuck.cjs'), { timeoutMs: 2500 });
  assert.ok(trace.meta.exit.timedOut);
  // Asked while the main thread was in the loop (the inspector runs it at an interrupt).
  assert.ok((trace.meta.alive ?? []).some((a) => a.kind === 'interval' && a.label === 'setInterval every 50 ms'), JSON.stringify(trace.meta.alive));
  assert.equal(whyStillRunning(trace, 'en'), undefined);
  assert.match(trace.meta.exit.error ?? '', new RegExp(`stuck in one callback at line ${lineOf(file('stuck.cjs'), 'for (;;)')}`));
  assert.doesNotMatch(trace.meta.exit.error ?? '', /still running because of/);
});

test('alive: asking is invisible to the program\'s own async hook', async () => {
  const trace = await timedOut('hooks.cjs');
  const out = consoleLines(trace).filter(Boolean);
  assert.deepEqual(out, ['init Timeout', 'ready'], 'the probe\'s timer and the inspector\'s work reach no hook of the program');
  assert.ok((trace.meta.alive ?? []).some((a) => a.kind === 'interval'));
});

test('alive: a program that ends by itself has no alive list', async () => {
  const { trace, outcome } = await record(file('ends.cjs'), { timeoutMs: 10_000 });
  assert.equal(outcome, 'ok');
  assert.equal(trace.meta.alive, undefined);
  assert.equal(whyStillRunning(trace, 'en'), undefined);
});
