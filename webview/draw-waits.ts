/**
 * Paints wait rows (wait-rows.ts). A wait is a thin bar in its operation's colour from when it
 * was started to when its callback ran, with a tick where the callback ran; a timer that ran
 * late shows where it was due, and the late part in the blocked colour. A folded row is a
 * density band: how many of its waits were pending at each moment, scaled to the group's peak.
 */
import type { Row, TraceModel } from './model';
import { firstReaching, itemKind, startAfter } from './rows';
import type { Theme } from './theme';
import type { Viewport } from './frame';
import { upperBound } from './search';
import { groupDensity, type WaitTable } from '../src/core/waits';
import type { StepFunction } from '../src/core/intervals';

/** A timer that ran this much after it was due (ms) shows its late part. */
export const LATE_MS = 1;

/**
 * A density band and its coarser levels: level L holds, for each block of 2^L steps, the block's
 * highest count, and the block's start is the time of its first step. A paint reads the level
 * whose blocks are about half a pixel wide, so a band of 100,000 steps costs about two steps per
 * pixel at any zoom, and a spike narrower than a pixel still shows at its height. The times are
 * kept only for every TIME_EVERY-th level (a level between reads them a few apart: close enough
 * to stay in the cache), the counts for every level.
 */
class Band {
  readonly levels: Int32Array[];
  /** Times of the blocks of level L * TIME_EVERY. */
  private readonly times: Float64Array[];
  readonly peak: number;
  constructor(f: StepFunction) {
    this.peak = f.peak;
    this.times = [f.t];
    this.levels = [f.n];
  }
  /** The counts of level L, and the times of its blocks: block i starts at t[i << shift]. */
  level(L: number): { n: Int32Array; t: Float64Array; shift: number } {
    while (this.levels.length <= L) {
      const prev = this.levels[this.levels.length - 1];
      const len = Math.ceil(prev.length / 2);
      const n = new Int32Array(len);
      for (let i = 0; i < len; i++) n[i] = 2 * i + 1 < prev.length ? Math.max(prev[2 * i], prev[2 * i + 1]) : prev[2 * i];
      this.levels.push(n);
      if ((this.levels.length - 1) % TIME_EVERY === 0) {
        const t = this.times[this.times.length - 1];
        this.times.push(Float64Array.from({ length: len }, (_, i) => t[i << TIME_EVERY]));
      }
    }
    const k = Math.floor(L / TIME_EVERY);
    return { n: this.levels[L], t: this.times[k], shift: L - k * TIME_EVERY };
  }
}

/** Levels whose block times are kept (1 in 3): the rest read them 2 or 4 apart. */
const TIME_EVERY = 3;

/** First block (of len) whose start, t[i << shift], is after `v`. */
function blockAfter(t: Float64Array, shift: number, len: number, v: number): number {
  let lo = 0, hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid << shift] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const bands = new WeakMap<WaitTable, Map<Row, Band>>();

/** The density band of a folded row's waits (kept per row). */
function bandOf(m: TraceModel, row: Row): Band {
  let byRow = bands.get(m.waits);
  if (!byRow) bands.set(m.waits, (byRow = new Map()));
  let band = byRow.get(row);
  if (!band) {
    const g = row.group !== undefined ? m.waits.groups[row.group] : undefined;
    band = new Band(groupDensity(m.waits, g ?? { id: -1, lane: row.lane, call: -1, line: -1, label: '', kind: 0, waits: row.at, firstFrom: 0 }));
    byRow.set(row, band);
  }
  return band;
}

function paintBand(ctx: CanvasRenderingContext2D, row: Row, m: TraceModel, vp: Viewport, y0: number, theme: Theme): void {
  const band = bandOf(m, row);
  if (band.peak === 0) return;
  const s = vp.scale;
  const h = row.height - 4, base = y0 + row.height - 2, sy = h / band.peak;
  const full = band.level(0).t;
  const visible = upperBound(full, s.d1) - Math.max(0, upperBound(full, s.d0) - 1);
  const L = Math.max(0, Math.floor(Math.log2(Math.max(1, visible / (2 * s.width)))));
  const { n, t, shift } = band.level(L);
  let i = Math.max(0, blockAfter(t, shift, n.length, s.d0) - 1);
  const hi = blockAfter(t, shift, n.length, s.d1);
  let c = t[i << shift] <= s.d0 ? n[i] : 0;
  ctx.beginPath();
  ctx.moveTo(-1, base);
  ctx.lineTo(-1, base - c * sy);
  for (; i < hi; i++) {
    const x = Math.max(-1, s.x(t[i << shift]));
    ctx.lineTo(x, base - c * sy);
    c = n[i];
    ctx.lineTo(x, base - c * sy);
  }
  ctx.lineTo(s.width + 1, base - c * sy);
  ctx.lineTo(s.width + 1, base);
  ctx.closePath();
  const colour = theme.kind[row.n ? itemKind(row, 0) : 0];
  ctx.globalAlpha = 0.45;
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1;
  ctx.stroke();
}

/** Paints one wait row; collects labels (text, x0, x1, y) to draw after the fills. */
export function paintWaitRow(ctx: CanvasRenderingContext2D, row: Row, m: TraceModel, vp: Viewport, y0: number, theme: Theme, labels: [string, number, number, number][]): void {
  if (row.n === 0) return;
  if (row.folded) return paintBand(ctx, row, m, vp, y0, theme);
  const s = vp.scale;
  const w = m.waits;
  const { at, cols } = row;
  const hi = startAfter(row, s.d1);
  let lastPx = -Infinity;
  const mid = y0 + row.height / 2;
  for (let i = firstReaching(row, s.d0, 0, hi); i < hi; i++) {
    const k = at[i];
    const a = cols.start[k], b = cols.end[k];
    if (b < s.d0) continue;
    const x0 = Math.max(-2, s.x(a)), x1 = Math.min(s.width + 2, s.x(b));
    // Waits thinner than a pixel that land on the pixel already drawn add nothing.
    if (x1 - x0 < 1 && Math.floor(x0) === lastPx) continue;
    lastPx = Math.floor(x0);
    ctx.fillStyle = theme.kind[cols.kind[k]];
    ctx.globalAlpha = 0.55;
    ctx.fillRect(x0, mid - 2.5, Math.max(1, x1 - x0), 5);
    ctx.globalAlpha = 1;
    // Where its callback ran.
    ctx.fillRect(x1 - 1, y0 + 1, 2, row.height - 2);
    const due = w.due[k];
    if (due + LATE_MS < b && due >= a) {
      const xd = s.x(due);
      ctx.fillStyle = theme.blocked;
      ctx.globalAlpha = 0.6;
      ctx.fillRect(xd, mid - 2.5, Math.max(1, x1 - xd - 1), 5);
      ctx.globalAlpha = 1;
      ctx.fillRect(xd - 0.5, y0 + 2, 1, row.height - 4);
    }
    if (x1 - x0 > 60) labels.push([row.label, Math.max(x0, 0), Math.min(x1, s.width), mid]);
  }
}
