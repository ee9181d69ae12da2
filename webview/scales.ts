/**
 * Time formatting for the axis, tooltips and summary: picks µs, ms or s from the size of the
 * value (or of the visible range, for axis ticks) so labels stay short and readable.
 */

export type TimeUnit = 'µs' | 'ms' | 's';

/** The unit that suits a span of `rangeMs` milliseconds. */
export function unitFor(rangeMs: number): TimeUnit {
  const r = Math.abs(rangeMs);
  if (r < 2) return 'µs';
  if (r < 2000) return 'ms';
  return 's';
}

function trim(n: number, digits: number): string {
  const s = n.toFixed(digits);
  return (s.includes('.') ? s.replace(/\.?0+$/, '') : s) || '0';
}

/** Formats ms in a given unit, with enough digits for the step between ticks. */
export function formatIn(ms: number, unit: TimeUnit, stepMs = 0): string {
  const f = unit === 'µs' ? 1000 : unit === 's' ? 0.001 : 1;
  const step = stepMs * f;
  const digits = step > 0 ? Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) + 0.001))) : 2;
  return `${trim(ms * f, digits)} ${unit}`;
}

/** A human duration: `850 µs`, `12.3 ms`, `1.25 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const a = Math.abs(ms);
  if (a === 0) return '0 ms';
  if (a < 1) return `${trim(ms * 1000, a < 0.01 ? 2 : 0)} µs`;
  if (a < 1000) return `${trim(ms, a < 10 ? 2 : a < 100 ? 1 : 0)} ms`;
  return `${trim(ms / 1000, 2)} s`;
}

/** Tick formatter for an axis showing the domain [d0, d1]. */
export function tickFormatter(d0: number, d1: number, tickCount: number): (ms: number) => string {
  const range = d1 - d0;
  const unit = unitFor(range);
  const step = range / Math.max(1, tickCount);
  return (ms) => formatIn(ms, unit, step);
}
