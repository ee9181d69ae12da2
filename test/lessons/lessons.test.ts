/**
 * Every lesson example runs through the engine, and its trace shows the lesson's point.
 * (examples/lessons.json is the catalogue; shared design lessons.md the curriculum.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { record, plainRun, consoleLines, lines, root } from '../engine/helpers';
import { compareTraces, summarize } from '../../src/core/analysis';
import { findPitfalls } from '../../src/core/pitfalls';
import { jobBars, jobSegments } from '../../src/core/jobs';
import { messages, countByDirection } from '../../src/core/messages';
import type { Trace } from '../../src/core/trace';
import { MODULE_FORMAT } from './formats';

const ex = (f: string) => path.join(root, 'examples', f);
const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual.toFixed(1)} ms, expected ${expected} ± ${tol}`);
const texts = (t: Trace) => consoleLines(t);
const ok = async (file: string) => {
  const r = await record(ex(file), { timeoutMs: 20_000 });
  assert.equal(r.outcome, 'ok', `${file} ran to its end: ${r.trace.meta.exit.error ?? ''}`);
  assert.equal(r.trace.meta.moduleFormat, MODULE_FORMAT[file], `${file} ran in its usual module format (test/lessons/formats.ts)`);
  return r.trace;
};

interface Catalogue { lessons: { id: number; file: string; compare?: [string, string]; variants?: string[]; title: { en: string; ko: string }; notice: { en: string; ko: string } }[] }
const catalogue: Catalogue = JSON.parse(readFileSync(ex('lessons.json'), 'utf8'));

test('the catalogue has the 11 lessons, each with an existing file and texts in English and Korean', () => {
  assert.deepEqual(catalogue.lessons.map((l) => l.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  for (const l of catalogue.lessons) {
    for (const f of [l.file, ...(l.compare ?? []), ...(l.variants ?? [])]) assert.doesNotThrow(() => readFileSync(ex(f)), f);
    for (const [text, min] of [[l.title, 2], [l.notice, 30]] as const) {
      assert.ok(text.en.length >= min && text.ko.length >= min && /[가-힣]/.test(text.ko), `lesson ${l.id} texts: ${JSON.stringify(text)}`);
    }
  }
});

test('lesson 1: blocking total ≈ the sum of the sleeps, main lane blocked; the async twin is not blocked', async () => {
  const t = await ok('01-sync-blocks/blocking.ts');
  const blockedMs = t.blocked.filter((b) => b.lane === 0).reduce((n, b) => n + b.durationMs, 0);
  near(blockedMs, 600, 40, 'main lane blocked');
  assert.ok(t.meta.durationMs >= 590, 'total at least the sum of the sleeps');
  // The timer due at 0 ms ran only after the three sleeps.
  assert.equal(texts(t).at(-1), 'timer: I was due after 0 ms, but I had to wait');
  const a = await ok('01-sync-blocks/async.ts');
  assert.equal(a.blocked.filter((b) => b.durationMs > 50).length, 0, 'no long blocking with await');
  assert.equal(texts(a)[0], 'timer: I ran right away');
});

test('lesson 2: three overlapping waits, total ≈ the longest', async () => {
  const t = await ok('02-await-lets-others-run/promise-all.ts');
  const s = summarize(t);
  near(s.awaitWallMs, 300, 40, 'wall time of the waits');
  assert.ok(s.awaitWaitSumMs >= 880, `sum of waits ≈ 900 (got ${s.awaitWaitSumMs})`);
  assert.ok(texts(t).filter((l) => l.startsWith('tick')).length >= 2, 'the ticker ran while waiting');
});

test('lesson 3: the compare view speedup ≈ 3', async () => {
  const seq = await ok('03-sequential-vs-concurrent/sequential.ts');
  const con = await ok('03-sequential-vs-concurrent/concurrent.ts');
  const c = compareTraces(seq, con);
  assert.ok(c.speedup > 2.4 && c.speedup < 3.4, `speedup ${c.speedup}`);
});

test("lesson 4: the recorded order equals plain Node's", async () => {
  const t = await ok('04-event-loop-order/order.ts');
  assert.deepEqual(texts(t), lines(plainRun(ex('04-event-loop-order/order.ts')).stdout));
  assert.deepEqual(texts(t), [
    'script start', 'script end', 'process.nextTick', 'promise.then', 'setTimeout',
    'nextTick inside setTimeout', 'setImmediate inside setTimeout', 'setTimeout inside setTimeout',
  ], 'the order the comment at the bottom of the lesson explains');
});

test('lesson 5: a blocked stretch inside the async function', async () => {
  const t = await ok('05-async-is-not-parallel/crunch.ts');
  const inAsync = findPitfalls(t).filter((p) => p.kind === 'blockingInAsync' && p.fn === 'crunch');
  assert.equal(inAsync.length, 3, `three blocking stretches inside crunch(): ${JSON.stringify(findPitfalls(t))}`);
});

test('lesson 6: two overlapping worker lanes; the main-thread twin is one lane', async () => {
  const t = await ok('06-worker-threads/workers.ts');
  const workers = t.lanes.filter((l) => l.kind === 'worker');
  assert.equal(workers.length, 2);
  const busy = workers.map((w) => t.blocked.filter((b) => b.lane === w.id).sort((a, b) => b.durationMs - a.durationMs)[0]);
  assert.ok(busy[0] && busy[1], 'each worker has a long busy stretch');
  assert.ok(busy[0].start < busy[1].end && busy[1].start < busy[0].end, 'they overlap in time');
  const m = await ok('06-worker-threads/main-thread.ts');
  assert.equal(m.lanes.length, 1);
});

test('lesson 7: two process lanes', async () => {
  const t = await ok('07-child-processes/processes.ts');
  assert.equal(t.lanes.filter((l) => l.kind === 'process').length, 2);
  assert.equal(texts(t).at(-1), 'both processes done');
});

test('lesson 8: the producer returns before the jobs finish', async () => {
  const t = await ok('08-background-jobs/jobs.ts');
  const at = (re: RegExp) => t.events.find((e) => e.kind === 'console' && re.test(e.text))?.t;
  const returned = at(/producer returned/);
  const lastDone = at(/job 3: done/);
  assert.ok(returned !== undefined && lastDone !== undefined);
  assert.ok(lastDone - returned > 200, 'jobs finish well after the producer returned');
  assert.equal(t.lanes.filter((l) => l.kind === 'process').length, 1, 'the worker is a process lane');
  for (const state of ['queued', 'running', 'done']) assert.ok(texts(t).some((l) => l.includes(state)), state);
  // The view's bars per job: each job queued, then running, then done, one job at a time.
  const jobs = jobBars(t.events);
  assert.deepEqual(jobs.map((j) => j.job), ['1', '2', '3']);
  for (const j of jobs) assert.ok(j.queued! < j.running! && j.running! < j.done!, `job ${j.job}: ${JSON.stringify(j)}`);
  for (let i = 1; i < 3; i++) assert.ok(jobs[i].running! >= jobs[i - 1].done!, 'the worker takes one job at a time');
  for (const j of jobs) near(j.done! - j.running!, 100, 60, `job ${j.job} runs for its 100 ms of work`);
  assert.deepEqual(jobSegments(jobs[0], t.meta.durationMs).map((s) => s.state), ['queued', 'running', 'done']);
});

test('lesson 8 (Redis variant) runs, or says plainly that no Redis server is reachable', async () => {
  const t = await ok('08-background-jobs/jobs-redis.ts');
  const out = texts(t).join('\n');
  const reachable = /A Redis server is reachable on localhost:6379/.test(out);
  assert.notEqual(reachable, /No Redis server is reachable on localhost:6379/.test(out), `it says plainly, once, whether a server was reachable: ${out}`);
  if (reachable) {
    assert.match(out, /worker finished all jobs/);
    const jobs = jobBars(t.events);
    assert.deepEqual(jobs.map((j) => j.job), ['1', '2', '3']);
    for (const j of jobs) assert.ok(j.queued !== undefined && j.running !== undefined && j.done !== undefined && j.running < j.done, JSON.stringify(j));
  } else assert.deepEqual(jobBars(t.events), [], 'no broker, no jobs');
});

test('lesson 9: the blocking handler serialises requests, the async one overlaps them', async () => {
  const b = await ok('09-request-handlers/blocking-handler.ts');
  const long = b.blocked.filter((x) => x.lane === 0 && x.durationMs > 150).sort((x, y) => x.start - y.start);
  assert.equal(long.length, 3, 'three blocked handler runs');
  for (let i = 1; i < 3; i++) assert.ok(long[i].start >= long[i - 1].end, 'one after another');
  const a = await ok('09-request-handlers/async-handler.ts');
  const waits = a.spans.filter((s) => s.kind === 'await' && s.end - s.start > 150);
  assert.ok(waits.length >= 3, 'three handler waits');
  assert.ok(Math.max(...waits.map((w) => w.start)) < Math.min(...waits.map((w) => w.end)), 'the handler waits overlap');
});

test('lesson 10: messages both ways on one connection', async () => {
  const t = await ok('10-websockets/websocket.ts');
  const out = texts(t);
  assert.ok(out.filter((l) => l.startsWith('client got')).length >= 3, 'server → client');
  assert.ok(out.filter((l) => l.startsWith('server got')).length >= 3, 'client → server');
  const messages = t.events.filter((e) => e.kind === 'emit' && e.name === 'message');
  assert.ok(messages.length >= 6, 'message events on the timeline');
  const p = await ok('10-websockets/polling.ts');
  assert.equal(texts(p).filter((l) => l.startsWith('client got')).length, 3);
});

test('lesson 10: the directions of the messages, from the sockets that carried them', async () => {
  const t = await ok('10-websockets/websocket.ts');
  const ws = messages(t);
  // The server pushes news #1..#3 unasked; the client thanks it for each: three each way.
  assert.deepEqual(countByDirection(ws), { toServer: 3, toClient: 3 }, JSON.stringify(ws));
  // The program's own words agree with the direction read from the sockets.
  assert.deepEqual(ws.filter((m) => m.dir === 'toClient').map((m) => m.said), [1, 2, 3].map((k) => `client got: news #${k}`));
  assert.deepEqual(ws.filter((m) => m.dir === 'toServer').map((m) => m.said), [1, 2, 3].map((k) => `server got: thanks for news #${k}`));
  for (let k = 0; k < 3; k++) {
    const [push, thanks] = [ws.filter((m) => m.dir === 'toClient')[k], ws.filter((m) => m.dir === 'toServer')[k]];
    assert.ok(push.received! < thanks.received!, `news #${k + 1} arrives before its thanks`);
  }
  const p = await ok('10-websockets/polling.ts');
  const http = messages(p);
  // One request per poll (each `await fetch(...)` at line 17), and one response to each.
  const polls = p.events.filter((e) => e.kind === 'suspend' && e.line === 17 && e.text.startsWith('fetch(')).length;
  assert.ok(polls >= 3, `at least three polls to get three pieces of news (${polls})`);
  assert.deepEqual(countByDirection(http), { toServer: polls, toClient: polls }, JSON.stringify(http));
  const req = http.filter((m) => m.kind === 'request'), res = http.filter((m) => m.kind === 'response');
  assert.ok(req.every((m) => m.dir === 'toServer') && res.every((m) => m.dir === 'toClient'));
  for (let k = 0; k < polls; k++) {
    assert.ok(req[k].sent! <= req[k].received! && req[k].received! <= res[k].sent! && res[k].sent! <= res[k].received!, `poll ${k + 1}: asked, got, answered, read: ${JSON.stringify([req[k], res[k]])}`);
    assert.equal(req[k].line, 17);
  }
});

test('lesson 11: each pitfall is flagged', async () => {
  const kinds = async (file: string) => {
    const { trace } = await record(ex(file), { timeoutMs: 20_000 });
    assert.equal(trace.meta.moduleFormat, MODULE_FORMAT[file], `${file} ran in its usual module format`);
    return findPitfalls(trace).map((p) => p.kind);
  };
  assert.ok((await kinds('11-pitfalls/forgotten-await.ts')).includes('forgottenAwait'));
  assert.ok((await kinds('11-pitfalls/unhandled-rejection.ts')).includes('unhandledRejection'));
  assert.ok((await kinds('11-pitfalls/never-resolves.ts')).includes('neverSettled'));
  assert.ok((await kinds('11-pitfalls/sync-in-async.ts')).includes('blockingInAsync'));
});
