/**
 * The trace format: what one recorded run of a snippet looks like once built.
 * It is versioned JSON; every field is documented here and in docs/trace-format.md.
 * Pure data, no behaviour: shared by the runner, the CLI, the extension and the webview.
 * Times are milliseconds since the run started (the instant the recorded process began),
 * on one clock shared by every thread and process.
 */

/** Bump when a field changes meaning or is removed; adding an optional field keeps the version. */
export const TRACE_VERSION = 1;

// The point events (`Trace.events`) are declared in trace-events.ts, part of the same format.
export * from './trace-events';
import type { TraceEvent } from './trace-events';
// The blocked stretches (`Trace.blocked`), their stacks and what they delayed: trace-blocked.ts.
export * from './trace-blocked';
import type { BlockedStretch } from './trace-blocked';

/**
 * The module format a file runs in: ES module or CommonJS, as Node itself would choose it (the
 * two order top-level process.nextTick and promise callbacks differently).
 */
export type ModuleFormat = 'esm' | 'cjs';

/** What ran a stretch of JavaScript. */
export type SpanKind =
  /** Top-level code of the entry module (and of each worker/child entry). */
  | 'script'
  /** A `process.nextTick` callback. */
  | 'nextTick'
  /** A promise reaction or a `queueMicrotask` callback (includes await continuations). */
  | 'microtask'
  /** A `setTimeout` / `setInterval` callback. */
  | 'timer'
  /** A `setImmediate` callback. */
  | 'immediate'
  /** Any other callback: file system, network, child process, DNS, zlib, ... */
  | 'io'
  /** An async function suspended at an `await`: start = suspend, end = resume. */
  | 'await';

/** A thread or process with its own event loop: one row group on the timeline. */
export interface Lane {
  /** Index of this lane in `Trace.lanes`; 0 is always the main thread of the entry process. */
  id: number;
  /** `main` = main thread of the entry process; `worker` = a worker_threads thread; `process` = a child process's main thread. */
  kind: 'main' | 'worker' | 'process';
  /** Human label, for instance `main`, `worker #1 (crunch.js)`, `process 4242 (child.js)`. */
  label: string;
  /** Operating-system process id. */
  pid: number;
  /** worker_threads thread id inside that process (0 for a main thread). */
  threadId: number;
  /** Lane that created this one (the parent thread or process), absent for lane 0. */
  parent?: number;
  /** When the lane's first event was recorded (ms since run start). */
  start: number;
  /** When the lane's last event was recorded, or it exited (ms since run start). */
  end: number;
}

/** One stretch of time on a lane: a callback that ran, or an await that waited. */
export interface Span {
  /** Index of this span in `Trace.spans`. */
  id: number;
  /** `Lane.id` the span ran on. */
  lane: number;
  /** What ran (see SpanKind). */
  kind: SpanKind;
  /** Start, ms since run start. */
  start: number;
  /**
   * End, ms since run start. For a span that never ended (`open`): the time its thread or process
   * exited when it exited inside it (an uncaught throw, `process.exit()`), else `meta.durationMs`
   * (stall, time-out, kill, truncation).
   */
  end: number;
  /**
   * 1-based source line in the user's file, when known: for `await`, the await (always); for an
   * await continuation, the await it resumed after; for a timer, immediate or I/O callback, the
   * line that started the operation (the innermost frame in the user's files: the `setTimeout`
   * call, the `fs.readFile` call).
   */
  line?: number;
  /** 1-based source column, when known (the same cases as `line`). */
  col?: number;
  /**
   * The user's file `line` is in (`async-viz run` records every user file a command loads and
   * sets it, `meta.file`'s own lines included, on awaits, await continuations and the waits its
   * call sites started). Absent: `meta.file`. `callerLine` is in the file of the span's async call.
   */
  file?: string;
  /** Short text: the Node resource type (`Timeout`, `FSREQCALLBACK`, ...) or the awaited expression. */
  label: string;
  /** Node's async id of the resource whose callback ran (per thread; absent for `script` and `await`). */
  asyncId?: number;
  /** Span id of the span that was running when this callback was scheduled: its cause. */
  trigger?: number;
  /**
   * For `await`: the `AsyncCall.id` this await belongs to. Also set on an await continuation (the
   * `microtask` span in which an async function resumed after an await): the call that resumed.
   */
  call?: number;
  /** True when the span had no end in the recording (process killed, exited or stuck inside it; an await never resumed). */
  open?: boolean;
  /**
   * When the resource whose callback this is was created (its async_hooks `init`), ms since run
   * start: a timer's `setTimeout` call, an I/O request's start. Absent for `script`, `await` and
   * await continuations, and when the creation was not recorded. Equal for every run of one
   * resource (each `setInterval` tick).
   */
  scheduled?: number;
  /** Span id of the span this one ran inside, when it was nested (a callback run synchronously within another). Never an `await`. */
  parent?: number;
  /** For a timer: the delay it was set with, ms (as Node keeps it: `setTimeout(f, 0)` waits 1 ms). */
  delay?: number;
  /** For a timer: true when it is a `setInterval` (every run of it is a tick). */
  repeat?: boolean;
  /**
   * For a timer, immediate or I/O callback: what the operation is, with its parameters as far as
   * they are known (`setTimeout(resolve, ms)`, `fs.readFile('report.pdf')`, `GET /users`), as
   * written at the line that started it. Absent when unknown (then `label` names the resource type).
   */
  detail?: string;
  /**
   * For a timer, immediate or I/O callback started inside a plain (not async) function: the line
   * in the async function or top-level code that called it, when that is another line than
   * `line` (for a `setTimeout` inside `const sleep = (ms) => new Promise(...)`, the line of
   * `sleep(250)`). The wait is drawn under that code, and labelled with this line.
   */
  callerLine?: number;
  /** 1-based column of `callerLine`'s call. */
  callerCol?: number;
}

/** One invocation of an async function in the user's code (a row below its lane). */
export interface AsyncCall {
  /** Index in `Trace.asyncCalls`. */
  id: number;
  /** Lane the call ran on. */
  lane: number;
  /** Function name as written (`<anonymous>` for an unnamed arrow, `<top-level>` for module top-level await). */
  name: string;
  /** 1-based line of the function's declaration in the user's file. */
  line?: number;
  /** The user's file of `line`, when it is not `meta.file` (see Span.file). */
  file?: string;
  /** When the call began, ms since run start. */
  start: number;
  /** When its body finished (returned or threw), ms since run start; absent if it never finished. */
  end?: number;
  /** True when the body ended with a throw. */
  threw?: boolean;
  /** `AsyncCall.id` of the async call that was running when this one was called, if any. */
  parent?: number;
}

/**
 * What stopped a run from outside: a signal to the CLI (`SIGINT` is Ctrl+C), the extension's
 * **Stop Async Run** (`stop`) or the progress notification's Cancel (`cancel`).
 */
export const STOP_REASONS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'stop', 'cancel'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** How the recorded process ended. */
export interface RunExit {
  /** Exit code of the entry process, or null when it was killed by a signal. */
  code: number | null;
  /** Signal that ended it (`SIGKILL` after a time-out), or null. */
  signal: string | null;
  /** True when the time-out fired and the process group was killed. */
  timedOut: boolean;
  /** True when the user stopped the run (Ctrl+C or another signal to the CLI, Stop, Cancel); its processes were killed. */
  cancelled?: boolean;
  /** With `cancelled`: what stopped it. */
  stoppedBy?: StopReason;
  /** A readable one-line explanation when the run did not end normally. */
  error?: string;
}

/** What keeps Node alive: a repeating timer, a pending timer, a listening server, an open socket or pipe, a running child process, a worker thread, a file watcher, or something else Node counts. */
export type AliveKind = 'interval' | 'timer' | 'server' | 'socket' | 'child' | 'worker' | 'watcher' | 'other';

/**
 * Something that still kept Node alive when the recording ended without the program ending by
 * itself (a time-out, a stop): what it is and the line that created it.
 */
export interface StillAlive {
  /** What it is: a repeating timer, a pending timer, a listening server, an open socket or pipe, a running child process, a worker thread, a file watcher, or something else Node counts. */
  kind: AliveKind;
  /** The lane it belongs to. */
  lane: number;
  /** What it is, with its parameters as far as known: `setInterval every 50 ms`, `server listening on 127.0.0.1:3000`, `child process sleep 100`. */
  label: string;
  /** Its parameters alone, when known: a timer's delay in ms (`50`), a server's address or a socket's peer (`127.0.0.1:3000`), a child's command, a worker's thread id. */
  detail?: string;
  /** 1-based line in the user's file that created it, when known. */
  line?: number;
  /** 1-based column, when known. */
  col?: number;
  /** When it was created, ms since run start, when known. */
  since?: number;
  /** How many times its callback ran (an interval's ticks, a server's connections), when known. */
  runs?: number;
}

/** Facts about the run as a whole. */
export interface TraceMeta {
  /** Absolute path (or name, for an unsaved editor) of the user's file. */
  file: string;
  /** Node version that ran it (`v20.20.2`). */
  nodeVersion: string;
  /** Wall-clock start, ISO 8601. */
  startedAt: string;
  /** Time from start to the last recorded moment, ms. */
  durationMs: number;
  /** Module format the file ran in, as Node itself would have chosen. */
  moduleFormat: ModuleFormat;
  /** How it ended. */
  exit: RunExit;
  /** True when the event budget was reached and later events were not recorded. */
  truncated: boolean;
  /** When truncated: the time (ms) of the last kept event. */
  truncatedAtMs?: number;
  /** Events the recorder could not deliver (its buffer was full); 0 normally. */
  dropped: number;
  /** Threshold used to find `blocked` stretches, ms. */
  blockingThresholdMs: number;
  /** Output bytes that were not kept because the output cap was reached. */
  outputDroppedBytes?: number;
  /** The function called after the module loaded (CodeLens "Visualize" on a function), if any. */
  entryFunction?: string;
  /** What still kept Node alive when the recording ended (a time-out, a stop); absent when the program ended by itself or nothing was found. */
  alive?: StillAlive[];
}

/** A recorded run. */
export interface Trace {
  /** Format version, `TRACE_VERSION`. */
  version: typeof TRACE_VERSION;
  /** Facts about the run. */
  meta: TraceMeta;
  /** Threads and processes, lane 0 first. */
  lanes: Lane[];
  /** Callbacks and awaits, sorted by start time. */
  spans: Span[];
  /** Async function invocations, in call order. */
  asyncCalls: AsyncCall[];
  /** Point events in the order they happened. */
  events: TraceEvent[];
  /** Stretches of blocking synchronous code, sorted by start. */
  blocked: BlockedStretch[];
}
