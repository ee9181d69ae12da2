/** Chrome Trace export: valid for Perfetto / chrome://tracing, one track per lane, causality as flow arrows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Stream, build } from './wire-builder';
import { toChromeTrace, BLOCKED_TID_OFFSET } from '../../src/core/chrome-trace';
import { validateChromeTrace as validate } from './chrome-validate';
import { measure, fmt } from './timing';
import type { Trace } from '../../src/core/trace';

function sample(): Trace {
  const main = new Stream(100)
    .thread(0.5, 1, 0, '/w/crunch.js')
    .scriptStart(0).log(0.1, 'start')
    .init(0.2, 5, 'Timeout', 1)
    .callStart(0.3, 1, 0).init(0.35, 6, 'Timeout', 1).suspend(0.4, 1, 0)
    .scriptEnd(30)
    .before(40, 5).init(40.5, 7, 'Immediate', 5).after(41, 5)
    .run(42, 43, 7)
    .run(300, 300.1, 6).resume(300.2, 1, 0).log(300.3, 'resumed').callEnd(300.4, 1)
    .init(1, 50, 'MESSAGEPORT', 1, 1).run(2, 250, 50, 1)
    .error(301, 'uncaught', 'boom', 'Error: boom\n    at file:///w/run.mjs:9:3')
    .exit(302, 1);
  return build([main], { moduleFormat: 'cjs' });
}

test('the export is a valid Chrome trace: fields, numbers, paired flows and async slices, nested slices', () => {
  const t = sample();
  validate(toChromeTrace(t));
});

test('one track per lane with names; spans in µs; awaits as async slices; blocked on their own track', () => {
  const t = sample();
  const ct = toChromeTrace(t);
  const meta = ct.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  assert.deepEqual(meta.map((m) => [m.pid, m.tid, m.args!.name]), [
    [100, 0, 'main'], [100, BLOCKED_TID_OFFSET, 'main · blocked'], [100, 1, 'worker #1 (crunch.js)'], [100, BLOCKED_TID_OFFSET + 1, 'worker #1 (crunch.js) · blocked'],
  ]);
  assert.ok(ct.traceEvents.some((e) => e.ph === 'M' && e.name === 'process_name' && e.pid === 100 && e.args!.name === 'user.ts (pid 100)'));
  const x = ct.traceEvents.filter((e) => e.ph === 'X' && e.cat !== 'blocked');
  assert.equal(x.length, t.spans.filter((s) => s.kind !== 'await').length);
  const script = x.find((e) => e.name === 'script')!;
  assert.deepEqual([script.ts, script.dur, script.tid], [0, 30000, 0]);
  const worker = x.find((e) => e.tid === 1)!;
  assert.deepEqual([worker.ts, worker.dur, worker.name], [2000, 248000, 'MESSAGEPORT']);
  const aw = ct.traceEvents.filter((e) => e.cat === 'await');
  assert.deepEqual(aw.map((e) => [e.ph, e.ts, e.name]), [['b', 400, 'await sleep(300)'], ['e', 300200, 'await sleep(300)']]);
  const blocked = ct.traceEvents.filter((e) => e.cat === 'blocked');
  assert.deepEqual(blocked.map((b) => [b.tid, b.ts, b.dur]), [[BLOCKED_TID_OFFSET, 0, 30000], [BLOCKED_TID_OFFSET + 1, 2000, 248000]]);
  assert.ok(blocked.every((b) => b.cname === 'terrible'));
});

test('flow arrows: script → timer, timer → the immediate it created, suspend → resume', () => {
  const t = sample();
  const ct = toChromeTrace(t);
  const s = ct.traceEvents.filter((e) => e.ph === 's');
  const f = ct.traceEvents.filter((e) => e.ph === 'f');
  const pairs = s.map((a) => [a.name, a.ts, f.find((b) => b.id === a.id)!.ts] as [string, number, number]).sort((x, y) => x[2] - y[2]);
  // The worker's port was created while nothing ran on that lane: no cause, no arrow.
  assert.deepEqual(pairs, [
    ['scheduled', 200, 40000], // the script created the timer at 0.2 ms
    ['scheduled', 40500, 42000], // the timer created the immediate
    ['scheduled', 350, 300000], // the script created the sleep timer at 0.35 ms; it ran at 300 ms
    ['resume', 400, 300200], // the script suspended at 0.4 ms; the continuation ran at 300.2 ms
  ]);
});

test('console, errors and exits are instant events on their lane', () => {
  const ct = toChromeTrace(sample());
  const inst = ct.traceEvents.filter((e) => e.ph === 'i');
  assert.deepEqual(inst.map((e) => [e.cat, e.name, e.ts]), [
    ['console', 'start', 100], ['console', 'resumed', 300300], ['error', 'uncaught: boom', 301000], ['exit', 'exit 1', 302000],
  ]);
});

test('a big trace exports quickly and stays valid', () => {
  const s = new Stream(1).scriptStart(0);
  for (let i = 0; i < 20_000; i++) s.init(0.001 * i, 10 + i, 'Timeout', 1);
  s.scriptEnd(25);
  for (let i = 0; i < 20_000; i++) s.run(30 + i * 0.01, 30.005 + i * 0.01, 10 + i);
  const t = build([s]);
  const m = measure(() => toChromeTrace(t));
  const ct = m.value;
  assert.ok(m.cpuMs < 1000, fmt(m));
  assert.equal(ct.traceEvents.filter((e) => e.ph === 's').length, 20_000);
});

test('the checker refuses what Perfetto would not load: an unpaired flow, an async end without its begin, slices that overlap without nesting', () => {
  const good = toChromeTrace(sample());
  const broken = (f: (events: ReturnType<typeof toChromeTrace>['traceEvents']) => void): void => {
    const ct = JSON.parse(JSON.stringify(good));
    f(ct.traceEvents);
    assert.throws(() => validate(ct));
  };
  validate(good);
  broken((ev) => ev.splice(ev.findIndex((e) => e.ph === 'f'), 1));
  broken((ev) => ev.splice(ev.findIndex((e) => e.ph === 'b'), 1));
  broken((ev) => { const f = ev.find((e) => e.ph === 'f')!; f.ts! += 0.5; });
  broken((ev) => { const x = ev.filter((e) => e.ph === 'X' && e.tid === 0); x[1].ts = x[0].ts! + x[0].dur! - 1; x[1].dur = 10_000_000; });
});
