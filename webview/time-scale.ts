/**
 * The time scale of a paint: the visible time range (ms) on a width of CSS pixels, and the one
 * time ↔ x conversion every painter uses (made once per frame by the timeline, once per size by
 * the minimap). Hot loops read `pxPerMs` into a local; nothing recomputes it.
 */
export class TimeScale {
  /** CSS pixels per millisecond. */
  readonly pxPerMs: number;

  constructor(
    /** Visible range, ms. */
    readonly d0: number,
    readonly d1: number,
    /** Width in CSS pixels. */
    readonly width: number,
  ) {
    this.pxPerMs = d1 > d0 ? width / (d1 - d0) : 0;
  }

  /** x (CSS px) of time t. */
  x(t: number): number {
    return (t - this.d0) * this.pxPerMs;
  }

  /** Time of x (CSS px). */
  t(x: number): number {
    return this.d0 + x / this.pxPerMs;
  }

  /** True when [a, b] overlaps the visible range. */
  shows(a: number, b: number): boolean {
    return b >= this.d0 && a <= this.d1;
  }
}
