/**
 * The row painter's merging of items thinner than a pixel (webview/draw-rows.ts), no browser
 * needed: whatever the zoom, the pixels it fills are exactly the pixels the items touch, long
 * callbacks among many short ones included; and it draws a row of a million items with a few
 * rectangles per pixel, not one per item.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batches, paintRow } from '../../webview/draw-rows';
import { ITEM_KINDS, type Row, type TraceModel } from '../../webview/model';
import { TimeScale } from '../../webview/time-scale';
import { itemEnd, itemStart, makeRow, rowEnd } from '../../webview/rows';
import { emptyTable } from '../../src/core/columns/table';
import { KIND } from '../../src/core/span-kinds';

/** A lane row of n callbacks back to back with gaps; every `longEvery`-th one is long. */
function row(n: number, longEvery: number): Row {
  const cols = { start: new Float64Array(n), end: new Float64Array(n), kind: new Uint8Array(n) };
  let t = 0, seed = 7;
  const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < n; i++) {
    t += rand() * 0.02;
    const dur = i % longEvery === longEvery - 1 ? 20 + rand() * 30 : 0.001 + rand() * 0.01;
    cols.start[i] = t; cols.end[i] = t + dur; cols.kind[i] = i % 2 ? KIND.timer : KIND.io;
    t += dur;
  }
  return makeRow('lane', 'main', 0, 0, 30, 0, cols, Int32Array.from({ length: n }, (_, i) => i));
}

/** The pixel columns the painted rectangles cover, and how many rectangles there were. */
function painted(r: Row, s: TimeScale): { cover: Set<number>; rects: number } {
  const m = { spans: emptyTable(r.n) } as unknown as TraceModel;
  for (let k = 0; k < ITEM_KINDS.length; k++) batches.len[k] = 0;
  paintRow(r, m, { scale: s, height: 100, scrollTop: 0 }, 0, []);
  const cover = new Set<number>();
  let rects = 0;
  for (let k = 0; k < ITEM_KINDS.length; k++) {
    const b = batches.buf[k];
    for (let i = 0; i < batches.len[k]; i += 4) {
      rects++;
      for (let p = Math.floor(b[i]); p < Math.ceil(b[i] + b[i + 2]); p++) if (p >= 0 && p < s.width) cover.add(p);
    }
    batches.len[k] = 0;
  }
  return { cover, rects };
}

/** The pixel columns the items touch (each at least the one it starts in). */
function touched(r: Row, s: TimeScale): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < r.n; i++) {
    if (!s.shows(itemStart(r, i), itemEnd(r, i))) continue;
    const x0 = Math.max(-2, s.x(itemStart(r, i))), x1 = Math.min(s.width + 2, s.x(itemEnd(r, i)));
    for (let p = Math.floor(x0); p < Math.max(Math.floor(x0) + 1, Math.ceil(x1)); p++) if (p >= 0 && p < s.width) out.add(p);
  }
  return out;
}

test('paintRow: the pixels filled are the pixels the items touch, at every zoom, long callbacks among short ones included', () => {
  const r = row(200_000, 997);
  const end = rowEnd(r);
  for (const span of [end, end / 3, end / 20, end / 300, end / 5000, 5, 0.2]) {
    for (const from of [0, end / 2 - span / 2]) {
      const s = new TimeScale(from, from + span, 1200);
      assert.deepEqual([...painted(r, s).cover].sort((a, b) => a - b), [...touched(r, s)].sort((a, b) => a - b), `range ${from}..${from + span}`);
    }
  }
});

test('paintRow: a million items zoomed out are a few rectangles per pixel', () => {
  const r = row(1_000_000, 5000);
  const end = rowEnd(r);
  for (const span of [end, end / 4, end / 16]) {
    const s = new TimeScale(0, span, 1200);
    const { rects } = painted(r, s);
    assert.ok(rects <= 3 * 1200, `${rects} rectangles over 1200 pixels for range ${span}`);
  }
});
