/**
 * Per-line totals of a run for the editor's inline hints: how long the awaits on each line of the
 * user's file waited, and how long each line blocked its thread. On the span columns.
 */
import type { Trace } from './trace';
import { columnar, type ColumnarTrace } from './columns/table';
import { KIND } from './span-kinds';

/** What happened on one line (1-based, in the user's file). */
export interface LineHint {
  line: number;
  /** Total time the awaits on the line waited, ms. */
  awaitedMs: number;
  awaits: number;
  /** Total time blocked stretches at the line kept their thread busy, ms. */
  blockedMs: number;
  blocks: number;
}

/** The lines that awaited or blocked, in line order. */
export function lineHints(trace: Trace | ColumnarTrace): LineHint[] {
  const data = columnar(trace);
  const T = data.spans;
  const byLine = new Map<number, LineHint>();
  const at = (line: number) => {
    let h = byLine.get(line);
    if (!h) byLine.set(line, (h = { line, awaitedMs: 0, awaits: 0, blockedMs: 0, blocks: 0 }));
    return h;
  };
  for (let i = 0; i < T.n; i++) {
    if (T.kind[i] !== KIND.await || T.line[i] <= 0) continue;
    const h = at(T.line[i]);
    h.awaitedMs += Math.max(0, T.end[i] - T.start[i]);
    h.awaits++;
  }
  for (const b of data.blocked) {
    if (!b.line) continue;
    const h = at(b.line);
    h.blockedMs += b.durationMs;
    h.blocks++;
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}
