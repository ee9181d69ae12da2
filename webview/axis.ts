/** The time axis (d3-axis on SVG) above the canvas; its unit follows the visible range. */
import { select, type Selection } from 'd3-selection';
import { axisTop } from 'd3-axis';
import type { ScaleLinear } from 'd3-scale';
import { tickFormatter } from './scales';

export class TimeAxis {
  readonly svg: SVGSVGElement;
  private g: Selection<SVGGElement, unknown, null, undefined>;
  private width = -1;

  constructor(host: HTMLElement) {
    this.svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg.setAttribute('class', 'axis');
    this.svg.setAttribute('aria-hidden', 'true');
    host.append(this.svg);
    this.g = select(this.svg).append('g').attr('transform', 'translate(0,22)');
  }

  /** Redraws for scale `x` (domain in ms, range in CSS px); returns the tick values for grid lines. */
  update(x: ScaleLinear<number, number>, width: number): number[] {
    // Only when it changed: setting an attribute, even to its value, costs a style and layout pass.
    if (width !== this.width) { this.width = width; this.svg.setAttribute('width', String(width)); this.svg.setAttribute('height', '24'); }
    const count = Math.max(2, Math.floor(width / 90));
    const ticks = x.ticks(count);
    const [d0, d1] = x.domain();
    const fmt = tickFormatter(d0, d1, ticks.length);
    this.g.call(axisTop(x).tickValues(ticks).tickFormat((d) => fmt(Number(d))).tickSizeOuter(0));
    return ticks;
  }
}
