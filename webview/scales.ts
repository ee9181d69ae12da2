/**
 * Time formatting: the axis ticks' unit (µs, ms or s) follows the visible range, so labels stay
 * short; every other duration is the core's formatDuration, re-exported here for the view.
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

/** Durations read exactly as in the CLI's summary and the editor's hints (one implementation, in the core). */
export { formatDuration } from '../src/core/duration';

/** Tick formatter for an axis showing the domain [d0, d1]. */
export function tickFormatter(d0: number, d1: number, tickCount: number): (ms: number) => string {
  const range = d1 - d0;
  const unit = unitFor(range);
  const step = range / Math.max(1, tickCount);
  return (ms) => formatIn(ms, unit, step);
}
