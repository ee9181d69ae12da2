/** Paints the strips below a trace's lanes: operations pending over time (the core's concurrency) and the console marks. */
import type { Row, TraceModel } from './model';
import type { Theme } from './theme';
import type { Viewport } from './frame';
import { lowerBound, upperBound } from './search';

export function paintConcurrency(ctx: CanvasRenderingContext2D, row: Row, m: TraceModel, vp: Viewport, y0: number, peakAll: number, theme: Theme): void {
  const { t: times, n: counts } = m.conc;
  if (times.length === 0 || peakAll === 0) return;
  const s = vp.scale;
  const h = row.height - 4;
  const base = y0 + row.height - 2;
  const sy = h / peakAll;
  ctx.beginPath();
  ctx.moveTo(-1, base);
  let i = Math.max(0, upperBound(times, s.d0) - 1);
  const hi = upperBound(times, s.d1);
  let c = i < times.length && times[i] <= s.d0 ? counts[i] : 0;
  ctx.lineTo(-1, base - c * sy);
  let lastPx = -1;
  for (; i < hi; i++) {
    const x = Math.max(-1, s.x(times[i]));
    const px = Math.floor(x);
    if (px === lastPx) {
      // Several changes in one pixel: keep the highest value seen there.
      c = counts[i];
      ctx.lineTo(x, base - c * sy);
      continue;
    }
    lastPx = px;
    ctx.lineTo(x, base - c * sy);
    c = counts[i];
    ctx.lineTo(x, base - c * sy);
  }
  ctx.lineTo(s.width + 1, base - c * sy);
  ctx.lineTo(s.width + 1, base);
  ctx.closePath();
  ctx.globalAlpha = 0.35;
  ctx.fillStyle = theme.conc;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = theme.conc;
  ctx.lineWidth = 1;
  ctx.stroke();
}

export function paintConsole(ctx: CanvasRenderingContext2D, row: Row, m: TraceModel, vp: Viewport, y0: number, theme: Theme, hoverT: number | undefined): void {
  const ts = m.consoleT;
  const s = vp.scale;
  let i = lowerBound(ts, s.d0);
  const hi = upperBound(ts, s.d1);
  ctx.fillStyle = theme.console;
  ctx.beginPath();
  while (i < hi) {
    const x = s.x(ts[i]);
    ctx.moveTo(x - 4, y0 + 4);
    ctx.lineTo(x + 4, y0 + 4);
    ctx.lineTo(x, y0 + row.height - 4);
    ctx.closePath();
    i = lowerBound(ts, s.t(Math.floor(x) + 2), i + 1, hi);
  }
  ctx.fill();
  if (hoverT !== undefined && s.shows(hoverT, hoverT)) {
    const x = s.x(hoverT);
    ctx.fillStyle = theme.select;
    ctx.beginPath();
    ctx.moveTo(x - 6, y0 + 1);
    ctx.lineTo(x + 6, y0 + 1);
    ctx.lineTo(x, y0 + row.height - 1);
    ctx.closePath();
    ctx.fill();
  }
}

