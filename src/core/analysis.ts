/**
 * Analyses of a built Trace, shared by the CLI summary, the webview and the extension. Pure: no
 * Node, no vscode, no DOM. Each lives in its own small file; this one gathers them.
 *  - summary.ts: summarize (busy / idle / blocked / await waits), compareTraces, formatDuration
 *  - concurrency.ts: pending operations over time
 *  - steps.ts: the step-mode model (ordered steps, queues, the rule that explains each step)
 */
export { summarize, compareTraces, formatDuration, leafAwaits, exitSummary, programStart } from './summary';
export type { Summary, Comparison, ExitSummary } from './summary';
export { concurrency, concurrencyAt, pendingIntervals } from './concurrency';
export type { Concurrency, ConcurrencyOf } from './concurrency';
export { stepEvents, queuesAt, RULES } from './steps';
export type { Step, StepRule, Queues, PendingCounts } from './steps';
export { unionLength } from './intervals';
