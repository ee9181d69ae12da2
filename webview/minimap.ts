/**
 * Minimap: the whole run in a thin strip (what ran on each lane, blocked stretches in the error
 * colour) with a d3-brush showing, and setting, the visible range. Painted once per size/theme.
 */
import { select } from 'd3-selection';
import { brushX, type BrushBehavior, type D3BrushEvent } from 'd3-brush';
import type { TraceModel } from './model';
import { firstReaching, itemKind, itemStart, maxEndThrough, startAtOrAfter } from './rows';
import { TimeScale } from './time-scale';
import { readTheme } from './theme';
import { el } from './dom';
import { t } from './i18n';

const H = 34;

export class Minimap {
  readonly root = el('div', { class: 'minimap', role: 'group', 'aria-label': t('minimapLabel') });
  private canvas = el('canvas', { 'aria-hidden': 'true' });
  private svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  private brush: BrushBehavior<unknown>;
  private models: TraceModel[] = [];
  private duration = 1;
  private width = 600;
  private syncing = false;

  constructor(host: HTMLElement, private onBrush: (d0: number, d1: number) => void) {
    this.root.append(this.canvas, this.svg);
    host.append(this.root);
    this.brush = brushX()
      .on('brush end', (e: D3BrushEvent<unknown>) => {
        if (this.syncing || !e.sourceEvent || !e.selection) return;
        const [a, b] = e.selection as [number, number];
        const s = new TimeScale(0, this.duration, this.width);
        this.onBrush(s.t(a), s.t(b));
      });
    new ResizeObserver(() => this.resize()).observe(this.root);
  }

  setModels(models: TraceModel[], duration: number): void {
    this.models = models;
    this.duration = duration;
    this.resize();
  }

  /** Moves the brush to show the timeline's visible range (no event back). */
  show(d0: number, d1: number): void {
    this.syncing = true;
    const full = d0 <= 0 && d1 >= this.duration;
    const s = new TimeScale(0, this.duration, this.width);
    select(this.svg).select<SVGGElement>('g.brush').call(this.brush.move as never, full ? null : [s.x(d0), s.x(d1)]);
    this.syncing = false;
  }

  private resize(): void {
    const w = Math.max(100, this.root.clientWidth);
    this.width = w;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(H * dpr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${H}px`;
    this.svg.setAttribute('width', String(w));
    this.svg.setAttribute('height', String(H));
    this.brush.extent([[0, 0], [w, H]]);
    let g = select(this.svg).select<SVGGElement>('g.brush');
    if (g.empty()) g = select(this.svg).append('g').attr('class', 'brush');
    g.call(this.brush);
    this.paint(dpr);
  }

  private paint(dpr: number): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, H);
    const theme = readTheme();
    const lanes = this.models.flatMap((m) => m.rows.filter((r) => r.type === 'lane').map((r) => [m, r] as const));
    if (!lanes.length) return;
    const rh = Math.max(3, Math.floor((H - 2) / lanes.length));
    const s = new TimeScale(0, this.duration, this.width);
    lanes.forEach(([m, r], li) => {
      const y = 1 + li * rh;
      ctx.fillStyle = theme.kind[0];
      // One column per pixel that has any span: a binary search per pixel, whatever the span count.
      for (let i = firstReaching(r, 0); i < r.n; ) {
        const x0 = s.x(itemStart(r, i));
        const x1 = Math.max(x0 + 1, s.x(maxEndThrough(r, i)));
        ctx.fillStyle = theme.kind[itemKind(r, i)];
        ctx.fillRect(x0, y, x1 - x0, rh - 1);
        i = startAtOrAfter(r, s.t(Math.floor(x1) + 1), i + 1);
      }
      const b = m.blocked.get(r.lane);
      if (b) {
        ctx.fillStyle = theme.blocked;
        for (let i = 0; i < b.starts.length; i++) ctx.fillRect(s.x(b.starts[i]), y, Math.max(1, s.x(b.ends[i]) - s.x(b.starts[i])), rh - 1);
      }
    });
  }
}
