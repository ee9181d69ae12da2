/**
 * The analyses of a run, in one place for the CLI, the extension and the view, which only present
 * them. Pure: no Node, no vscode, no DOM. Each reads the span columns (core/columns; a plain trace
 * is converted once) and lives in its own small file; this one gathers them.
 *  - summary.ts: summarize (program time, busy / idle / blocked, peak concurrency, await waits), compareTraces
 *  - concurrency.ts: pending operations over time (the summary's peak and the view's strip)
 *  - blocked.ts: blocked stretches per lane, the main thread's blocked time, what held a callback up
 *  - steps.ts: step mode (the callbacks in order, the queues, the event-loop rule of each step)
 *  - explain.ts: explanations as facts (what happened, why it waited); core/text puts them in words
 *  - duration.ts: formatDuration
 */
export { summarize, compareTraces, compareSummaries, leafAwaits, exitSummary, programStart, SAME_SPEED } from './summary';
export type { Summary, Comparison, ExitSummary } from './summary';
export { concurrency, concurrencyAt, pendingOperations } from './concurrency';
export type { Concurrency } from './concurrency';
export { blockedByLane, blockedMs, stretchOf, waitOf } from './blocked';
export type { LaneBlocked, Wait } from './blocked';
export { formatDuration } from './duration';
export { stepOrder, stepAt, stepIndexOf, STEP_RULES, QUEUE_NAMES } from './steps';
export type { Step, StepRule, QueueName } from './steps';
export { explainStep, explainSpan } from './explain';
export type { Explanation, Fact } from './explain';
export { unionLength } from './intervals';
