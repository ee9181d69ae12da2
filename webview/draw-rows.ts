/**
 * Paints the items of a lane or call row. Per frame, per row: binary search the first visible
 * item (on the running max of ends), stop at the first start past the right edge, merge items
 * thinner than a pixel (skipping straight to the next pixel with another binary search), batch the
 * rectangles by colour and fill each colour once; and a lane's blocked stretches on top.
 */
import type { Row, TraceModel } from './model';
import { RUNNING, ITEM_KINDS } from './model';
import { KIND } from '../src/core/span-kinds';
import type { Theme } from './theme';
import type { Viewport } from './frame';
import { firstReaching, itemRef, maxEndThrough, nextStartAtOrAfter, startAfter } from './rows';
import { formatDuration } from './scales';
import { t } from './i18n';

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

export const batches = new Batches();
const textWidth = new Map<string, number>();
export function measure(ctx: CanvasRenderingContext2D, s: string): number {
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
export function paintRow(row: Row, m: TraceModel, vp: Viewport, y0: number, labels: [string, number, number, number][]): void {
  const { d0, d1, width, pxPerMs: k } = vp.scale;
  const n = row.n;
  if (n === 0) return;
  const { at, cols: { start: S, end: E, kind: K } } = row;
  const hi = startAfter(row, d1);
  let i = firstReaching(row, d0, 0, hi);
  // Pending merged run.
  let pk = -1, px0 = 0, px1 = 0;
  // The pixel being merged and the first item starting after it (one search per pixel).
  let pixel = -Infinity, pixelEnd = 0;
  const emit = (kind: number, x0: number, x1: number): void => {
    if (kind === pk && x0 <= px1 + 0.5) { if (x1 > px1) px1 = x1; return; }
    if (pk >= 0) { const [oy, h] = itemBox(row, pk); batches.push(pk, px0, y0 + oy, px1 - px0, h); }
    pk = kind; px0 = x0; px1 = x1;
  };
  while (i < hi) {
    const a = at[i];
    const s = S[a], e = E[a];
    if (e < d0) { i++; continue; }
    let x0 = (s - d0) * k, x1 = (e - d0) * k;
    if (x0 < -2) x0 = -2;
    if (x1 > width + 2) x1 = width + 2;
    if (x1 - x0 < 1) {
      const p = Math.floor(x0);
      if (p !== pixel) { pixel = p; pixelEnd = nextStartAtOrAfter(row, d0 + (p + 1) / k, i + 1, hi); }
      const j = pixelEnd;
      const xe = (maxEndThrough(row, j - 1) - d0) * k;
      if (xe <= p + 1.5) { emit(K[a], p, Math.max(p + 1, xe)); i = j; continue; }
      // Only the last item starting in this pixel reaches further (a long callback after short
      // ones): merge the others into the pixel and go on with it, instead of walking them one by one.
      if (j - 1 > i && (maxEndThrough(row, j - 2) - d0) * k <= p + 1.5) { emit(K[a], p, p + 1); i = j - 1; continue; }
      emit(K[a], x0, x0 + 1);
      i++;
      continue;
    }
    emit(K[a], x0, x1);
    if (x1 - x0 > 36) {
      const kind = K[a];
      const ref = itemRef(row, i);
      let text = '';
      if (kind === KIND.await) {
        // The line column alone (a whole span object would decode every column of a big trace).
        const line = ref >= 0 && ref < m.spans.n ? m.spans.line[ref] : -1;
        text = line >= 0 ? t('awaitLine', line) : 'await';
      } else if (kind !== RUNNING && ref >= 0) {
        text = m.spans.labels[m.spans.label[ref]] || ITEM_KINDS[kind];
      }
      if (text) labels.push([text, Math.max(x0, 0), Math.min(x1, width), y0 + (kind === KIND.await ? 0 : row.height / 2)]);
    }
    i++;
  }
  if (pk >= 0) { const [oy, h] = itemBox(row, pk); batches.push(pk, px0, y0 + oy, px1 - px0, h); }
}

export function paintBlocked(ctx: CanvasRenderingContext2D, row: Row, m: TraceModel, vp: Viewport, y0: number, theme: Theme): void {
  const b = m.blocked.get(row.lane);
  if (!b) return;
  const s = vp.scale;
  for (let i = 0; i < b.starts.length; i++) {
    if (!s.shows(b.starts[i], b.ends[i])) continue;
    const x0 = Math.max(-2, s.x(b.starts[i]));
    const x1 = Math.min(s.width + 2, s.x(b.ends[i]));
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
      const cx = Math.max(x0, 0) + (Math.min(x1, s.width) - Math.max(x0, 0)) / 2;
      ctx.fillStyle = theme.bg;
      ctx.fillRect(cx - tw / 2 - 4, y0 + row.height / 2 - 8, tw + 8, 16);
      ctx.fillStyle = theme.blocked;
      ctx.textAlign = 'center';
      ctx.fillText(text, cx, y0 + row.height / 2 + 0.5);
      ctx.textAlign = 'left';
    }
  }
}

