/**
 * The build's last step, so that the trace leaves the build finished: messages and stacks name
 * the user's file instead of the prepared copy that ran (as a path and as a file:// URL), and a
 * run that did not end normally gets its one readable sentence in `meta.exit.error`. Only the
 * entry main thread's (lane 0) uncaught errors are the run's: a worker's or child process's own
 * ends that thread or process, and the program sees it as an 'error' or 'exit' event and may
 * handle it.
 */
import type { Trace } from '../trace';
import type { TraceEvent } from '../trace-events';
import { nameUserFile } from '../locations';
import { explainExit } from './explain-exit';
import type { ExitFacts } from './input';

/** Lane of the entry process's main thread. */
const ENTRY_LANE = 0;
const isError = (e: TraceEvent) => e.kind === 'error' || e.kind === 'unhandledRejection';

/** Whether the program itself failed: an uncaught error or unhandled rejection of its entry main thread. */
export function entryFailed(trace: Trace): boolean {
  return trace.events.some((e) => isError(e) && e.lane === ENTRY_LANE);
}

export function finishTrace(trace: Trace, runFile: string | undefined, exitFacts: ExitFacts | undefined): void {
  const file = trace.meta.file;
  for (const e of trace.events) {
    if (e.kind === 'error' || e.kind === 'unhandledRejection') {
      e.message = nameUserFile(e.message, runFile, file);
      if (e.stack) e.stack = nameUserFile(e.stack, runFile, file);
    }
  }
  if (!exitFacts) return;
  const error = explainExit({ ...trace, events: trace.events.filter((e) => !isError(e) || e.lane === ENTRY_LANE) }, { ...exitFacts, stderrTail: nameUserFile(exitFacts.stderrTail, runFile, file), file });
  if (error !== undefined) trace.meta.exit.error = error;
  else delete trace.meta.exit.error;
}
