/**
 * Paints rows of spans on a canvas. Per frame, per row: binary search the first visible item
 * (on the running max of ends), stop at the first start past the right edge, merge items thinner
 * than a pixel (skipping straight to the next pixel with another binary search), batch the
 * rectangles by colour and fill each colour once. Labels only where the text fits.
 */
import type { Row, TraceModel } from './model';
import { RUNNING, ITEM_KINDS } from './model';
import { KIND } from '../src/core/span-kinds';
import type { Theme } from './theme';
import { lowerBound, upperBound } from './search';
import { formatDuration } from './scales';
import { refAt, spanAt } from '../src/core/columns/table';
import { t } from './i18n';

/** The visible window: time domain, pixel width, and the vertical scroll offset. */
export interface Viewport {
  d0: number;
  d1: number;
  width: number;
  height: number;
  scrollTop: number;
}

/** Rect batches per kind code: x, y, w, h quadruples. */
class Batches {
  buf: Float32Array[] = ITEM_KINDS.map(() => new Float32Array(4096));
  len = new Int32Array(ITEM_KINDS.length);
  push(kind: number, x: number, y: number, w: number, h: number): void {
    let b = this.buf[kind];
    const n = this.len[kind];
    if (n + 4 > b.length) { const nb = new Float32Array(b.length * 2); nb.set(b); this.buf[kind] = b = nb; }
    b[n] = x; b[n + 1] = y; b[n + 2] = w; b[n + 3] = h;
    this.len[kind] = n + 4;
  }
  flush(ctx: CanvasRenderingContext2D, theme: Theme): void {
    for (let k = 0; k < ITEM_KINDS.length; k++) {
      const n = this.len[k];
      if (n === 0) continue;
      const b = this.buf[k];
      ctx.fillStyle = theme.kind[k];
      ctx.beginPath();
      for (let i = 0; i < n; i += 4) ctx.rect(b[i], b[i + 1], b[i + 2], b[i + 3]);
      ctx.fill();
      this.len[k] = 0;
    }
  }
}

const batches = new Batches();
const textWidth = new Map<string, number>();
function measure(ctx: CanvasRenderingContext2D, s: string): number {
  let w = textWidth.get(s);
  if (w === undefined) {
    w = ctx.measureText(s).width;
    if (textWidth.size > 5000) textWidth.clear();
    textWidth.set(s, w);
  }
  return w;
}

/** Item geometry inside a row: awaits are a thin "waiting" bar, everything else fills the row. */
function itemBox(row: Row, kind: number): [number, number] {
  const pad = row.type === 'lane' ? 3 : 2;
  if (kind === KIND.await) return [row.height / 2 - 1.5, 3];
  return [pad, row.height - 2 * pad];
}

/** Paints the items of one row; collects labels to draw after the fills. */
function paintRow(row: Row, m: TraceModel, vp: Viewport, y0: number, labels: [string, number, number, number][]): void {
  const { d0, d1, width } = vp;
  const k = width / (d1 - d0);
  const n = row.n;
  if (n === 0) return;
  const hi = upperBound(row.starts, d1);
  let i = lowerBound(row.maxEnd, d0, 0, hi);
  // Pending merged run.
  let pk = -1, px0 = 0, px1 = 0;
  const emit = (kind: number, x0: number, x1: number): void => {
    if (kind === pk && x0 <= px1 + 0.5) { if (x1 > px1) px1 = x1; return; }
    if (pk >= 0) { const [oy, h] = itemBox(row, pk); batches.push(pk, px0, y0 + oy, px1 - px0, h); }
    pk = kind; px0 = x0; px1 = x1;
  };
  while (i < hi) {
    const s = row.starts[i], e = row.ends[i];
    if (e < d0) { i++; continue; }
    let x0 = (s - d0) * k, x1 = (e - d0) * k;
    if (x0 < -2) x0 = -2;
    if (x1 > width + 2) x1 = width + 2;
    if (x1 - x0 < 1) {
      const p = Math.floor(x0);
      const j = lowerBound(row.starts, d0 + (p + 1) / k, i + 1, hi);
      const xe = (row.maxEnd[j - 1] - d0) * k;
      if (xe <= p + 1.5) { emit(row.kinds[i], p, Math.max(p + 1, xe)); i = j; continue; }
      emit(row.kinds[i], x0, x0 + 1);
      i++;
      continue;
    }
    emit(row.kinds[i], x0, x1);
    if (x1 - x0 > 36) {
      const kind = row.kinds[i];
      const ref = row.refs[i];
      let text = '';
      if (kind === KIND.await) {
        const sp = spanAt(m.spans, ref);
        text = sp?.line !== undefined ? t('awaitLine', sp.line) : 'await';
      } else if (kind !== RUNNING && ref >= 0) {
        text = m.spans.labels[m.spans.label[ref]] || ITEM_KINDS[kind];
      }
      if (text) labels.push([text, Math.max(x0, 0), Math.min(x1, width), y0 + (kind === KIND.await ? 0 : row.height / 2)]);
    }
    i++;
  }
  if (pk >= 0) { const [oy, h] = itemBox(row, pk); batches.push(pk, px0, y0 + oy, px1 - px0, h); }
}

function paintBlocked(ctx: CanvasRenderingContext2D, row: Row, m: TraceModel, vp: Viewport, y0: number, theme: Theme): void {
  const b = m.blocked.get(row.lane);
  if (!b) return;
  const k = vp.width / (vp.d1 - vp.d0);
  for (let i = 0; i < b.starts.length; i++) {
    if (b.ends[i] < vp.d0 || b.starts[i] > vp.d1) continue;
    const x0 = Math.max(-2, (b.starts[i] - vp.d0) * k);
    const x1 = Math.min(vp.width + 2, (b.ends[i] - vp.d0) * k);
    const w = Math.max(2, x1 - x0);
    ctx.fillStyle = theme.bg;
    ctx.fillRect(x0, y0 + 1, w, row.height - 2);
    ctx.fillStyle = theme.blockedPattern ?? theme.blocked;
    ctx.fillRect(x0, y0 + 1, w, row.height - 2);
    ctx.strokeStyle = theme.blocked;
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 + 1, y0 + 2, w - 2, row.height - 4);
    const text = t('blockedFor', formatDuration(b.ends[i] - b.starts[i]));
    ctx.font = theme.label;
    const tw = measure(ctx, text);
    if (tw + 12 < w) {
      const cx = Math.max(x0, 0) + (Math.min(x1, vp.width) - Math.max(x0, 0)) / 2;
      ctx.fillStyle = theme.bg;
      ctx.fillRect(cx - tw / 2 - 4, y0 + row.height / 2 - 8, tw + 8, 16);
      ctx.fillStyle = theme.blocked;
      ctx.textAlign = 'center';
      ctx.fillText(text, cx, y0 + row.height / 2 + 0.5);
      ctx.textAlign = 'left';
    }
  }
}

function paintConcurrency(ctx: CanvasRenderingContext2D, row: Row, m: TraceModel, vp: Viewport, y0: number, peakAll: number, theme: Theme): void {
  const { t: times, n: counts } = m.conc;
  if (times.length === 0 || peakAll === 0) return;
  const k = vp.width / (vp.d1 - vp.d0);
  const h = row.height - 4;
  const base = y0 + row.height - 2;
  const sy = h / peakAll;
  ctx.beginPath();
  ctx.moveTo(-1, base);
  let i = Math.max(0, upperBound(times, vp.d0) - 1);
  const hi = upperBound(times, vp.d1);
  let c = i < times.length && times[i] <= vp.d0 ? counts[i] : 0;
  ctx.lineTo(-1, base - c * sy);
  let lastPx = -1;
  for (; i < hi; i++) {
    const x = Math.max(-1, (times[i] - vp.d0) * k);
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
  ctx.lineTo(vp.width + 1, base - c * sy);
  ctx.lineTo(vp.width + 1, base);
  ctx.closePath();
  ctx.globalAlpha = 0.35;
  ctx.fillStyle = theme.conc;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = theme.conc;
  ctx.lineWidth = 1;
  ctx.stroke();
}

function paintConsole(ctx: CanvasRenderingContext2D, row: Row, m: TraceModel, vp: Viewport, y0: number, theme: Theme, hoverT: number | undefined): void {
  const ts = m.consoleT;
  const k = vp.width / (vp.d1 - vp.d0);
  let i = lowerBound(ts, vp.d0);
  const hi = upperBound(ts, vp.d1);
  ctx.fillStyle = theme.console;
  ctx.beginPath();
  while (i < hi) {
    const x = (ts[i] - vp.d0) * k;
    ctx.moveTo(x - 4, y0 + 4);
    ctx.lineTo(x + 4, y0 + 4);
    ctx.lineTo(x, y0 + row.height - 4);
    ctx.closePath();
    i = lowerBound(ts, vp.d0 + (Math.floor(x) + 2) / k, i + 1, hi);
  }
  ctx.fill();
  if (hoverT !== undefined && hoverT >= vp.d0 && hoverT <= vp.d1) {
    const x = (hoverT - vp.d0) * k;
    ctx.fillStyle = theme.select;
    ctx.beginPath();
    ctx.moveTo(x - 6, y0 + 1);
    ctx.lineTo(x + 6, y0 + 1);
    ctx.lineTo(x, y0 + row.height - 1);
    ctx.closePath();
    ctx.fill();
  }
}

export interface Selection {
  trace: number;
  idx: number;
  effects: number[];
}

export interface PaintOptions {
  models: TraceModel[];
  rows: Row[];
  vp: Viewport;
  theme: Theme;
  ticks: number[];
  /** Selected span (trace, span index) with the spans it triggered (computed once on selection). */
  selected?: Selection;
  /** Console event time under the pointer / hovered in the side list. */
  hoverT?: number;
  /** Current step: [trace, span index]. */
  step?: [number, number];
}

/** Paints everything visible. The canvas transform must already map CSS pixels. */
export function paint(ctx: CanvasRenderingContext2D, o: PaintOptions): void {
  const { vp, theme } = o;
  ctx.clearRect(0, 0, vp.width, vp.height);
  const k = vp.width / (vp.d1 - vp.d0);
  // Alternate row backgrounds for lanes, grid lines at the axis ticks.
  for (const r of o.rows) {
    const y = r.y - vp.scrollTop;
    if (y + r.height < 0 || y > vp.height) continue;
    if (r.type === 'lane' || r.type === 'header') { ctx.fillStyle = theme.rowAlt; ctx.fillRect(0, y, vp.width, r.height); }
  }
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const tk of o.ticks) { const x = Math.round((tk - vp.d0) * k) + 0.5; ctx.moveTo(x, 0); ctx.lineTo(x, vp.height); }
  ctx.stroke();
  // End-of-run markers per trace.
  const peakAll = Math.max(1, ...o.models.map((m) => m.conc.peak));
  const labels: [string, number, number, number][] = [];
  for (const r of o.rows) {
    const y = r.y - vp.scrollTop;
    if (y + r.height < 0 || y > vp.height) continue;
    const m = o.models[r.trace];
    if (r.type === 'lane' || r.type === 'call') {
      if (r.type === 'call') {
        // A faint guide line for the whole life of the call.
        ctx.fillStyle = theme.grid;
        ctx.fillRect(0, y + r.height / 2 - 0.5, vp.width, 1);
      }
      paintRow(r, m, vp, y, labels);
      batches.flush(ctx, theme);
      if (r.type === 'lane') paintBlocked(ctx, r, m, vp, y, theme);
    } else if (r.type === 'concurrency') paintConcurrency(ctx, r, m, vp, y, peakAll, theme);
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

/** Outlines the selected span, its cause and its effects (and the current step), with links. */
function paintHighlights(ctx: CanvasRenderingContext2D, o: PaintOptions): void {
  const { vp, theme } = o;
  const k = vp.width / (vp.d1 - vp.d0);
  const boxOf = (trace: number, idx: number): [number, number, number, number] | undefined => {
    const m = o.models[trace];
    const s = m && spanAt(m.spans, idx);
    if (!s) return undefined;
    const row = s.kind === 'await'
      ? o.rows.find((r) => r.type === 'call' && r.trace === trace && r.call === s.call)
      : o.rows.find((r) => r.type === 'lane' && r.trace === trace && r.lane === s.lane);
    if (!row) return undefined;
    const x0 = (s.start - vp.d0) * k, x1 = Math.max(x0 + 3, (s.end - vp.d0) * k);
    return [x0, row.y - vp.scrollTop + 1, x1 - x0, row.height - 2];
  };
  const outline = (b: [number, number, number, number] | undefined, color: string, width: number): void => {
    if (!b) return;
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.strokeRect(b[0] - 1, b[1], b[2] + 2, b[3]);
  };
  const link = (a: [number, number, number, number] | undefined, b: [number, number, number, number] | undefined, color: string): void => {
    if (!a || !b) return;
    const ax = a[0] + a[2], ay = a[1] + a[3] / 2, bx = b[0], by = b[1] + b[3] / 2;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(ax, ay);
    ctx.bezierCurveTo(ax + 30, ay, bx - 30, by, bx, by);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(bx, by); ctx.lineTo(bx - 6, by - 4); ctx.lineTo(bx - 6, by + 4); ctx.closePath();
    ctx.fillStyle = color;
    ctx.fill();
  };
  if (o.step) outline(boxOf(o.step[0], o.step[1]), theme.select, 3);
  if (!o.selected) return;
  const { trace: tr, idx, effects } = o.selected;
  const m = o.models[tr];
  if (!m) return;
  const sel = boxOf(tr, idx);
  const cause = refAt(m.spans, m.spans.trigger[idx]);
  if (cause >= 0) { const cb = boxOf(tr, cause); outline(cb, theme.cause, 2); link(cb, sel, theme.cause); }
  for (const i of effects.slice(0, 200)) {
    const eb = boxOf(tr, i);
    outline(eb, theme.effect, 2);
    link(sel, eb, theme.effect);
  }
  outline(sel, theme.select, 3);
}
