/**
 * The timeline view: lane labels (DOM) beside a canvas (spans), a d3 time axis above, d3-zoom for
 * wheel / drag / double-click / keyboard zoom and pan. Redraws are coalesced to one per animation
 * frame. Emits hover, select and domain changes for the other panels.
 */
import { select } from 'd3-selection';
import { zoom as d3zoom, zoomIdentity, type ZoomBehavior, type D3ZoomEvent } from 'd3-zoom';
import { scaleLinear } from 'd3-scale';
import type { Row, TraceModel } from './model';
import { layoutRows } from './model';
import { paint } from './paint';
import type { Selection as SpanSelection } from './frame';
import { TimeScale } from './time-scale';
import { describeHit } from './hit-text';
import { readTheme, watchTheme, type Theme } from './theme';
import { TimeAxis } from './axis';
import { Tooltip } from './tooltip';
import { hitAt, rowAt, type Hit } from './hit-test';
import { clickAction } from './hit-action';
import { el } from './dom';
import { renderRowLabels } from './row-labels';
import { StartupMarker } from './startup-marker';
import { t } from './i18n';
import { perf } from './perf';
import { triggeredBy } from '../src/core/columns/table';

export interface TimelineEvents {
  /** A span was selected (spanIdx -1: the selection was cleared). */
  onSelect?: (trace: number, spanIdx: number) => void;
  onOpenSource?: (line: number, col: number | undefined, trace: number, file?: string) => void;
  onDomain?: (d0: number, d1: number) => void;
  /** A folded group of waits was opened or closed (its row's label). */
  onToggleGroup?: (trace: number, group: number) => void;
}

/** The view opens on the program: this share of the shown range is left before its first span. */
const OPEN_MARGIN = 0.03;

const LABEL_W = 190;

export class Timeline {
  readonly root = el('div', { class: 'timeline' });
  private axisHost = el('div', { class: 'axis-host' });
  private scroll = el('div', { class: 'timeline-scroll' });
  private inner = el('div', { class: 'timeline-inner' });
  private labels = el('div', { class: 'lane-labels', role: 'list', 'aria-label': t('lanes') });
  private cell = el('div', { class: 'canvas-cell' });
  readonly canvas = el('canvas', { class: 'spans', tabindex: 0, role: 'img', 'aria-label': t('timelineLabel') });
  private ctx: CanvasRenderingContext2D;
  private axis: TimeAxis;
  private tooltip: Tooltip;
  private zoom: ZoomBehavior<HTMLCanvasElement, unknown>;
  private theme: Theme;
  private models: TraceModel[] = [];
  private rows: Row[] = [];
  private duration = 1;
  private width = 600;
  private viewH = 300;
  private totalH = 0;
  private x = scaleLinear().domain([0, 1]).range([0, 600]);
  private base = scaleLinear().domain([0, 1]).range([0, 600]);
  private frame = 0;
  private selected?: SpanSelection;
  private step?: [number, number];
  private hoverT?: number;
  private startup: StartupMarker;
  private scrollTop = 0;

  constructor(host: HTMLElement, private ev: TimelineEvents = {}) {
    const ctx = this.canvas.getContext('2d', { alpha: true });
    if (!ctx) throw new Error('canvas 2d unavailable');
    this.ctx = ctx;
    const axisRow = el('div', { class: 'axis-row' });
    const spacer = el('div', { class: 'axis-spacer' });
    axisRow.append(spacer, this.axisHost);
    this.axis = new TimeAxis(this.axisHost);
    this.cell.append(this.canvas);
    this.startup = new StartupMarker(spacer, () => this.setDomain(0, this.domain()[1]));
    this.inner.append(this.labels, this.cell);
    this.scroll.append(this.inner);
    this.root.append(axisRow, this.scroll);
    host.append(this.root);
    this.tooltip = new Tooltip(document.body);
    this.theme = readTheme();
    watchTheme(() => { this.theme = readTheme(); this.redraw(); });

    this.zoom = d3zoom<HTMLCanvasElement, unknown>()
      .filter((e: Event) => {
        const me = e as MouseEvent;
        return (!me.ctrlKey || e.type === 'wheel') && !me.button;
      })
      .on('zoom', (e: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        this.x = e.transform.rescaleX(this.base);
        this.redraw();
        const [d0, d1] = this.x.domain();
        this.startup.update(this.models.length ? this.programStart() : 0, d0);
        this.ev.onDomain?.(d0, d1);
      });
    select(this.canvas).call(this.zoom);
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.canvas.addEventListener('pointermove', (e) => this.onHover(e));
    this.canvas.addEventListener('pointerleave', () => this.tooltip.hide());
    this.canvas.addEventListener('click', (e) => this.onClick(e));
    // Kept here so a paint never reads layout (a forced layout each frame, after the axis changed the DOM).
    this.scroll.addEventListener('scroll', () => { this.scrollTop = this.scroll.scrollTop; this.redraw(); }, { passive: true });
    new ResizeObserver(() => this.resize()).observe(this.scroll);
  }

  /**
   * Shows these traces (one, or two in compare mode) on one time axis, zoomed to the programs' own
   * activity: Node's start-up before the first span is folded into a marker that opens it.
   */
  setModels(models: TraceModel[]): void {
    this.models = models;
    this.duration = Math.max(1e-3, ...models.map((m) => m.duration));
    this.selected = undefined;
    this.layout();
    select(this.canvas).call(this.zoom.transform, zoomIdentity);
    const start = this.programStart();
    if (start > 0) this.setDomain(Math.max(0, start - OPEN_MARGIN * (this.duration - start)), this.duration);
  }

  /** When the programs' own code began: the earliest summary start (Node's start-up ends there). */
  programStart(): number { return Math.min(...this.models.map((m) => m.summary.startMs)); }

  /** Lays the rows out again, keeping the visible range (a group of waits opened or closed). */
  relayout(): void {
    const [d0, d1] = this.domain();
    this.layout();
    this.setDomain(d0, d1);
    this.redraw();
  }

  private layout(): void {
    this.rows = this.models.flatMap((m) => m.rows);
    this.totalH = layoutRows(this.rows);
    this.renderLabels();
    this.resize();
  }

  private renderLabels(): void {
    this.inner.style.height = `${this.totalH}px`;
    renderRowLabels(this.labels, this.rows, this.models, (trace, group) => this.ev.onToggleGroup?.(trace, group));
  }
  private resize(): void {
    const w = Math.max(100, this.scroll.clientWidth - LABEL_W);
    const h = Math.max(40, Math.min(this.totalH, this.scroll.clientHeight || this.totalH));
    const dpr = window.devicePixelRatio || 1;
    this.width = w;
    this.viewH = h;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const [d0, d1] = this.x.domain();
    this.base = scaleLinear().domain([0, this.duration]).range([0, w]);
    const maxK = Math.max(2, this.duration / 0.002);
    this.zoom.scaleExtent([1, maxK]).translateExtent([[0, 0], [w, h]]).extent([[0, 0], [w, h]]);
    if (this.models.length && d1 > d0 && (d0 > 0 || d1 < this.duration)) this.setDomain(d0, d1);
    else { this.x = this.base.copy(); this.redraw(); }
  }

  /** The visible time range, ms. */
  domain(): [number, number] {
    const [a, b] = this.x.domain();
    return [a, b];
  }

  fullDuration(): number {
    return this.duration;
  }

  /** Zooms to show [d0, d1]. */
  setDomain(d0: number, d1: number): void {
    const a = Math.max(0, Math.min(d0, d1)), b = Math.min(this.duration, Math.max(d0, d1));
    if (!(b > a)) return;
    const k = this.duration / (b - a);
    const tr = zoomIdentity.scale(k).translate(-this.base(a), 0);
    select(this.canvas).call(this.zoom.transform, tr);
  }

  /** Pans (not zooms) so that time `tm` is visible, keeping the zoom level. */
  reveal(tm: number): void {
    const [a, b] = this.domain();
    if (tm >= a && tm <= b) return;
    const half = (b - a) / 2;
    this.setDomain(Math.max(0, tm - half), Math.max(0, tm - half) + 2 * half);
  }

  zoomBy(f: number): void {
    select(this.canvas).call(this.zoom.scaleBy, f);
  }

  panBy(fraction: number): void {
    const k = this.duration / (this.domain()[1] - this.domain()[0]);
    select(this.canvas).call(this.zoom.translateBy, (-fraction * this.width) / k, 0);
  }

  reset(): void {
    select(this.canvas).call(this.zoom.transform, zoomIdentity);
  }

  setStep(step: [number, number] | undefined): void {
    this.step = step;
    this.redraw();
  }

  setHoverTime(tm: number | undefined): void {
    this.hoverT = tm;
    if (tm !== undefined) this.reveal(tm);
    this.redraw();
  }

  /** Selects a span and highlights what triggered it and what it triggered. */
  select(trace: number, idx: number | undefined): void {
    if (idx === undefined) { this.selected = undefined; this.redraw(); return; }
    const m = this.models[trace];
    this.selected = { trace, idx, effects: triggeredBy(m.spans, idx) };
    this.redraw();
  }

  /** Clears the selection and tells the listener (span index -1). */
  private deselect(): void {
    if (!this.selected) return;
    this.select(0, undefined);
    this.ev.onSelect?.(0, -1);
  }

  selection(): SpanSelection | undefined {
    return this.selected;
  }

  /** Asks for a repaint on the next animation frame (many calls, one paint). */
  redraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paintNow();
    });
  }

  private paintNow(): void {
    if (!this.models.length) return;
    const t0 = performance.now();
    const ticks = this.axis.update(this.x, this.width);
    const [d0, d1] = this.x.domain();
    paint(this.ctx, {
      models: this.models, rows: this.rows, theme: this.theme, ticks,
      vp: { scale: new TimeScale(d0, d1, this.width), height: this.viewH, scrollTop: this.scrollTop },
      selected: this.selected, step: this.step, hoverT: this.hoverT,
    });
    perf.frame(performance.now() - t0, { d0, d1, width: this.width });
  }

  private onKey(e: KeyboardEvent): void {
    const keys: Record<string, () => void> = {
      ArrowLeft: () => this.panBy(-0.15),
      ArrowRight: () => this.panBy(0.15),
      '+': () => this.zoomBy(1.5),
      '=': () => this.zoomBy(1.5),
      '-': () => this.zoomBy(1 / 1.5),
      '0': () => this.reset(),
      Home: () => this.reset(),
      Escape: () => this.deselect(),
    };
    const f = keys[e.key];
    if (f) { e.preventDefault(); f(); }
  }

  private hitFromEvent(e: MouseEvent): [Hit | undefined, number] {
    const r = this.canvas.getBoundingClientRect();
    const px = e.clientX - r.left, py = e.clientY - r.top + this.scroll.scrollTop;
    const tm = this.x.invert(px);
    const row = rowAt(this.rows, py);
    if (!row) return [undefined, tm];
    const [d0, d1] = this.x.domain();
    const tol = 3 / new TimeScale(d0, d1, this.width).pxPerMs; // three pixels, in ms
    return [hitAt(row, this.models[row.trace], tm, tol), tm];
  }

  private onHover(e: PointerEvent): void {
    if (e.buttons) { this.tooltip.hide(); return; }
    const [hit] = this.hitFromEvent(e);
    if (!hit) { this.tooltip.hide(); this.canvas.style.cursor = ''; return; }
    this.canvas.style.cursor = hit.type === 'item' ? 'pointer' : '';
    this.tooltip.show(describeHit(hit, this.models[hit.row.trace]), e.clientX, e.clientY);
  }

  private onClick(e: MouseEvent): void {
    const [hit] = this.hitFromEvent(e);
    if (!hit) { this.deselect(); return; }
    const act = clickAction(hit, this.models[hit.row.trace]);
    if (act.select !== undefined) {
      this.select(hit.row.trace, act.select);
      if (act.notify) this.ev.onSelect?.(hit.row.trace, act.select);
    }
    if (act.line !== undefined) this.ev.onOpenSource?.(act.line, act.col, hit.row.trace, act.file);
  }
}
