/** Structural checks of a Chrome Trace export (what Perfetto and chrome://tracing need). */
import assert from 'node:assert/strict';
import type { ChromeTrace, ChromeTraceEvent } from '../../src/core/chrome-trace';

export function validateChromeTrace(ct: ChromeTrace) {
  assert.ok(Array.isArray(ct.traceEvents));
  assert.equal(ct.displayTimeUnit, 'ms');
  // A JSON round trip keeps everything (no undefined-only fields that matter, no NaN).
  const json = JSON.parse(JSON.stringify(ct));
  assert.equal(json.traceEvents.length, ct.traceEvents.length);
  for (const e of ct.traceEvents) {
    assert.equal(typeof e.name, 'string', JSON.stringify(e));
    assert.ok(['X', 'b', 'e', 'i', 's', 'f', 'M'].includes(e.ph), e.ph);
    assert.ok(Number.isInteger(e.pid) && Number.isInteger(e.tid), JSON.stringify(e));
    if (e.ph === 'M') continue;
    assert.ok(typeof e.ts === 'number' && Number.isFinite(e.ts) && e.ts >= 0, JSON.stringify(e));
    if (e.ph === 'X') assert.ok(typeof e.dur === 'number' && e.dur >= 0, JSON.stringify(e));
    if (e.ph === 'i') assert.ok(e.s === 'g' || e.s === 'p' || e.s === 't');
    if (e.ph === 'b' || e.ph === 'e' || e.ph === 's' || e.ph === 'f') assert.ok(e.id !== undefined && typeof e.cat === 'string', JSON.stringify(e));
  }
  // Every flow start has exactly one finish with the same id and category, not earlier, and vice versa.
  const starts = new Map<string, ChromeTraceEvent>();
  const ends = new Map<string, ChromeTraceEvent>();
  for (const e of ct.traceEvents) {
    const key = `${e.cat}:${e.id}`;
    if (e.ph === 's') {
      assert.ok(!starts.has(key), `duplicate flow start ${key}`);
      starts.set(key, e);
    }
    if (e.ph === 'f') {
      assert.ok(!ends.has(key), `duplicate flow end ${key}`);
      assert.equal(e.bp, 'e');
      ends.set(key, e);
    }
  }
  assert.deepEqual([...starts.keys()].sort(), [...ends.keys()].sort());
  for (const [k, s] of starts) assert.ok(ends.get(k)!.ts! >= s.ts!, `flow ${k} goes forward in time`);
  // Each flow end sits at the start of a slice on its thread; each flow start inside one.
  const slices = ct.traceEvents.filter((e) => e.ph === 'X');
  for (const [k, s] of starts) {
    const f = ends.get(k)!;
    assert.ok(slices.some((x) => x.pid === s.pid && x.tid === s.tid && x.ts! <= s.ts! && s.ts! <= x.ts! + x.dur!), `flow ${k} starts inside a slice`);
    assert.ok(slices.some((x) => x.pid === f.pid && x.tid === f.tid && x.ts === f.ts), `flow ${k} ends at a slice start`);
  }
  // Async begin/end pairs match.
  const open = new Map<string, number>();
  for (const e of ct.traceEvents) {
    if (e.ph === 'b') open.set(`${e.cat}:${e.id}`, e.ts!);
    if (e.ph === 'e') {
      const b = open.get(`${e.cat}:${e.id}`);
      assert.ok(b !== undefined && b <= e.ts!, `async end ${e.id} has its begin`);
      open.delete(`${e.cat}:${e.id}`);
    }
  }
  assert.equal(open.size, 0, 'every async begin ends');
  // Complete slices on one thread nest properly (Perfetto drops partial overlaps).
  const byThread = new Map<string, ChromeTraceEvent[]>();
  for (const x of slices) (byThread.get(`${x.pid}:${x.tid}`) ?? byThread.set(`${x.pid}:${x.tid}`, []).get(`${x.pid}:${x.tid}`)!).push(x);
  for (const [thread, list] of byThread) {
    list.sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!);
    const stack: number[] = [];
    for (const x of list) {
      while (stack.length && stack[stack.length - 1] <= x.ts!) stack.pop();
      if (stack.length) assert.ok(x.ts! + x.dur! <= stack[stack.length - 1] + 1e-6, `slices on ${thread} overlap without nesting at ${x.ts}`);
      stack.push(x.ts! + x.dur!);
    }
  }
}
