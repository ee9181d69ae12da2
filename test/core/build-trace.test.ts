/** buildTrace: hand-written wire streams in, exact spans / lanes / events / blocked out. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Stream, build, T0, RUN_FILE, RUN_URL, USER_FILE } from './wire-builder';
import type { ConsoleEvent, Span, Trace } from '../../src/core/trace';
import type { WireEvent } from '../../src/core/wire';
import { buildTrace } from '../../src/core/build';
import { SITES } from './wire-builder';

const buildTraceWith = (streams: WireEvent[][]) =>
  buildTrace({ file: USER_FILE, moduleFormat: 'cjs', streams, sites: SITES, startedAt: '', exit: { code: 0, signal: null, timedOut: false }, blockingThresholdMs: 10 });

const only = (t: Trace, kind: Span['kind']) => t.spans.filter((s) => s.kind === kind);
const texts = (t: Trace) => t.events.filter((e): e is ConsoleEvent => e.kind === 'console').map((e) => e.text);

test('CJS script with a timer: script span, timer span caused by the script, console attributed to the running span', () => {
  const s = new Stream(100)
    .scriptStart(1)
    .init(2, 7, 'Timeout', 1)
    .log(3, 'sync\n')
    .scriptEnd(4)
    .run(6, 6.5, 7)
    .log(6.2, 'timer\n'); // recording order: the log came inside the before/after in the real stream
  // Put the log inside the callback (recording order matters, not the time stamp alone).
  const ev = s.events;
  const log = ev.pop()!;
  ev.splice(ev.length - 1, 0, log);
  s.exit(7, 0);
  const t = build([s], { moduleFormat: 'cjs' });

  assert.equal(t.version, 1);
  assert.deepEqual(t.lanes, [{ id: 0, kind: 'main', label: 'main', pid: 100, threadId: 0, start: 0, end: 7 }]);
  assert.equal(t.spans.length, 2);
  const [script, timer] = t.spans;
  assert.deepEqual(script, { id: 0, lane: 0, kind: 'script', start: 1, end: 4, label: 'script' });
  assert.equal(timer.kind, 'timer');
  assert.equal(timer.label, 'Timeout');
  assert.equal(timer.asyncId, 7);
  assert.equal(timer.start, 6);
  assert.equal(timer.end, 6.5);
  assert.equal(timer.trigger, script.id, 'exec 1 is unknown: the running script span created the timer');
  assert.equal(timer.scheduled, 2);
  assert.deepEqual(texts(t), ['sync', 'timer']);
  const logs = t.events.filter((e): e is ConsoleEvent => e.kind === 'console');
  assert.equal(logs[0].span, script.id);
  assert.equal(logs[1].span, timer.id);
  assert.deepEqual(t.events.map((e) => e.seq), [0, 1, 2]);
  assert.equal(t.meta.durationMs, 7);
  assert.equal(t.meta.nodeVersion, 'v20.20.2');
  assert.equal(t.meta.moduleFormat, 'cjs');
  assert.equal(t.meta.truncated, false);
  assert.equal(t.meta.dropped, 0);
  assert.deepEqual(t.blocked, []);
  const exit = t.events.find((e) => e.kind === 'exit');
  assert.ok(exit && exit.kind === 'exit' && exit.explicit === false && exit.code === 0);
});

test('resource types map to span kinds', () => {
  const types = ['Timeout', 'Immediate', 'TickObject', 'PROMISE', 'Microtask', 'FSREQCALLBACK', 'TCPWRAP'];
  const s = new Stream(1);
  types.forEach((type, i) => s.init(1, 10 + i, type, 1).run(2 + i, 2.5 + i, 10 + i));
  const t = build([s]);
  assert.deepEqual(t.spans.map((x) => [x.label, x.kind]), [
    ['Timeout', 'timer'], ['Immediate', 'immediate'], ['TickObject', 'nextTick'], ['PROMISE', 'microtask'], ['Microtask', 'microtask'], ['FSREQCALLBACK', 'io'], ['TCPWRAP', 'io'],
  ]);
});

test('nested before/after: two spans, the inner one has the outer as parent; only the outer can block', () => {
  const s = new Stream(1).init(0, 5, 'FSREQCALLBACK', 1).init(0, 6, 'TickObject', 1)
    .before(10, 5).before(12, 6).after(40, 6).after(45, 5);
  const t = build([s]);
  const [outer, inner] = t.spans;
  assert.deepEqual([outer.start, outer.end, inner.start, inner.end], [10, 45, 12, 40]);
  assert.equal(inner.parent, outer.id);
  assert.equal(outer.parent, undefined);
  assert.equal(t.blocked.length, 1);
  assert.equal(t.blocked[0].span, outer.id);
  assert.equal(t.blocked[0].durationMs, 35);
});

test('an after that skips a nested callback still closes both', () => {
  const s = new Stream(1).init(0, 5, 'FSREQCALLBACK', 1).init(0, 6, 'TickObject', 1).before(10, 5).before(11, 6).after(12, 5).run(20, 21, 5);
  const t = build([s]);
  assert.deepEqual(t.spans.map((x) => [x.asyncId, x.start, x.end, !!x.open]), [[5, 10, 12, false], [6, 11, 12, false], [5, 20, 21, false]]);
  assert.equal(t.spans[2].parent, undefined, 'the later run is top-level again');
});

test('setInterval: one span per run, each caused by the creator; a resource created in the 2nd run points at the 2nd run', () => {
  const s = new Stream(1).scriptStart(0).init(1, 5, 'Timeout', 1).scriptEnd(2)
    .run(10, 11, 5)
    .before(20, 5).init(20.5, 9, 'Immediate', 5).after(21, 5)
    .run(30, 31, 5)
    .run(32, 33, 9);
  const t = build([s]);
  const runs = t.spans.filter((x) => x.asyncId === 5);
  assert.equal(runs.length, 3);
  for (const r of runs) assert.equal(r.trigger, 0, 'the script created the interval');
  for (const r of runs) assert.equal(r.scheduled, 1);
  const imm = t.spans.find((x) => x.asyncId === 9)!;
  assert.equal(imm.trigger, runs[1].id, 'the latest run of the creating interval before the init');
});

test('await: suspend→resume is an await span at the site; the continuation is a microtask span ending at the next suspend or callEnd', () => {
  const s = new Stream(1)
    .scriptStart(0)
    .callStart(1, 1, 0) // task()
    .init(1.2, 50, 'Timeout', 1)
    .suspend(1.5, 1, 0) // await sleep(300)
    .scriptEnd(2)
    .run(301, 301.2, 50) // the timer resolves the promise
    .resume(301.5, 1, 0)
    .log(301.6, 'done')
    .suspend(302, 1, 2) // await fetchLike(i)
    .resume(310, 1, 2)
    .callEnd(311, 1);
  const t = build([s]);
  assert.equal(t.asyncCalls.length, 1);
  assert.deepEqual(t.asyncCalls[0], { id: 0, lane: 0, name: 'task', line: 4, start: 1, end: 311 });
  const waits = only(t, 'await');
  assert.deepEqual(waits.map((w) => [w.start, w.end, w.line, w.col, w.label, w.call, !!w.open]), [
    [1.5, 301.5, 5, 3, 'sleep(300)', 0, false],
    [302, 310, 12, 5, 'fetchLike(i)', 0, false],
  ]);
  assert.equal(waits[0].trigger, 0, 'the await suspended while the script ran');
  const conts = only(t, 'microtask');
  assert.deepEqual(conts.map((c) => [c.start, c.end, c.line, c.label, !!c.open]), [
    [301.5, 302, 5, 'resume task', false],
    [310, 311, 12, 'resume task', false],
  ]);
  assert.equal(conts[0].trigger, waits[0].id, 'the continuation follows its await');
  assert.deepEqual(conts.map((c) => c.call), [0, 0], 'the continuation names the call that resumed');
  const log = t.events.find((e): e is ConsoleEvent => e.kind === 'console')!;
  assert.equal(log.span, conts[0].id, 'output written by the continuation belongs to it');
  const marks = t.events.filter((e) => e.kind === 'suspend' || e.kind === 'resume');
  assert.deepEqual(marks.map((e) => e.kind === 'suspend' || e.kind === 'resume' ? [e.kind, e.t, e.line, e.col, e.text, e.call] : []), [
    ['suspend', 1.5, 5, 3, 'sleep(300)', 0], ['resume', 301.5, 5, 3, 'sleep(300)', 0], ['suspend', 302, 12, 5, 'fetchLike(i)', 0], ['resume', 310, 12, 5, 'fetchLike(i)', 0],
  ]);
});

test('a recorded promise reaction that runs the continuation becomes the continuation (no duplicate span)', () => {
  const s = new Stream(1).callStart(0, 1, 0).init(0.1, 60, 'PROMISE', 1).suspend(0.2, 1, 0).before(5, 60).resume(5.01, 1, 0).callEnd(6, 1).after(6.1, 60);
  const t = build([s]);
  const micro = only(t, 'microtask');
  assert.equal(micro.length, 1);
  assert.deepEqual([micro[0].start, micro[0].end, micro[0].line, micro[0].label, micro[0].asyncId, micro[0].call], [5, 6.1, 5, 'resume task', 60, 0]);
});

test('async calls: parent links, threw, call order, <anonymous> for an unknown site', () => {
  const s = new Stream(1).callStart(1, 10, 1).callStart(2, 11, 0, 10).suspend(3, 11, 0).suspend(3.5, 10, 1).resume(4, 11, 0).callEnd(5, 11, true).resume(6, 10, 1).callEnd(7, 10).callStart(8, 12, 99);
  const t = build([s]);
  assert.deepEqual(t.asyncCalls.map((c) => [c.id, c.name, c.parent, c.end, !!c.threw]), [[0, 'main', undefined, 7, false], [1, 'task', 0, 5, true], [2, '<anonymous>', undefined, undefined, false]]);
  assert.deepEqual(only(t, 'await').map((w) => w.call), [1, 0]);
});

test('a suspend that never resumes is an open await span to the end of the trace', () => {
  const s = new Stream(1).callStart(1, 1, 0).suspend(2, 1, 0).callStart(3, 2, 0).suspend(4, 2, 0).resume(50, 2, 0).callEnd(51, 2).exit(80, 0);
  const t = build([s]);
  assert.equal(t.meta.durationMs, 80);
  const waits = only(t, 'await');
  assert.deepEqual(waits.map((w) => [w.start, w.end, !!w.open]), [[2, 80, true], [4, 50, false]]);
  assert.equal(t.asyncCalls[0].end, undefined);
});

test('a callback that never ends (stuck, killed) is open, ends at the trace end, is blocked at the stall line', () => {
  const stack = `Error\n    at Timeout._onTimeout (${RUN_URL}:9:7)\n    at listOnTimeout (node:internal/timers:573:17)`;
  const s = new Stream(1).init(0, 5, 'Timeout', 1).before(5, 5).log(6, 'entering the loop').stall(1005, 5, stack);
  const t = build([s], { exit: { code: null, signal: 'SIGKILL', timedOut: true } });
  assert.equal(t.meta.durationMs, 1005);
  const [timer] = t.spans;
  assert.equal(timer.open, true);
  assert.equal(timer.end, 1005);
  const stall = t.events.find((e) => e.kind === 'stall');
  assert.ok(stall && stall.kind === 'stall');
  assert.equal(stall.since, 5);
  assert.equal(stall.line, 7, 'run line 9 is user line 7');
  assert.match(stall.stack!, new RegExp(`${USER_FILE}:7:7`));
  assert.equal(t.blocked.length, 1);
  assert.deepEqual([t.blocked[0].start, t.blocked[0].end, t.blocked[0].line], [5, 1005, 7]);
  assert.equal(t.lanes[0].end, 1005);
});

test('blocked: CJS top-level script with a cpu sample → the sampled user line and a CPU share', () => {
  const s = new Stream(1).scriptStart(1).scriptEnd(201).cpu(201.1, 0, 196, `node:internal/x:1:1 ${RUN_URL}:14:5 ${RUN_URL}:3:1`).exit(202, 0);
  const t = build([s], { moduleFormat: 'cjs' });
  assert.equal(t.blocked.length, 1);
  const b = t.blocked[0];
  assert.deepEqual([b.lane, b.start, b.end, b.durationMs, b.span, b.line, b.cpuShare], [0, 1, 201, 200, 0, 12, 0.98]);
});

test('blocked: a sync sleep has a low CPU share; short callbacks are not blocked', () => {
  const s = new Stream(1).init(0, 5, 'Immediate', 1).init(0, 6, 'Immediate', 1).run(1, 201, 5).cpu(201, 5, 1, `${RUN_URL}:20:1`).run(202, 205, 6).cpu(205, 6, 3, `${RUN_URL}:30:1`);
  const t = build([s]);
  assert.equal(t.blocked.length, 1);
  assert.equal(t.blocked[0].cpuShare, 0.01);
  assert.equal(t.blocked[0].line, 18);
});

test('blocked: ESM top level inside a promise reaction, sampled as script (id 0) → one stretch, the outer one, with the sample line', () => {
  const s = new Stream(1).init(0, 3, 'PROMISE', 1).before(1, 3).scriptStart(1.1).scriptEnd(200).after(200.5, 3).cpu(200.6, 0, 195, `${RUN_URL}:10:3`);
  const t = build([s]);
  assert.equal(t.blocked.length, 1);
  assert.deepEqual([t.blocked[0].start, t.blocked[0].end, t.blocked[0].line], [1, 200.5, 8]);
  assert.equal(t.blocked[0].span, t.spans.find((x) => x.asyncId === 3)!.id);
});

test('blocked: a CPU loop in an async function after an await still blocks (its continuation span), at the await line without a sample', () => {
  const s = new Stream(1).callStart(0, 1, 0).suspend(1, 1, 0).resume(100, 1, 0).callEnd(350, 1);
  const t = build([s]);
  assert.equal(t.blocked.length, 1);
  assert.deepEqual([t.blocked[0].start, t.blocked[0].end, t.blocked[0].line], [100, 350, 5]);
  assert.equal(t.spans[t.blocked[0].span!].kind, 'microtask');
});

test('await spans never count as blocked', () => {
  const s = new Stream(1).callStart(0, 1, 0).suspend(1, 1, 0).resume(500, 1, 0).callEnd(500.5, 1);
  assert.deepEqual(build([s]).blocked, []);
});

test('lanes: workers in the entry process, a spawned child process with its own worker; parents and labels', () => {
  const main = new Stream(100, 0)
    .thread(5, 1, 0, 'file:///w/run.mjs')
    .thread(6, 2, 1, '/w/crunch.js')
    .spawn(7, 200, 'node /w/child.js --fast')
    .log(20, 'from worker 2', 2);
  const child = new Stream(200, 8, { ppid: 100, argv: ['/usr/bin/node', '/w/child.js', '--fast'] }).thread(9, 1, 0, '[eval]').log(10, 'hi from child').exit(30, 0);
  const orphan = new Stream(300, 12, { ppid: 999, argv: ['/usr/bin/node'] });
  const t = build([main, child, orphan]);
  assert.deepEqual(t.lanes.map((l) => [l.id, l.kind, l.label, l.pid, l.threadId, l.parent]), [
    [0, 'main', 'main', 100, 0, undefined],
    [1, 'worker', 'worker #1 (user.ts)', 100, 1, 0],
    [2, 'worker', 'worker #2 (crunch.js)', 100, 2, 1],
    [3, 'process', 'process 200 (child.js)', 200, 0, 0],
    [4, 'worker', 'worker #1 ([eval]) in process 200', 200, 1, 3],
    [5, 'process', 'process 300', 300, 0, 0],
  ]);
  assert.deepEqual(t.lanes.map((l) => [l.start, l.end]), [[0, 7], [5, 5], [6, 20], [8, 30], [9, 9], [12, 12]]);
  const logs = t.events.filter((e): e is ConsoleEvent => e.kind === 'console');
  assert.deepEqual(logs.map((e) => [e.text, e.lane]), [['hi from child', 3], ['from worker 2', 2]]);
});

test('a process spawned from a worker hangs under that worker; a child found only by ppid hangs under its parent process', () => {
  const main = new Stream(100).thread(1, 1, 0, '/w/w.js').spawn(2, 200, 'node /w/a.js', 1);
  const a = new Stream(200, 3, { ppid: 100, argv: ['node', '/w/a.js'] });
  const b = new Stream(300, 4, { ppid: 200, argv: ['node', '/w/grand.js'] });
  const t = build([main, a, b]);
  assert.deepEqual(t.lanes.map((l) => [l.label, l.parent]), [['main', undefined], ['worker #1 (w.js)', 0], ['process 200 (a.js)', 1], ['process 300 (grand.js)', 2]]);
});

test('span ids follow start order across lanes; async ids are per thread', () => {
  const main = new Stream(100).thread(0, 1, 0, '/w/w.js').init(0, 5, 'Timeout', 1).init(0, 5, 'Immediate', 1, 1).run(10, 11, 5, 1).run(5, 6, 5);
  const t = build([main]);
  assert.deepEqual(t.spans.map((s) => [s.id, s.start, s.label, s.lane]), [[0, 5, 'Timeout', 0], [1, 10, 'Immediate', 1]]);
});

test('events: sorted by time across streams, ties in stream order, gap-free seq', () => {
  const a = new Stream(100, 0).log(5, 'a5').log(10, 'a10').log(10, 'a10b');
  const b = new Stream(200, 1, { ppid: 100 }).log(3, 'b3').log(10, 'b10');
  const t = build([a, b]);
  assert.deepEqual(texts(t), ['b3', 'a5', 'a10', 'a10b', 'b10']);
  assert.deepEqual(t.events.map((e) => e.seq), [0, 1, 2, 3, 4]);
});

test('console: one event per write, one trailing newline stripped, stderr kept apart', () => {
  const s = new Stream(1).log(1, 'a\nb\n').log(2, 'c\r\n').log(3, 'd\n\n').log(4, 'oops\n', 0, 2);
  const t = build([s]);
  const logs = t.events.filter((e): e is ConsoleEvent => e.kind === 'console');
  assert.deepEqual(logs.map((e) => [e.stream, e.text]), [['stdout', 'a\nb'], ['stdout', 'c'], ['stdout', 'd\n'], ['stderr', 'oops']]);
  assert.equal(logs[0].span, undefined);
});

test('errors: stack positions in the run file are mapped to the user file, line = first user frame', () => {
  const stack = [
    'Error: timer boom',
    '    at helper (node:internal/foo:1:1)',
    `    at boom (${RUN_URL}:12:11)`,
    `    at Timeout._onTimeout (/w/run.mjs:20:3)`,
    '    at listOnTimeout (node:internal/timers:573:17)',
  ].join('\n');
  const s = new Stream(1).error(5, 'uncaught', 'timer boom', stack).error(6, 'unhandledRejection', 'no one catches me', '').error(7, 'uncaught', 'x', 'x\n    at /elsewhere.js:4:4');
  const t = build([s]);
  const [err, rej, other] = t.events;
  assert.ok(err.kind === 'error' && rej.kind === 'unhandledRejection' && other.kind === 'error');
  assert.equal(err.message, 'timer boom');
  assert.equal(err.line, 10);
  assert.equal(err.stack!.split('\n')[2], `    at boom (${USER_FILE}:10:11)`);
  assert.equal(err.stack!.split('\n')[3], `    at Timeout._onTimeout (${USER_FILE}:18:3)`);
  assert.equal(err.stack!.split('\n')[1], '    at helper (node:internal/foo:1:1)');
  assert.equal(rej.message, 'no one catches me');
  assert.equal(rej.line, undefined);
  assert.equal(rej.stack, undefined);
  assert.equal(other.line, undefined);
});

test('exit: process.exit() is explicit, and so is the exit that follows it; a natural end is not', () => {
  const main = new Stream(100).exitCall(5, 3).exit(5.5, 3);
  const child = new Stream(200, 1, { ppid: 100 }).exit(4, 0);
  const t = build([main, child]);
  const exits = t.events.filter((e) => e.kind === 'exit').map((e) => (e.kind === 'exit' ? [e.lane, e.code, e.explicit, e.t] : []));
  assert.deepEqual(exits, [[1, 0, false, 4], [0, 3, true, 5], [0, 3, true, 5.5]]);
});

test('emit events, dropped counts summed, truncation recorded', () => {
  const s = new Stream(1).emit(1, 'data', 'Socket', 2).dropped(2, 10).dropped(3, 5).init(3, 5, 'Immediate', 1).before(4, 5);
  const t = build([s], { dropped: 1, truncated: { atAbsMs: T0 + 6, reason: 'event budget of 10 events reached' }, outputDroppedBytes: 12, entryFunction: 'main' });
  assert.equal(t.meta.dropped, 16);
  assert.equal(t.meta.truncated, true);
  assert.equal(t.meta.truncatedAtMs, 6);
  assert.equal(t.meta.durationMs, 6);
  assert.equal(t.meta.outputDroppedBytes, 12);
  assert.equal(t.meta.entryFunction, 'main');
  const emit = t.events[0];
  assert.ok(emit.kind === 'emit' && emit.name === 'data' && emit.emitter === 'Socket' && emit.listeners === 2);
  const tr = t.events.at(-1)!;
  assert.ok(tr.kind === 'truncated' && tr.t === 6 && /budget/.test(tr.reason));
  assert.deepEqual([t.spans[0].end, t.spans[0].open], [6, true]);
});

test('origin: an explicit originMs shifts every time; times before it clamp to 0', () => {
  const s = new Stream(1, 0).log(5, 'x').log(15, 'y');
  const t = build([s], { originMs: T0 + 10 });
  assert.deepEqual(t.events.map((e) => e.t), [0, 5]);
  assert.equal(t.meta.durationMs, 5);
});

test('an empty recording still gives a valid trace with lane 0', () => {
  const t = build([]);
  assert.equal(t.lanes.length, 1);
  assert.equal(t.lanes[0].kind, 'main');
  assert.equal(t.spans.length, 0);
  assert.equal(t.meta.durationMs, 0);
});

test('every span ends at or after it starts, and within the trace', () => {
  const s = new Stream(1).scriptStart(0).init(0, 5, 'Timeout', 1).callStart(0.5, 1, 0).suspend(0.6, 1, 0).scriptEnd(1).before(2, 5).after(3, 5).before(4, 5);
  const t = build([s]);
  for (const sp of t.spans) assert.ok(sp.start <= sp.end && sp.end <= t.meta.durationMs, JSON.stringify(sp));
});

test('a time stamp that goes backwards within a thread is lifted: nothing ends before what it contains', () => {
  const s = new Stream(1).init(0, 5, 'Immediate', 1).callStart(0, 1, 0).suspend(0.5, 1, 0).before(1, 5).resume(1.2, 1, 0).callEnd(1.3, 1).after(1.25, 5).log(1.1, 'late stamp');
  const t = build([s]);
  const outer = t.spans.find((x) => x.asyncId === 5)!;
  const cont = t.spans.find((x) => x.label === 'resume task')!;
  assert.equal(cont.parent, outer.id);
  assert.deepEqual([cont.end, outer.end], [1.3, 1.3]);
  assert.equal(t.events.at(-1)!.t, 1.3);
});

test('lane 0 is the entry main thread even when the entry stream is empty', () => {
  const child = new Stream(200, 5, { ppid: 100 }).log(6, 'x');
  const t = buildTraceWith([[], child.events]);
  assert.deepEqual(t.lanes.map((l) => [l.id, l.kind]), [[0, 'main'], [1, 'process']]);
  const log = t.events.find((e) => e.kind === 'console')!;
  assert.equal(log.lane, 1);
});

test('ESM top-level await: the script run ends at the first top-level suspend; later callbacks are not nested in it', () => {
  const s = new Stream(1)
    .scriptStart(0).callStart(0.1, 1, 2).init(0.2, 5, 'Timeout', 1).suspend(0.5, 1, 0)
    .run(300, 300.1, 5).resume(300.2, 1, 0).log(300.3, 'after the wait').callEnd(300.5, 1).scriptEnd(300.6);
  const t = build([s]);
  const script = only(t, 'script')[0];
  assert.deepEqual([script.start, script.end, !!script.open], [0, 0.5, false]);
  const timer = only(t, 'timer')[0];
  assert.equal(timer.parent, undefined);
  const cont = only(t, 'microtask')[0];
  assert.deepEqual([cont.start, cont.end, cont.label], [300.2, 300.5, 'resume <top-level>']);
  assert.deepEqual(t.blocked, []);
});

test('without a run file, Node internals and packages are not user frames', () => {
  const s = new Stream(1).error(1, 'uncaught', 'x', 'Error: x\n    at f (node:internal/a:1:1)\n    at g (/p/node_modules/q/i.js:2:2)\n    at h (/w/plain.js:7:9)');
  const t = buildTraceWith([s.events]);
  const e = t.events[0];
  assert.ok(e.kind === 'error');
  assert.equal(e.line, 7);
});

test('a child process that exits inside a callback: the open span ends at its exit, not at the trace end', () => {
  const main = new Stream(100).spawn(1, 200, 'node /w/c.js').log(500, 'parent still here');
  const child = new Stream(200, 2, { ppid: 100, argv: ['node', '/w/c.js'] })
    .init(3, 5, 'Timeout', 1).before(10, 5).callStart(10.5, 1, 0).suspend(11, 1, 0).error(20, 'uncaught', 'boom', '').exit(21, 1);
  const t = build([main, child]);
  assert.equal(t.meta.durationMs, 500);
  const timer = only(t, 'timer')[0];
  assert.deepEqual([timer.start, timer.end, timer.open], [10, 21, true]);
  const wait = only(t, 'await')[0];
  assert.deepEqual([wait.end, wait.open], [21, true]);
  assert.equal(t.lanes[1].end, 21);
  assert.deepEqual(t.blocked.map((b) => [b.lane, b.start, b.end]), [[1, 10, 21]]);
});

test('the trace leaves the build finished: messages and stacks name the user\'s file, not the run file', () => {
  const s = new Stream(1).scriptStart(0)
    .error(1, 'uncaught', `Cannot find module './dep' imported from ${RUN_URL}`, `Error: x\n    at f (${RUN_URL}:12:11)\n    at g (${RUN_FILE}:3:1)`)
    .scriptEnd(2).exit(3, 1);
  const t = build([s], { exit: { code: 1, signal: null, timedOut: false }, exitFacts: { stderrTail: '', timeoutMs: 10_000, maxEvents: 100, overBudget: false } });
  const e = t.events.find((x) => x.kind === 'error')!;
  assert.ok(e.kind === 'error');
  assert.equal(e.message, "Cannot find module './dep' imported from file:///w/user.ts");
  assert.equal(e.stack, `Error: x\n    at f (${USER_FILE}:10:11)\n    at g (${USER_FILE}:1:1)`, 'frames in the run file, as a URL or a path, are mapped to the user\'s file');
  assert.equal(t.meta.exit.error, "Cannot find module './dep' imported by /w/user.ts.");
});

test('meta.exit.error comes from the build: the stderr tail names the user\'s file; none for a normal end or without exit facts', () => {
  const facts = { stderrTail: `node:internal/x\nError [ERR_MODULE_NOT_FOUND]: Cannot find package 'left-pad' imported from ${RUN_FILE}\n`, timeoutMs: 2000, maxEvents: 100, overBudget: false };
  const failed = build([new Stream(1)], { exit: { code: 1, signal: null, timedOut: false }, exitFacts: facts });
  assert.equal(failed.meta.exit.error, "Cannot find package 'left-pad': it is not installed next to /w/user.ts. Install it with `npm install left-pad` in that folder.");
  const timedOut = build([new Stream(1).scriptStart(0)], { exit: { code: null, signal: 'SIGKILL', timedOut: true }, exitFacts: facts });
  assert.match(timedOut.meta.exit.error ?? '', /^Timed out after 2 s/);
  const fine = build([new Stream(1).scriptStart(0).scriptEnd(1).exit(2, 0)], { exitFacts: facts });
  assert.equal('error' in fine.meta.exit, false);
  assert.equal('error' in build([new Stream(1)], { exit: { code: 1, signal: null, timedOut: false } }).meta.exit, false);
});
