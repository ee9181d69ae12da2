/**
 * Timing counters read by the benchmark and tests (window.__asyncViz): when the first paint
 * happened and how long each paint took. Cheap; always on.
 */
export interface PerfStats {
  firstPaint?: number;
  frames: number[];
  paints: number;
  /** Named moments (ms since navigation start): `data` = JSON parsed, `model` = view model built. */
  marks: Record<string, number>;
  /** Visible time range and canvas width at the last paint (for tests: where a time is drawn). */
  view?: { d0: number; d1: number; width: number };
}

const stats: PerfStats = { frames: [], paints: 0, marks: {} };
(globalThis as unknown as { __asyncViz?: { perf: PerfStats } }).__asyncViz = { perf: stats };

export const perf = {
  frame(ms: number, view?: PerfStats['view']): void {
    stats.view = view;
    if (stats.firstPaint === undefined) stats.firstPaint = performance.now();
    stats.paints++;
    if (stats.frames.length < 10000) stats.frames.push(ms);
  },
  mark(name: string): void {
    stats.marks[name] = performance.now();
  },
  stats,
};
