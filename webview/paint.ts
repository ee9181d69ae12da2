/**
 * Paints everything visible on the timeline's canvas for one frame: row backgrounds and grid
 * lines, each row (draw-rows.ts, wait rows: draw-waits.ts), the strips (draw-strips.ts), the labels that fit, and the
 * highlights (draw-highlights.ts). Every painter reads the frame's one TimeScale.
 */
import type { PaintOptions } from './frame';
import { batches, measure, paintBlocked, paintRow } from './draw-rows';
import { paintConcurrency, paintConsole } from './draw-strips';
import { paintHighlights } from './draw-highlights';
import { paintWaitRow } from './draw-waits';
import { formatDuration } from './scales';
import { t } from './i18n';



/** Paints everything visible. The canvas transform must already map CSS pixels. */
export function paint(ctx: CanvasRenderingContext2D, o: PaintOptions): void {
  const { vp, theme } = o;
  const s = vp.scale;
  ctx.clearRect(0, 0, s.width, vp.height);
  // Alternate row backgrounds for lanes, grid lines at the axis ticks.
  for (const r of o.rows) {
    const y = r.y - vp.scrollTop;
    if (y + r.height < 0 || y > vp.height) continue;
    if (r.type === 'lane' || r.type === 'header') { ctx.fillStyle = theme.rowAlt; ctx.fillRect(0, y, s.width, r.height); }
  }
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const tk of o.ticks) { const x = Math.round(s.x(tk)) + 0.5; ctx.moveTo(x, 0); ctx.lineTo(x, vp.height); }
  ctx.stroke();
  paintStartup(ctx, o);
  // End-of-run markers per trace.
  const peakAll = Math.max(1, ...o.models.map((m) => m.summary.peakConcurrency));
  const labels: [string, number, number, number][] = [];
  for (const r of o.rows) {
    const y = r.y - vp.scrollTop;
    if (y + r.height < 0 || y > vp.height) continue;
    const m = o.models[r.trace];
    if (r.type === 'lane' || r.type === 'call') {
      if (r.type === 'call') {
        // A faint guide line for the whole life of the call.
        ctx.fillStyle = theme.grid;
        ctx.fillRect(0, y + r.height / 2 - 0.5, s.width, 1);
      }
      paintRow(r, m, vp, y, labels);
      batches.flush(ctx, theme);
      if (r.type === 'lane') paintBlocked(ctx, r, m, vp, y, theme);
    } else if (r.type === 'wait') paintWaitRow(ctx, r, m, vp, y, theme, labels);
    else if (r.type === 'concurrency') paintConcurrency(ctx, r, m, vp, y, peakAll, theme);
    else if (r.type === 'console') paintConsole(ctx, r, m, vp, y, theme, o.hoverT);
  }
  // Labels that fit, in the foreground colour on a translucent box.
  ctx.font = theme.font;
  ctx.textBaseline = 'middle';
  for (const [text, x0, x1, y] of labels) {
    const w = x1 - x0 - 8;
    if (w < 16) continue;
    let s = text;
    if (measure(ctx, s) > w) {
      let lo = 0, hi2 = s.length;
      while (lo < hi2) { const mid = (lo + hi2 + 1) >> 1; if (measure(ctx, s.slice(0, mid) + '…') <= w) lo = mid; else hi2 = mid - 1; }
      if (lo < 2) continue;
      s = s.slice(0, lo) + '…';
    }
    ctx.fillStyle = theme.bg;
    ctx.globalAlpha = 0.75;
    ctx.fillRect(x0 + 2, y - 7, measure(ctx, s) + 4, 14);
    ctx.globalAlpha = 1;
    ctx.fillStyle = theme.fg;
    ctx.fillText(s, x0 + 4, y);
  }
  paintHighlights(ctx, o);
}


/** Node's start-up (before the program's first span), shaded and named when it is on screen. */
function paintStartup(ctx: CanvasRenderingContext2D, o: PaintOptions): void {
  const s = o.vp.scale;
  const start = Math.min(...o.models.map((m) => m.summary.startMs));
  if (!(start > 0) || !s.shows(0, start)) return;
  const x1 = Math.min(s.width, s.x(start));
  ctx.fillStyle = o.theme.grid;
  ctx.fillRect(Math.max(0, s.x(0)), 0, x1 - Math.max(0, s.x(0)), o.vp.height);
  const text = t('startup', formatDuration(start));
  ctx.font = o.theme.font;
  if (measure(ctx, text) + 8 < x1) {
    ctx.fillStyle = o.theme.muted;
    ctx.textBaseline = 'top';
    ctx.fillText(text, Math.max(0, s.x(0)) + 4, 4);
  }
}
