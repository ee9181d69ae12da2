/** Outlines the selected span (with links to its cause and its effects) and the current step. */
import type { PaintOptions } from './frame';
import { refAt, spanAt } from '../src/core/columns/table';

/** Outlines the selected span, its cause and its effects (and the current step), with links. */
export function paintHighlights(ctx: CanvasRenderingContext2D, o: PaintOptions): void {
  const { vp, theme } = o;
  const s0 = vp.scale;
  const boxOf = (trace: number, idx: number): [number, number, number, number] | undefined => {
    const m = o.models[trace];
    const s = m && spanAt(m.spans, idx);
    if (!s) return undefined;
    const row = s.kind === 'await'
      ? o.rows.find((r) => r.type === 'call' && r.trace === trace && r.call === s.call)
      : o.rows.find((r) => r.type === 'lane' && r.trace === trace && r.lane === s.lane);
    if (!row) return undefined;
    const x0 = s0.x(s.start), x1 = Math.max(x0 + 3, s0.x(s.end));
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
