/**
 * One readable sentence on how a run ended when it did not simply finish: the learner sees this
 * above the (partial) timeline instead of a stack trace. The last step of the build (finish.ts).
 */
import type { Trace } from '../trace';
import type { ExitFacts } from './input';

export interface ExitContext extends ExitFacts {
  /** The user's file (messages name it; `stderrTail` already names it instead of the run file). */
  file: string;
}

const at = (line?: number) => (line ? ` at line ${line}` : '');

export function explainExit(trace: Trace, ctx: ExitContext): string | undefined {
  const { exit } = trace.meta;
  const events = trace.events;
  if (exit.cancelled) return 'Cancelled: the run was stopped and its processes killed. The trace shows what happened until then.';
  if (ctx.overBudget) {
    return `Stopped after ${ctx.maxEvents.toLocaleString('en-US')} events (the event budget): the program kept scheduling work, for instance an endless setImmediate or setInterval chain. Raise the budget to record longer.`;
  }
  if (exit.timedOut) {
    const stall = events.find((e) => e.kind === 'stall');
    const stuck = stall && stall.kind === 'stall' ? ` The main thread was stuck in one callback${at(stall.line)} since ${(stall.since / 1000).toFixed(2)} s: an endless loop blocks the event loop, so nothing else can run.` : ' It was still waiting for work (a timer, a server or a child process kept it alive).';
    return `Timed out after ${(ctx.timeoutMs / 1000).toFixed(ctx.timeoutMs % 1000 ? 1 : 0)} s: the program did not finish.${stuck} All its processes were killed.`;
  }
  // A missing package fails as an error (ESM link, require) or a rejection (import()).
  for (const e of events) {
    const missing = (e.kind === 'error' || e.kind === 'unhandledRejection') && missingModule(e.message, ctx);
    if (missing) return missing;
  }
  const err = events.find((e) => e.kind === 'error');
  if (err && err.kind === 'error') return `Uncaught exception${at(err.line)}: ${err.message}`;
  const rej = events.find((e) => e.kind === 'unhandledRejection');
  if (rej && rej.kind === 'unhandledRejection') return `Unhandled promise rejection${at(rej.line)}: ${rej.message}. Nothing awaited or .catch()-ed this promise.`;
  const explicit = events.find((e) => e.kind === 'exit' && e.explicit && e.lane === 0);
  if (explicit && explicit.kind === 'exit' && explicit.code !== 0) return `The program called process.exit(${explicit.code}); work still pending at that moment never ran.`;
  if (exit.code !== 0 && exit.code !== null) return fromStderr(ctx) ?? `The program exited with code ${exit.code}.`;
  if (exit.signal) return `The program was killed by ${exit.signal}.`;
  return undefined;
}

/** Failures that happen before any user code runs (a package that is not installed, a bad import). */
function fromStderr(ctx: ExitContext): string | undefined {
  const text = ctx.stderrTail;
  const missing = missingModule(text, ctx);
  if (missing) return missing;
  const lines = text.trim().split('\n').filter((l) => /Error|error:/.test(l));
  return lines.length ? lines[lines.length - 1].trim() : undefined;
}

/** "Cannot find package 'x'" (Node's words) as an instruction, naming the user's file, not the temp copy. */
function missingModule(text: string, ctx: ExitContext): string | undefined {
  const pkg = /Cannot find (?:package|module) '([^']+)'/.exec(text);
  if (!pkg) return undefined;
  const spec = pkg[1];
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('file:')) return `Cannot find module '${spec}' imported by ${ctx.file}.`;
  const name = spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  return `Cannot find package '${name}': it is not installed next to ${ctx.file}. Install it with \`npm install ${name}\` in that folder.`;
}
