/** Generated wire streams of a given size, for the performance test and the big fixture trace. */
import { Stream, build } from './wire-builder';
import type { Trace } from '../../src/core/trace';

/** About `n` events: timers with their init/before/after, awaits, calls, some output, a worker. */
export function millionEvents(n = 1_000_000): Stream[] {
  const s = new Stream(1).thread(0, 1, 0, '/w/worker.js').scriptStart(0);
  let t = 1;
  let id = 10;
  let call = 1;
  while (s.events.length < n - 8) {
    const tid = id % 7 === 0 ? 1 : 0;
    s.init(t, id, id % 3 ? 'Timeout' : 'FSREQCALLBACK', id - 1, tid).before(t + 0.01, id, tid);
    if (id % 4 === 0) s.callStart(t + 0.02, call, 0, -1, tid).suspend(t + 0.03, call, 0, tid);
    if (id % 4 === 1 && call > 1) s.resume(t + 0.02, call - 1, 0, tid).callEnd(t + 0.03, call - 1, false, tid);
    if (id % 50 === 0) s.log(t + 0.04, `line ${id}`, tid);
    s.after(t + 0.05, id, tid);
    if (id % 4 === 0) call++;
    id++;
    t += 0.06;
  }
  s.scriptEnd(t).exit(t + 1, 0);
  return [s];
}

/**
 * `main()` runs three `task()` calls, each awaiting a 300 ms timer (site 0). Concurrent:
 * `await Promise.all(tasks)` (site 1). Sequential: `for … await task()` (site 2), one at a time.
 */
export function threeWaits(mode: 'all' | 'seq'): Trace {
  const s = new Stream(1).scriptStart(0).callStart(0.1, 1, 1);
  if (mode === 'all') {
    for (let i = 0; i < 3; i++) s.callStart(0.2 + i * 0.1, 10 + i, 0, 1).init(0.25 + i * 0.1, 100 + i, 'Timeout', 1).suspend(0.3 + i * 0.1, 10 + i, 0);
    s.suspend(0.6, 1, 1).scriptEnd(1);
    for (let i = 0; i < 3; i++) s.run(300.3 + i * 0.1, 300.35 + i * 0.1, 100 + i).resume(300.36 + i * 0.1, 10 + i, 0).callEnd(300.38 + i * 0.1, 10 + i);
    s.resume(301, 1, 1).log(301.1, 'all done').callEnd(301.2, 1);
  } else {
    let t = 0.2;
    for (let i = 0; i < 3; i++) {
      s.callStart(t, 10 + i, 0, 1).init(t + 0.05, 100 + i, 'Timeout', 1).suspend(t + 0.1, 10 + i, 0).suspend(t + 0.2, 1, 2);
      if (i === 0) s.scriptEnd(1);
      t += 300;
      s.run(t, t + 0.05, 100 + i).resume(t + 0.06, 10 + i, 0).callEnd(t + 0.08, 10 + i).resume(t + 0.1, 1, 2);
    }
    s.log(t + 0.2, 'all done').callEnd(t + 0.3, 1);
  }
  return build([s]);
}


/**
 * The classic puzzle (CJS): script logs, schedules setTimeout, setImmediate, a resolved promise's
 * then and a nextTick; then nextTick, promise, timer, an fs read, and setImmediate inside its callback.
 */
export function puzzle(): Trace {
  const s = new Stream(1)
    .scriptStart(0).log(0.1, 'script start')
    .init(0.2, 5, 'Timeout', 1)
    .init(0.3, 6, 'PROMISE', 1)
    .init(0.4, 7, 'TickObject', 1)
    .init(0.45, 8, 'FSREQCALLBACK', 1)
    .log(0.5, 'script end').scriptEnd(0.6)
    .before(0.7, 7).log(0.72, 'nextTick').after(0.75, 7)
    .before(0.8, 6).log(0.82, 'promise').after(0.85, 6)
    .before(1.5, 5).log(1.52, 'timeout').after(1.55, 5)
    .before(2, 8).init(2.1, 9, 'Immediate', 8).after(2.2, 8)
    .before(2.5, 9).log(2.52, 'immediate').after(2.55, 9);
  return build([s], { moduleFormat: 'cjs' });
}


/**
 * A blocking program (CJS): a timer due at 0 ms, then a 200 ms busy loop at top level (line 4);
 * the timer runs only after it. Then an async function awaits a 50 ms timer and runs a 120 ms CPU
 * loop after the await (line 9): "a CPU-bound loop inside an async function still blocks".
 */
export function blockingLoop(): Trace {
  const url = 'file:///w/run.mjs';
  const s = new Stream(1, 0, { argv: ['node', '/w/run.mjs'] })
    .scriptStart(0.5).init(0.6, 5, 'Timeout', 1).log(0.7, 'start\n')
    .callStart(0.8, 1, 3).init(0.9, 6, 'Timeout', 1).suspend(1, 1, 0)
    .scriptEnd(201).cpu(201.05, 0, 199, `${url}:6:5`)
    .before(201.5, 5).log(201.7, 'timer: I was due after 0 ms, but I had to wait\n').after(202, 5)
    .run(202.2, 202.3, 6).resume(202.4, 1, 0).log(322.3, 'crunched\n').callEnd(322.5, 1)
    .exit(323, 0);
  return build([s], { moduleFormat: 'cjs', sites: { awaits: [{ line: 8, col: 3, text: 'sleep(50)' }], functions: [{ name: 'a', line: 1, col: 1 }, { name: 'b', line: 1, col: 1 }, { name: 'c', line: 1, col: 1 }, { name: 'crunch', line: 7, col: 1 }] } });
}

/**
 * Two CPU workers (250 ms each, overlapping) and a forked child process; the main thread stays
 * free and logs when both workers are done.
 */
export function workersAndChild(): Trace {
  const url = 'file:///w/run.mjs';
  const main = new Stream(4000, 0, { argv: ['node', '/w/run.mjs'] })
    .scriptStart(0.5)
    .init(1, 10, 'WORKER', 1).init(1.1, 11, 'MESSAGEPORT', 1)
    .init(2, 12, 'WORKER', 1).init(2.1, 13, 'MESSAGEPORT', 1)
    .spawn(3, 4100, 'node /w/child.js').init(3.1, 14, 'PROCESSWRAP', 1).init(3.2, 15, 'PIPEWRAP', 1)
    .scriptEnd(4)
    .thread(20, 1, 0, url).scriptStart(21, 1)
    .thread(22, 2, 0, url).scriptStart(23, 2)
    .before(150, 15).emit(150.1, 'data', 'Socket', 1).log(150.2, 'parent got hello from child\n').after(150.5, 15)
    .run(160, 160.4, 14)
    .scriptEnd(271, 1).cpu(271.1, 0, 248, `${url}:12:3`, 1).exit(272, 0, 1)
    .before(272.5, 11).emit(272.6, 'message', 'Worker', 1).log(272.7, 'worker says crunched\n').after(273, 11)
    .scriptEnd(276, 2).cpu(276.1, 0, 250, `${url}:12:3`, 2).exit(277, 0, 2)
    .before(277.5, 13).emit(277.6, 'message', 'Worker', 1).log(277.7, 'worker says crunched\n').log(277.8, 'both done\n').after(278, 13)
    .exit(280, 0);
  const child = new Stream(4100, 40, { ppid: 4000, argv: ['/usr/bin/node', '/w/child.js'] })
    .scriptStart(41).init(41.5, 3, 'Timeout', 1).scriptEnd(42)
    .before(142, 3).log(142.5, 'hello\n').after(143, 3).exit(155, 0);
  return build([main, child], { moduleFormat: 'cjs' });
}

/**
 * A big trace of about `spans` spans over about 10 s: timers, immediates, I/O, promise callbacks,
 * awaits and output, on the main thread and one worker. Deterministic (a fixed pseudo-random seed).
 */
export function bigTrace(spans = 100_000): Trace {
  const s = new Stream(7, 0).thread(1, 1, 0, '/w/w.js').scriptStart(1).scriptEnd(1.5);
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const types = ['Timeout', 'Immediate', 'FSREQCALLBACK', 'PROMISE', 'TickObject', 'TCPWRAP'];
  const BATCH = 40;
  const step = 10_000 / spans;
  let t = 2;
  let id = 100;
  let call = 1;
  const suspended: number[] = [];
  let made = 0;
  while (made < spans) {
    const tid = Math.floor(id / BATCH) % 5 === 4 ? 1 : 0;
    // A batch of operations is created at once, then their callbacks run one by one: up to BATCH pending.
    if (id % BATCH === 0) for (let k = 0; k < BATCH; k++) s.init(t, id + k, types[Math.floor(rnd() * types.length)], id - 1, tid);
    const dur = rnd() < 0.0005 ? 15 + rnd() * 60 : step * (0.2 + rnd() * 0.4);
    s.before(t + step * 0.1, id, tid);
    if (rnd() < 0.05) s.log(t + step * 0.15, `item ${made}`, tid);
    if (tid === 0 && rnd() < 0.08) {
      s.callStart(t + step * 0.2, call, 0, -1, 0).suspend(t + step * 0.25, call, 0, 0);
      suspended.push(call++);
      made++;
    } else if (tid === 0 && suspended.length && rnd() < 0.1) {
      const c = suspended.shift()!;
      s.resume(t + step * 0.2, c, 0, 0).callEnd(t + step * 0.25, c, false, 0);
      made++;
    }
    s.after(t + step * 0.1 + dur, id, tid);
    t += Math.max(step, step * 0.1 + dur + 0.001);
    id++;
    made++;
  }
  s.exit(t + 1, 0);
  return build([s]);
}
