/**
 * The build's last step, so that the trace leaves the build finished: messages and stacks name
 * the user's file instead of the prepared copy that ran (as a path and as a file:// URL), and a
 * run that did not end normally gets its one readable sentence in `meta.exit.error`.
 */
import type { Trace } from '../trace';
import { nameUserFile } from '../locations';
import { explainExit } from './explain-exit';
import type { ExitFacts } from './input';

export function finishTrace(trace: Trace, runFile: string | undefined, exitFacts: ExitFacts | undefined): void {
  const file = trace.meta.file;
  for (const e of trace.events) {
    if (e.kind === 'error' || e.kind === 'unhandledRejection') {
      e.message = nameUserFile(e.message, runFile, file);
      if (e.stack) e.stack = nameUserFile(e.stack, runFile, file);
    }
  }
  if (!exitFacts) return;
  const error = explainExit(trace, { ...exitFacts, stderrTail: nameUserFile(exitFacts.stderrTail, runFile, file), file });
  if (error !== undefined) trace.meta.exit.error = error;
  else delete trace.meta.exit.error;
}
