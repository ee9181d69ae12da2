/** Generated wire streams of a given size, for the performance test and the big fixture trace. */
import { Stream } from './wire-builder';

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
