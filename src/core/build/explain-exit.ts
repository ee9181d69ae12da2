/**
 * One readable sentence on how a run ended when it did not simply finish: the learner sees this
 * above the (partial) timeline instead of a stack trace. The last step of the build (finish.ts).
 * Each sentence says what happened in the program's terms (what stopped it, where it was stuck,
 * what it threw), never the tool's.
 */
import type { StallEvent, StopReason, Trace } from '../trace';
import { formatDuration } from '../duration';
import type { ExitFacts } from './input';
import { whyStillRunning } from '../text/alive-text';

export interface ExitContext extends ExitFacts {
  /** The user's file (messages name it; `stderrTail` already names it instead of the run file). */
  file: string;
}

/** True when stderr shows V8's out-of-memory abort ("FATAL ERROR: … JavaScript heap out of memory"). */
export function isOutOfMemory(stderr: string): boolean {
  return /JavaScript heap out of memory|Reached heap limit|Allocation failed - process out of memory/.test(stderr);
}

const at = (line?: number) => (line ? ` at line ${line}` : '');
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s`;

/** How each way of stopping a run is named in the sentence. */
const STOPPED_BY: Record<StopReason, string> = {
  SIGINT: 'Stopped by Ctrl+C',
  SIGTERM: 'Stopped by SIGTERM',
  SIGHUP: 'Stopped by SIGHUP (the terminal closed)',
  stop: 'Stopped with Stop Async Run',
  cancel: 'Cancelled',
};

/** The reason Node prints for a rejection with something that is not an Error (`Promise.reject(null)`). */
const NON_ERROR_REASON = /^This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with \.catch\(\)\. The promise rejected with the reason "([\s\S]*)"\.$/;

export function explainExit(trace: Trace, ctx: ExitContext): string | undefined {
  const { exit } = trace.meta;
  const events = trace.events;
  const stall = events.find((e): e is StallEvent => e.kind === 'stall');
  // What kept it alive (meta.alive), unless it was stuck in one callback: then that is the reason.
  const why = whyStillRunning(trace, 'en');
  if (exit.cancelled) {
    const by = STOPPED_BY[exit.stoppedBy ?? 'cancel'];
    return `${by} after ${formatDuration(trace.meta.durationMs)}: the program and every process it started were killed.${why ? ` It was ${why}.` : ''} The trace shows everything recorded until then.`;
  }
  if (ctx.overBudget) {
    return `Stopped after ${ctx.maxEvents.toLocaleString('en-US')} events (the event budget): the program kept scheduling work, for instance an endless setImmediate or setInterval chain. Raise the budget to record longer.`;
  }
  if (exit.timedOut) {
    const lane = stall ? (trace.lanes[stall.lane]?.label ?? 'main') : '';
    const who = !stall || stall.lane === 0 ? 'The main thread' : `The main thread of ${lane}`;
    const stuck = stall
      ? ` ${who} was stuck in one callback${at(stall.line)} from ${seconds(stall.since)} until it was killed: an endless loop blocks the event loop, so nothing else can run.`
      : why ? ` It was ${why}.` : ' It was still waiting for work (a timer, a server or a child process kept it alive).';
    return `Timed out after ${seconds(ctx.timeoutMs)}: the program did not finish.${stuck} All its processes were killed.`;
  }
  const oom = outOfMemory(trace, ctx, stall);
  if (oom) return oom;
  // A missing package fails as an error (ESM link, require) or a rejection (import()).
  for (const e of events) {
    const missing = (e.kind === 'error' || e.kind === 'unhandledRejection') && missingModule(e.message, ctx);
    if (missing) return missing;
  }
  // An uncaught exception that a handler dealt with is not a failure: only one that ended the run.
  const failed = exit.code !== 0;
  const err = events.find((e) => e.kind === 'error');
  if (failed && err && err.kind === 'error') return `Uncaught exception${at(err.line)}: ${err.message}`;
  const rej = events.find((e) => e.kind === 'unhandledRejection');
  if (failed && rej && rej.kind === 'unhandledRejection') return rejection(rej.message, rej.line);
  const hook = events.find((e) => e.kind === 'exit' && e.cause === 'asyncHookError');
  if (failed && hook) return `An async_hooks callback of the program threw${hookError(ctx.stderrTail)}: Node treats an error in an async hook as fatal and exited with code ${exit.code}.`;
  if (failed && exit.code !== null) {
    // The last process.exit() call on the main thread decides (an 'exit' handler may call it again).
    const explicit = events.filter((e) => e.kind === 'exit' && e.explicit && e.lane === 0 && e.code === exit.code).pop();
    if (explicit) return `The program called process.exit(${exit.code}); work still pending at that moment never ran.`;
    const tla = exit.code === UNSETTLED_TLA_EXIT ? unsettledTopLevelAwait(trace) : undefined;
    if (tla) return tla;
    return fromStderr(ctx) ?? `The program exited with code ${exit.code}.`;
  }
  if (exit.signal) return `The program was killed by ${exit.signal}.`;
  return undefined;
}

/** The sentence for an unhandled rejection; a reason that is not an Error is named as it is. */
function rejection(message: string, line: number | undefined): string {
  const reason = NON_ERROR_REASON.exec(message);
  if (reason) return `Unhandled promise rejection${at(line)}: a promise was rejected with ${reason[1]} (not an Error), and nothing awaited or .catch()-ed it.`;
  return `Unhandled promise rejection${at(line)}: ${message.replace(/\.$/, '')}. Nothing awaited or .catch()-ed this promise.`;
}

/** V8 aborts when the heap is full; the sentence says so, with the limit and the line when known. */
function outOfMemory(trace: Trace, ctx: ExitContext, stall: StallEvent | undefined): string | undefined {
  if (!isOutOfMemory(ctx.stderrTail)) return undefined;
  const last = trace.blocked.filter((b) => b.lane === 0).pop();
  const line = stall?.line ?? last?.line;
  const limit = ctx.heapLimitMb ? ` of ${ctx.heapLimitMb.toLocaleString('en-US')} MB` : '';
  return `Ran out of memory${at(line)}: the JavaScript heap reached its limit${limit} and Node aborted the program (${trace.meta.exit.signal ?? 'SIGABRT'}) after ${formatDuration(trace.meta.durationMs)}. Keep less in memory at once, or raise the limit with --max-old-space-size.`;
}

/** ` (Error: boom)`: the first line of the stack Node printed for a failing async hook. */
function hookError(stderr: string): string {
  const line = stderr.split('\n').find((l) => /^\w*Error\b/.test(l.trim()));
  return line ? ` (${line.trim()})` : '';
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

/** Node's exit code when the module's top-level await never settled and nothing was left to run. */
export const UNSETTLED_TLA_EXIT = 13;

/** The top-level await that never resumed, in a sentence; undefined when the trace has none open. */
function unsettledTopLevelAwait(trace: Trace): string | undefined {
  const top = new Set(trace.asyncCalls.filter((c) => c.name === '<top-level>').map((c) => c.id));
  const open = trace.spans.filter((s) => s.kind === 'await' && s.open && s.call !== undefined && top.has(s.call)).pop();
  if (!open) return undefined;
  return `The await${at(open.line)} never resumed: nothing was left that could resolve it (no timer, no I/O, no other work), so Node ended the program with exit code ${UNSETTLED_TLA_EXIT}.`;
}
