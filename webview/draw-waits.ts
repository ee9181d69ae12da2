/**
 * Paints wait rows (wait-rows.ts). A wait is a thin bar in its operation's colour from when it
 * was started to when its callback ran, with a tick where the callback ran; a timer that ran
 * late shows where it was due, and the late part in the blocked colour. A folded row is a
 * density band: how many of its waits were pending at each moment, scaled to the group's peak.
 */
import type { Row, TraceModel } from './model';
import type { Theme } from './theme';
import type { Viewport } from './frame';
import { lowerBound, upperBound } from './search';
import { groupDensity, type WaitTable } from '../src/core/waits';
import type { StepFunction } from '../src/core/intervals';

/** A timer that ran this much after it was due (ms) shows its late part. */
export const LATE_MS = 1;

const bands = new WeakMap<WaitTable, Map<Row, StepFunction>>();

/** The density step function of a folded row's waits (kept per row). */
function bandOf(m: TraceModel, row: Row): StepFunction {
  let byRow = bands.get(m.waits);
  if (!byRow) bands.set(m.waits, (byRow = new Map()));
  let band = byRow.get(row);
  if (!band) {
    const g = row.group !== undefined ? m.waits.groups[row.group] : undefined;
    band = g ? groupDensity(m.waits, g) : groupDensityOfRow(m.waits, row);
    byRow.set(row, band);
  }
  return band;
}

/** The density of a row's own waits (the row that gathers an owner's remaining groups). */
function groupDensityOfRow(w: WaitTable, row: Row): StepFunction {
  return groupDensity(w, { id: -1, lane: row.lane, call: -1, line: -1, label: '', kind: 0, waits: row.refs, peak: 0 });
}

function paintBand(ctx: CanvasRenderingContext2D, row: Row, m: TraceModel, vp: Viewport, y0: number, theme: Theme): void {
  const band = bandOf(m, row);
  if (band.peak === 0) return;
  const s = vp.scale;
  const h = row.height - 4, base = y0 + row.height - 2, sy = h / band.peak;
  const { t, n } = band;
  let i = Math.max(0, upperBound(t, s.d0) - 1);
  const hi = upperBound(t, s.d1);
  let c = t[i] <= s.d0 ? n[i] : 0;
  ctx.beginPath();
  ctx.moveTo(-1, base);
  ctx.lineTo(-1, base - c * sy);
  let lastPx = -2;
  for (; i < hi; i++) {
    const x = Math.max(-1, s.x(t[i]));
    const px = Math.floor(x);
    // Many changes in one pixel: draw the pixel once at the highest count seen there.
    if (px === lastPx) { if (n[i] > c) { c = n[i]; ctx.lineTo(x, base - c * sy); } else c = n[i]; continue; }
    lastPx = px;
    ctx.lineTo(x, base - c * sy);
    c = n[i];
    ctx.lineTo(x, base - c * sy);
  }
  ctx.lineTo(s.width + 1, base - c * sy);
  ctx.lineTo(s.width + 1, base);
  ctx.closePath();
  const colour = theme.kind[row.kinds[0] ?? 0];
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
  const hi = upperBound(row.starts, s.d1);
  let lastPx = -Infinity;
  const mid = y0 + row.height / 2;
  for (let i = lowerBound(row.maxEnd, s.d0, 0, hi); i < hi; i++) {
    const a = row.starts[i], b = row.ends[i];
    if (b < s.d0) continue;
    const x0 = Math.max(-2, s.x(a)), x1 = Math.min(s.width + 2, s.x(b));
    // Waits thinner than a pixel that land on the pixel already drawn add nothing.
    if (x1 - x0 < 1 && Math.floor(x0) === lastPx) continue;
    lastPx = Math.floor(x0);
    const k = row.refs[i];
    ctx.fillStyle = theme.kind[row.kinds[i]];
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
