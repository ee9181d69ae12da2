/**
 * After the first paint, the span columns that were left to be decoded on first use (labels,
 * lines, causes, ...) are decoded in the page's idle moments, a chunk at a time, so that a first
 * zoom-in, hover or click on a trace of millions of spans never waits for a whole column.
 */
import { warmColumns } from '../src/core/columns/decode';
import type { SpanTable } from '../src/core/columns/table';

/** Milliseconds of an idle period left unused (for the browser's own work). */
const MARGIN_MS = 2;

export function warmWhenIdle(tables: SpanTable[]): void {
  const idle = (globalThis as { requestIdleCallback?: (f: (d: IdleDeadline) => void) => number }).requestIdleCallback;
  if (!idle) return;
  const step = (d: IdleDeadline): void => {
    const more = (): boolean => d.timeRemaining() > MARGIN_MS;
    if (!tables.every((t) => warmColumns(t, more))) idle(step);
  };
  idle(step);
}
