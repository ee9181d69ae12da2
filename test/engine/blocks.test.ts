/**
 * Blocks explained, end to end: a real recorded HTTP server whose handler calls a 300 ms
 * synchronous `slowHash`; while it blocks, three requests arrive on kept-alive connections and
 * two timers the handler set fall due. The blocked stretch carries the stack (both functions,
 * with their TypeScript lines) and what it delayed, with how much; the CLI's words say it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { fixture, record } from './helpers';
import { delayedBy } from '../../src/core/delayed';
import { waits } from '../../src/core/waits';
import { delayedText } from '../../src/core/text/block-text';
import { formatSummary } from '../../src/cli/summary';
import type { BlockedStretch, Trace } from '../../src/core/trace';

const file = fixture('engine', 'block-server.ts');
const lineOf = (marker: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker)) + 1;

function get(port: number, path: string, agent: http.Agent | false): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s) => (body += s)).on('end', () => resolve(body));
    }).on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One recorded run of the server with the requests of the test; the trace. */
async function recordServer(): Promise<Trace> {
  let out = '';
  let gotPort: (p: number) => void = () => undefined;
  const port = new Promise<number>((r) => (gotPort = r));
  const run = record(file, { timeoutMs: 30_000, onOutput: (_s, t) => { out += t; const m = /PORT (\d+)/.exec(out); if (m) gotPort(Number(m[1])); } });
  const p = await Promise.race([port, run.then(() => { throw new Error(`the server ended early: ${out}`); })]);
  // Three kept-alive connections, warmed up one request each.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 3 });
  await Promise.all([get(p, '/w1', agent), get(p, '/w2', agent), get(p, '/w3', agent)]);
  const slow = get(p, '/slow', false);
  await sleep(100); // slowHash is running now
  const during = Promise.all([get(p, '/r1', agent), get(p, '/r2', agent), get(p, '/r3', agent)]);
  assert.deepEqual(await during, ['ok', 'ok', 'ok']);
  await slow;
  agent.destroy();
  await get(p, '/quit', false);
  const { trace, outcome } = await run;
  assert.equal(outcome, 'ok', trace.meta.exit.error);
  return trace;
}

/**
 * The flusher reads the stack at a lower priority than the program (recorder/flusher.ts): on a
 * machine loaded far beyond its cores it may not get the CPU within the 300 ms. Such a run is
 * repeated (at most twice more) and said so; the stack must come in one of them.
 */
const ATTEMPTS = 3;

test('a blocked handler: its stack names slowHash and the handler at their lines, and it lists the requests and timers it delayed', async (t) => {
  let trace!: Trace, b!: BlockedStretch;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    trace = await recordServer();
    const long = trace.blocked.filter((x) => x.durationMs >= 250);
    assert.equal(long.length, 1, `one blocked stretch of ~300 ms: ${JSON.stringify(trace.blocked)}`);
    b = long[0];
    if (b.stack) break;
    t.diagnostic(`attempt ${attempt}: the flusher read no stack during the block (load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
  }
  // The stack, innermost first: slowHash at its loop, then the handler at its call of slowHash.
  const stack = b.stack ?? [];
  assert.equal(stack[0]?.fn, 'slowHash', JSON.stringify(stack));
  assert.equal(stack[0].line, lineOf('// the block'));
  assert.equal(stack[0].file, trace.meta.file);
  const h = stack.find((f) => f.fn === 'handler');
  assert.ok(h, JSON.stringify(stack));
  assert.equal(h.line, lineOf('// calls slowHash'));
  assert.equal(b.line, lineOf('// the block'));

  // What it delayed: the two timers (due 10 and 20 ms in, ran after the block) and the three requests.
  const d = b.delayed;
  assert.ok(d, 'delayed');
  // Two: while the trace does not know timers' delays (core/delayed.ts), other pending timers
  // whose callbacks ran in the catch-up count too (the kept-alive sockets' time-outs).
  const delaysKnown = trace.spans.some((x) => x.kind === 'timer' && x.delay !== undefined);
  // Node's own timers count too when one fell due in the block: res.end's Date-header cache
  // timer is due at the next second boundary (its delay: the milliseconds left to it).
  const othersDue = trace.spans.filter((x) => x.kind === 'timer' && x.delay !== undefined && x.scheduled !== undefined && x.line !== lineOf("name: 'a'") && x.line !== lineOf("name: 'b'") && x.scheduled + x.delay >= b.start && x.scheduled + x.delay <= b.end).length;
  if (delaysKnown) assert.equal(d.timers, 2 + othersDue, JSON.stringify(d));
  else assert.ok(d.timers >= 2, JSON.stringify(d));
  assert.equal(d.requests, 3, JSON.stringify(d));
  const full = delayedBy(trace, trace.blocked.indexOf(b))!;
  assert.equal(full.waits.length, d.count);
  const w = waits(trace);
  const own = new Set(trace.spans.filter((x) => x.kind === 'timer' && x.scheduled !== undefined && x.scheduled >= b.start && x.scheduled <= b.end).map((x) => x.id));
  const timerDelays = full.waits.flatMap((k, j) => (own.has(w.span[k]) ? [full.delays[j]] : []));
  // A timer due 10 ms into a 300 ms block waits ~290 ms, one due at 20 ms ~280 ms (from when it
  // was set, ~300 ms, while the trace does not know their delays), plus the catch-up after it.
  assert.equal(timerDelays.length, 2);
  for (const ms of timerDelays) assert.ok(ms >= b.durationMs - 40 && ms <= b.durationMs + 20, `${timerDelays} of ${b.durationMs}`);
  assert.ok(d.maxMs >= b.durationMs - 30 && d.maxMs <= b.durationMs + 50, JSON.stringify(d));
  assert.ok(d.minMs > 0 && d.minMs <= d.maxMs, JSON.stringify(d));

  const sentence = delayedText(trace, b, 'en');
  assert.match(sentence, /^3 requests(, \d+ timers and \d+ network callbacks?| and 2 timers) waited [\d.]+(–[\d.]+)? ms because of `slowHash` at block-server\.ts:\d+, called from `handler` at block-server\.ts:\d+\.$/);
  assert.ok(sentence.includes(`block-server.ts:${lineOf('// the block')},`) && sentence.includes(`block-server.ts:${lineOf('// calls slowHash')}.`), sentence);
  assert.match(delayedText(trace, b, 'ko'), /`slowHash` \(block-server\.ts:\d+\) — `handler` \(block-server\.ts:\d+\)에서 호출 때문에 요청 3개(와 타이머 2개|, 타이머 \d+개와 네트워크 콜백 \d+개)가 /);
  const summary = formatSummary(trace);
  assert.ok(summary.includes(sentence), summary);
  assert.ok(summary.includes(`slowHash  block-server.ts:${lineOf('// the block')}`), summary);
});
