/**
 * A row's items read through its indices (webview/rows.ts), no browser needed: put in start
 * order, and the searches on the sampled running maximum of ends give what a search on the full
 * running maximum gives, items that overlap and out-of-order entries included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstReaching, itemEnd, itemStart, makeRow, maxEndThrough, startAfter, startAtOrAfter, MAX_END_BLOCK } from '../../webview/rows';

function randomRow(n: number, seed: number) {
  const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const cols = { start: new Float64Array(n), end: new Float64Array(n), kind: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    cols.start[i] = Math.floor(rand() * 1000) / 10;
    cols.end[i] = cols.start[i] + (rand() < 0.05 ? rand() * 50 : rand());
  }
  // Every other entry, shuffled: the row sorts them.
  const at = Int32Array.from({ length: n >> 1 }, (_, i) => 2 * i).sort(() => rand() - 0.5);
  return makeRow('wait', 'w', 0, 0, 14, 0, cols, at);
}

test('rows: items in start order; firstReaching, maxEndThrough and the start searches match a full scan', () => {
  for (const n of [0, 1, 2, MAX_END_BLOCK * 2, 333, 2000]) {
    const r = randomRow(n, 11 + n);
    const run: number[] = [];
    for (let i = 0; i < r.n; i++) {
      if (i) assert.ok(itemStart(r, i) >= itemStart(r, i - 1), `sorted at ${i}`);
      run.push(Math.max(i ? run[i - 1] : -Infinity, itemEnd(r, i)));
      assert.equal(maxEndThrough(r, i), run[i]);
    }
    for (const t of [-1, 0, 3.3, 20, 50.05, 99.9, 200]) {
      const lo = Math.floor(r.n / 4), hi = Math.floor((3 * r.n) / 4);
      const want = (a: number, b: number) => { let i = a; while (i < b && run[i] < t) i++; return i; };
      assert.equal(firstReaching(r, t), want(0, r.n), `n ${n} t ${t}`);
      assert.equal(firstReaching(r, t, lo, hi), want(lo, hi), `n ${n} t ${t} in [${lo}, ${hi})`);
      let ge = 0; while (ge < r.n && itemStart(r, ge) < t) ge++;
      let gt = 0; while (gt < r.n && itemStart(r, gt) <= t) gt++;
      assert.equal(startAtOrAfter(r, t), ge);
      assert.equal(startAfter(r, t), gt);
    }
  }
});
