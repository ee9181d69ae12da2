/**
 * Structural checks of a Chrome Trace export (what Perfetto and chrome://tracing need), event by
 * event (`ChromeTraceChecker`: an export of millions of events can be checked as it is read from
 * a file) or on a whole export (`validateChromeTrace`). Linear in the events, but for sorting
 * each thread's slices.
 */
import assert from 'node:assert/strict';
import type { ChromeTrace, ChromeTraceEvent } from '../../src/core/chrome-trace';

/** One thread's complete slices, as they come (ts, dur). */
class Slices {
  ts: number[] = [];
  dur: number[] = [];
  order?: Int32Array;
  /** Position in `order` of each slice's enclosing slice, -1 for none. */
  parent?: Int32Array;
  add(ts: number, dur: number): void { this.ts.push(ts); this.dur.push(dur); }
  /** Sorts by start (longest first at equal starts) and checks that they nest (Perfetto drops partial overlaps). */
  finish(thread: string): void {
    const { ts, dur } = this;
    const order = Int32Array.from(ts.keys()).sort((a, b) => ts[a] - ts[b] || dur[b] - dur[a]);
    const parent = new Int32Array(order.length).fill(-1);
    const stack: number[] = [];
    const end = (pos: number): number => ts[order[pos]] + dur[order[pos]];
    for (let pos = 0; pos < order.length; pos++) {
      const i = order[pos];
      while (stack.length && end(stack[stack.length - 1]) <= ts[i]) stack.pop();
      if (stack.length) {
        assert.ok(ts[i] + dur[i] <= end(stack[stack.length - 1]) + 1e-6, `slices on ${thread} overlap without nesting at ${ts[i]}`);
        parent[pos] = stack[stack.length - 1];
      }
      stack.push(pos);
    }
    this.order = order;
    this.parent = parent;
  }
  /** Some slice starts exactly at t. */
  startsAt(t: number): boolean {
    const i = this.firstAtOrAfter(t);
    return i < this.order!.length && this.ts[this.order![i]] === t;
  }
  /**
   * Some slice holds t (ts <= t <= ts + dur). Slices nest, so a slice holding t is the last one
   * starting at or before t, or one of the slices enclosing that one.
   */
  holds(t: number): boolean {
    const o = this.order!;
    for (let pos = this.firstAtOrAfter(t + 1e-9) - 1; pos >= 0; pos = this.parent![pos]) {
      if (this.ts[o[pos]] + this.dur[o[pos]] >= t) return true;
    }
    return false;
  }
  private firstAtOrAfter(t: number): number {
    const o = this.order!;
    let lo = 0, hi = o.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.ts[o[mid]] < t) lo = mid + 1; else hi = mid; }
    return lo;
  }
}

export class ChromeTraceChecker {
  count = 0;
  private readonly flowStarts = new Map<string, ChromeTraceEvent>();
  private readonly flowEnds = new Map<string, ChromeTraceEvent>();
  private readonly open = new Map<string, number>();
  private readonly threads = new Map<string, Slices>();

  add(e: ChromeTraceEvent): void {
    this.count++;
    assert.equal(typeof e.name, 'string', JSON.stringify(e));
    assert.ok(['X', 'b', 'e', 'i', 's', 'f', 'M'].includes(e.ph), e.ph);
    assert.ok(Number.isInteger(e.pid) && Number.isInteger(e.tid), JSON.stringify(e));
    if (e.ph === 'M') return;
    assert.ok(typeof e.ts === 'number' && Number.isFinite(e.ts) && e.ts >= 0, JSON.stringify(e));
    if (e.ph === 'X') assert.ok(typeof e.dur === 'number' && e.dur >= 0, JSON.stringify(e));
    if (e.ph === 'i') assert.ok(e.s === 'g' || e.s === 'p' || e.s === 't');
    if (e.ph === 'b' || e.ph === 'e' || e.ph === 's' || e.ph === 'f') assert.ok(e.id !== undefined && typeof e.cat === 'string', JSON.stringify(e));
    const key = `${e.cat}:${e.id}`;
    if (e.ph === 's') {
      // Every flow start has exactly one finish with the same id and category, and vice versa.
      assert.ok(!this.flowStarts.has(key), `duplicate flow start ${key}`);
      this.flowStarts.set(key, { pid: e.pid, tid: e.tid, ts: e.ts } as ChromeTraceEvent);
    }
    if (e.ph === 'f') {
      assert.ok(!this.flowEnds.has(key), `duplicate flow end ${key}`);
      assert.equal(e.bp, 'e');
      this.flowEnds.set(key, { pid: e.pid, tid: e.tid, ts: e.ts } as ChromeTraceEvent);
    }
    // Async begin/end pairs match.
    if (e.ph === 'b') this.open.set(key, e.ts);
    if (e.ph === 'e') {
      const b = this.open.get(key);
      assert.ok(b !== undefined && b <= e.ts, `async end ${e.id} has its begin`);
      this.open.delete(key);
    }
    if (e.ph === 'X') {
      const thread = `${e.pid}:${e.tid}`;
      let s = this.threads.get(thread);
      if (!s) this.threads.set(thread, (s = new Slices()));
      s.add(e.ts, e.dur!);
    }
  }

  /** After the last event: the checks that need them all. */
  finish(): void {
    assert.equal(this.open.size, 0, 'every async begin ends');
    assert.equal(this.flowStarts.size, this.flowEnds.size, 'as many flow ends as starts');
    for (const [thread, s] of this.threads) s.finish(thread);
    const none = new Slices();
    none.finish('none');
    for (const [k, s] of this.flowStarts) {
      const f = this.flowEnds.get(k);
      assert.ok(f, `flow ${k} has its end`);
      assert.ok(f.ts! >= s.ts!, `flow ${k} goes forward in time`);
      // Each flow end sits at the start of a slice on its thread; each flow start inside one.
      assert.ok((this.threads.get(`${s.pid}:${s.tid}`) ?? none).holds(s.ts!), `flow ${k} starts inside a slice`);
      assert.ok((this.threads.get(`${f.pid}:${f.tid}`) ?? none).startsAt(f.ts!), `flow ${k} ends at a slice start`);
    }
  }
}

export function validateChromeTrace(ct: ChromeTrace): void {
  assert.ok(Array.isArray(ct.traceEvents));
  assert.equal(ct.displayTimeUnit, 'ms');
  // A JSON round trip keeps everything (no undefined-only fields that matter, no NaN).
  const json = JSON.parse(JSON.stringify(ct));
  assert.equal(json.traceEvents.length, ct.traceEvents.length);
  const c = new ChromeTraceChecker();
  for (const e of ct.traceEvents) c.add(e);
  c.finish();
}
