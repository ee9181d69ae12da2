/** What one paint of the timeline's canvas takes: the viewport (with its time scale), the rows, the theme, the selection. */
import type { Row, TraceModel } from './model';
import type { Theme } from './theme';
import type { TimeScale } from './time-scale';

/** The visible window: the time scale, the canvas height and the vertical scroll offset (CSS px). */
export interface Viewport {
  scale: TimeScale;
  height: number;
  scrollTop: number;
}

/** A selected span and the spans it triggered. */
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

