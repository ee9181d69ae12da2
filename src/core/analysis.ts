/**
 * The analyses of a run, in one place for the CLI, the extension and the view, which only present
 * them. Pure: no Node, no vscode, no DOM. Each reads the span columns (core/columns; a plain trace
 * is converted once) and lives in its own small file; this one gathers them.
 *  - summary.ts: summarize (program time, busy / idle / blocked, peak concurrency, await waits), compareTraces
 *  - concurrency.ts: pending operations over time (the summary's peak and the view's strip)
 *  - blocked.ts: blocked stretches per lane, the main thread's blocked time, what held a callback up
 *  - duration.ts: formatDuration
 */
export { summarize, compareTraces, compareSummaries, leafAwaits, exitSummary, programStart, SAME_SPEED } from './summary';
export type { Summary, Comparison, ExitSummary } from './summary';
export { concurrency, concurrencyAt, pendingOperations } from './concurrency';
export type { Concurrency } from './concurrency';
export { blockedByLane, blockedMs, stretchOf, waitOf } from './blocked';
export type { LaneBlocked, Wait } from './blocked';
export { formatDuration } from './duration';
export { stepEvents, queuesAt, RULES } from './steps';
export type { Step, StepRule, Queues, PendingCounts } from './steps';
export { unionLength } from './intervals';
