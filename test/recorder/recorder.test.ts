/**
 * The recorder in real Node child processes (preloaded from dist/recorder.js with NODE_OPTIONS),
 * streams decoded from ASYNC_VIZ_OUT. Each fixture in test/fixtures/recorder says what it does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, lineOf, only, record } from './harness';
import { SYNTHETIC_ID_BASE } from '../../src/core/wire-codec';
import type { WireEvent } from '../../src/core/wire';

const byId = (events: WireEvent[]) => new Map(only(events, 'init').map((e) => [e.id, e]));
/** Index of the first event matching. */
const at = (events: WireEvent[], f: (e: WireEvent) => boolean) => events.findIndex(f);

test('output is exactly the plain run\'s: the recorder prints nothing of its own', async () => {
  for (const f of ['basics.js', 'throw-top.js', 'reject.js', 'exit3.js', 'workers.js']) {
    const plain = await record(fixture(f), { plain: true });
    const rec = await record(fixture(f));
    const lines = (s: string) => (f === 'workers.js' ? s.split('\n').sort().join('\n') : s); // workers race
    assert.equal(lines(rec.stdout), lines(plain.stdout), `${f} stdout`);
    assert.equal(rec.stderr.replaceAll(rec.pid.toString(), 'PID'), plain.stderr.replaceAll(plain.pid.toString(), 'PID'), `${f} stderr`);
    assert.equal(rec.code, plain.code, `${f} exit code`);
  }
});

test('timers, immediates, nextTick, I/O, then-callbacks and queueMicrotask: init/before/after with trigger and exec', async () => {
  const r = await record(fixture('basics.js'));
  const ev = r.events;
  assert.equal(ev[0].k, 'hello');
  const hello = ev[0] as Extract<WireEvent, { k: 'hello' }>;
  assert.equal(hello.pid, r.pid);
  const inits = byId(ev);
  const types = [...inits.values()].map((e) => e.type);
  for (const t of ['Timeout', 'Immediate', 'TickObject', 'FSREQCALLBACK', 'PROMISE', 'Microtask']) assert.ok(types.includes(t), `a ${t} was recorded (${types})`);
  const timer = [...inits.values()].find((e) => e.type === 'Timeout')!;
  assert.equal(timer.exec, 1, 'setTimeout called at top level');
  // Every before has its after, properly nested, and an init before it.
  const stack: number[] = [];
  for (const e of ev) {
    if (e.k === 'before') {
      assert.ok(inits.has(e.id), `init before before(${e.id})`);
      stack.push(e.id);
    } else if (e.k === 'after') assert.equal(stack.pop(), e.id);
  }
  assert.equal(stack.length, 0);
  // The then-callback: synthetic id, created inside the timer, and the microtask created inside it.
  const thens = [...inits.values()].filter((e) => e.type === 'PROMISE');
  assert.ok(thens.length >= 3, 'then + catch + finally (finally calls then once more inside)');
  assert.ok(thens.every((e) => e.id >= SYNTHETIC_ID_BASE));
  assert.ok(thens.slice(0, 3).every((e) => e.exec === timer.id), 'then/catch/finally called in the timer');
  const micro = [...inits.values()].find((e) => e.type === 'Microtask')!;
  assert.equal(micro.exec, thens[0].id, 'queueMicrotask ran inside the then-callback');
  const beforeThen = at(ev, (e) => e.k === 'before' && e.id === thens[0].id);
  const afterTimer = at(ev, (e) => e.k === 'after' && e.id === timer.id);
  assert.ok(beforeThen > afterTimer, 'the then-callback runs after the timer callback');
  const imm = [...inits.values()].find((e) => e.type === 'Immediate')!;
  const tick = [...inits.values()].find((e) => e.type === 'TickObject' && e.exec === imm.id);
  assert.ok(tick, 'nextTick created inside the immediate');
  const reads = [...inits.values()].filter((e) => e.type === 'FSREQCALLBACK');
  assert.ok(reads.length >= 2 && reads.slice(1).every((e, i) => e.trigger === reads[i].id), 'readFile steps trigger one another');
  // Console text in order, with its stream.
  const out = only(ev, 'console').map((c) => `${c.stream}:${c.text}`);
  assert.deepEqual(out, ['1:one\n', '2:two\n', '1:three\n', '1:four\n']);
  assert.equal(ev.at(-1)!.k, 'exit');
});

test('the global API: callStart/suspend/resume/callEnd with parents and threw', async () => {
  const r = await record(fixture('api.js'), { env: { ASYNC_VIZ_ENTRY_RUN: fixture('api.js') } });
  assert.equal(r.stdout, 'ok false\n', 'the API is no property of globalThis');
  const starts = only(r.events, 'callStart');
  assert.deepEqual(starts.map((s) => [s.call, s.fn, s.parent]), [[1, 0, -1], [2, 1, 1], [3, 1, 1]]);
  const ends = only(r.events, 'callEnd');
  assert.deepEqual(ends.map((e) => [e.call, e.threw]).sort(), [[1, false], [2, false], [3, true]]);
  const marks = r.events.filter((e) => e.k === 'suspend' || e.k === 'resume').map((e) => `${e.k}:${(e as any).call}`);
  assert.deepEqual(marks.slice(0, 3), ['suspend:2', 'suspend:1', 'resume:2']);
  assert.equal(only(r.events, 'scriptStart').length, 1);
  assert.equal(only(r.events, 'scriptEnd').length, 1);
});

test('EventEmitter emits: a custom emitter and a socket/server', async () => {
  const r = await record(fixture('emitters.js'));
  const emits = only(r.events, 'emit');
  assert.ok(emits.some((e) => e.cls === 'Door' && e.name === 'knock' && e.listeners === 2));
  assert.ok(emits.some((e) => e.cls === 'Server' && e.name === 'connection'));
  assert.ok(emits.some((e) => e.cls === 'Socket' && e.name === 'data'));
  assert.ok(emits.some((e) => e.cls === 'Server' && e.name === 'listening'));
});

test('uncaught throw at top level: error event, exit 1, Node\'s own message', async () => {
  const r = await record(fixture('throw-top.js'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Error: top level boom\n {4}at Object.<anonymous> \(.*throw-top.js:3:7\)/);
  const err = only(r.events, 'error');
  assert.equal(err.length, 1);
  assert.equal(err[0].kind, 'uncaught');
  assert.equal(err[0].message, 'top level boom');
  assert.ok(at(r.events, (e) => e.k === 'console' && e.text === 'before\n') >= 0);
  assert.deepEqual(only(r.events, 'exit').map((e) => e.code), [1]);
});

test('unhandled rejection: event, and Node still crashes with code 1', async () => {
  const r = await record(fixture('reject.js'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /nobody catches me/);
  assert.doesNotMatch(r.stdout, /never/);
  const err = only(r.events, 'error');
  assert.equal(err.length, 1);
  assert.equal(err[0].kind, 'unhandledRejection');
});

test('process.exit(3): exitCall 3, events before it kept', async () => {
  const r = await record(fixture('exit3.js'));
  assert.equal(r.code, 3);
  assert.deepEqual(only(r.events, 'console').map((c) => c.text), ['a\n', 'b\n']);
  const call = at(r.events, (e) => e.k === 'exitCall' && e.code === 3);
  assert.ok(call > 0);
  assert.ok(at(r.events, (e) => e.k === 'exit' && e.code === 3) > call);
});

test('while (true): events before it on disk, and a stall event at the stuck line while it is stuck', async () => {
  const file = fixture('forever.js');
  const r = await record(file, { killAfterMs: 1800 });
  assert.equal(r.signal, 'SIGKILL');
  assert.deepEqual(only(r.events, 'console').map((c) => c.text), ['before the loop\n', 'entering\n']);
  const stall = only(r.events, 'stall');
  assert.equal(stall.length, 1);
  const top = stall[0].stack.split('\n')[0];
  assert.ok(top.endsWith(`forever.js:${lineOf(file, 'STUCK')}:3`), top);
  const started = only(r.events, 'before').at(-1)!;
  assert.equal(stall[0].since, started.t);
  assert.equal(r.stderr, '', 'nothing printed by the inspector');
});

test('200 ms busy loop / Atomics.wait / execSync: one long before/after each, cpu share and the line', async () => {
  const file = fixture('long-callbacks.js');
  const r = await record(file);
  const ev = r.events;
  // The flusher also sends a provisional record (no CPU figure) as soon as it knows where a long
  // run is; the main thread's own record, with the CPU time, follows when the run ends.
  const cpu = only(ev, 'cpu').filter((c) => c.id > 1 && c.cpuMs >= 0);
  assert.equal(cpu.length, 3, JSON.stringify(cpu));
  for (const c of cpu) {
    const early = only(ev, 'cpu').find((p) => p.id === c.id && p.cpuMs === -1);
    assert.ok(early && early.t < c.t && early.where === c.where, `a provisional record for run ${c.id}, at the same place, before its end`);
  }
  const lines = ['BUSY', 'WAIT', 'EXEC'].map((m) => lineOf(file, m));
  const share: number[] = [];
  cpu.forEach((c, i) => {
    const b = ev.find((e) => e.k === 'before' && e.id === c.id)!;
    const a = ev.find((e) => e.k === 'after' && e.id === c.id)!;
    const dur = a.t - b.t;
    assert.ok(dur >= 199 && dur < 300, `callback ${i} took ${dur} ms`);
    // The stack at the pause, innermost first: the callback's frame at its line.
    assert.match(c.where.split('\n')[0], new RegExp(`^\\S.* \\(\\S*long-callbacks\\.js:${lines[i]}:\\d+\\)$`), `where of callback ${i}: ${c.where}`);
    share.push(c.cpuMs / dur);
  });
  // CPU shares are process-wide estimates on a noisy machine: compare them, loosely.
  assert.ok(share[0] > 0.3, `busy loop CPU share ${share[0]}`);
  assert.ok(share[1] < 0.25 && share[0] > 2 * share[1], `Atomics.wait CPU share ${share[1]} (busy ${share[0]})`);
  assert.ok(share[2] < 0.25 && share[0] > 2 * share[2], `execSync CPU share ${share[2]} (busy ${share[0]})`);
});

test('workers with execArgv: [] and env: {} record their own thread and timers', async () => {
  const r = await record(fixture('workers.js'));
  const threads = only(r.events, 'thread');
  assert.equal(threads.length, 2);
  for (const th of threads) {
    assert.equal(th.parentTid, 0);
    const mine = r.events.filter((e) => e.tid === th.tid);
    assert.equal(mine[0].k, 'thread', 'thread is the first event of the worker');
    assert.ok(mine.some((e) => e.k === 'init' && e.type === 'Timeout'), `worker ${th.tid} timer`);
    assert.ok(mine.some((e) => e.k === 'console' && /^worker [ab]\n$/.test(e.text)), `worker ${th.tid} output with its tid`);
  }
  assert.equal(new Set(only(r.events, 'console').filter((c) => c.tid > 0).map((c) => c.text)).size, 2);
  const mainOut = only(r.events, 'console').filter((c) => c.tid === 0).map((c) => c.text);
  assert.deepEqual(mainOut, ['both done\n'], 'worker output forwarded to the main stdout is not recorded twice');
  assert.equal(r.stdout.split('\n').filter(Boolean).sort().join(), 'both done,worker a,worker b');
});

test('fork with env: {...} without NODE_OPTIONS: the child still records its own stream', async () => {
  const r = await record(fixture('fork-parent.js'));
  const spawnEv = only(r.events, 'spawn');
  assert.equal(spawnEv.length, 1);
  const child = r.streams.get(spawnEv[0].childPid);
  assert.ok(child, `a stream for child ${spawnEv[0].childPid}`);
  assert.equal(child[0].k, 'hello');
  assert.equal((child[0] as any).ppid, r.pid);
  assert.ok(child.some((e) => e.k === 'console' && e.text === 'child here\n'));
});

test('output cap: text past ASYNC_VIZ_MAX_OUTPUT is cut and counted, still printed', async () => {
  const r = await record(fixture('output-cap.js'), { env: { ASYNC_VIZ_MAX_OUTPUT: '100' } });
  assert.equal(r.stdout.length, 120);
  const c = only(r.events, 'console');
  assert.equal(c.map((e) => e.text).join(''), r.stdout.slice(0, 100));
  assert.equal(c.at(-1)!.cut, 20);
});

test('1M events: nothing dropped', async () => {
  const r = await record(fixture('many.js'));
  const n = r.events.length;
  assert.ok(n >= 990_000, `${n} events`);
  assert.equal(only(r.events, 'dropped').length, 0);
  assert.equal(only(r.events, 'before').length, only(r.events, 'after').length);
});
