/**
 * The trace format's point events (`Trace.events`): output, errors, exits, stalls, awaits, emits.
 * Part of the format declared in trace.ts (which re-exports these); documented, field by field, in
 * docs/trace-format.md.
 */

/** Fields shared by every event. */
export interface EventBase {
  /** Position in the order things happened, 0-based and gap-free. */
  seq: number;
  /** Time, ms since run start. */
  t: number;
  /** `Lane.id` where it happened. */
  lane: number;
}

/** A write to stdout or stderr (console.log, process.stdout.write, ...). */
export interface ConsoleEvent extends EventBase {
  kind: 'console';
  /** Which stream was written. */
  stream: 'stdout' | 'stderr';
  /** The text written (without a trailing newline), possibly shortened when output was capped. */
  text: string;
  /** Span id that was running when it was written. */
  span?: number;
}

/** An uncaught exception. */
export interface ErrorEvent extends EventBase {
  kind: 'error';
  /** The error's message (`String(value)` for a non-Error throw). */
  message: string;
  /** The stack, with positions mapped to the user's source where possible. */
  stack?: string;
  /** 1-based line in the user's file where it was thrown, when known. */
  line?: number;
}

/** A promise rejected with no handler. */
export interface UnhandledRejectionEvent extends EventBase {
  kind: 'unhandledRejection';
  /** The rejection reason's message. */
  message: string;
  /** The reason's stack, mapped to the user's source where possible. */
  stack?: string;
  /** 1-based line in the user's file, when known. */
  line?: number;
}

/** A lane's thread or process ended, or `process.exit` was called. */
export interface ExitEvent extends EventBase {
  kind: 'exit';
  /** Exit code. */
  code: number;
  /** True when the program called `process.exit()` itself (rather than running out of work). */
  explicit: boolean;
  /**
   * On the `process.exit()` call: set when Node itself made the call on a fatal error rather than
   * the program: `asyncHookError` = an async_hooks callback of the program threw.
   */
  cause?: 'asyncHookError';
}

/** The lane ran one callback for longer than the stall threshold, or never came back. */
export interface StallEvent extends EventBase {
  kind: 'stall';
  /** When the stuck callback began, ms since run start. */
  since: number;
  /** 1-based line in the user's file where it was stuck, when known. */
  line?: number;
  /** The stuck stack, mapped to the user's source where possible. */
  stack?: string;
}

/** An async function paused at an `await` (suspend) or continued after it (resume). */
export interface AwaitEvent extends EventBase {
  kind: 'suspend' | 'resume';
  /** `AsyncCall.id` of the function. */
  call: number;
  /** 1-based line of the `await` in the user's file. */
  line: number;
  /** 1-based column of the `await`. */
  col: number;
  /** Source text of the awaited expression (shortened). */
  text: string;
}

/** An EventEmitter emitted an event (`data`, `message`, `connection`, `close`, ...). */
export interface EmitEvent extends EventBase {
  kind: 'emit';
  /** Event name (`String(symbol)` for symbols). */
  name: string;
  /** Constructor name of the emitter (`Socket`, `Server`, `Worker`, ...). */
  emitter: string;
  /** How many listeners it had. */
  listeners: number;
}

/** The recording stopped taking events (event budget reached). */
export interface TruncatedEvent extends EventBase {
  kind: 'truncated';
  /** Why: `event budget` and the budget. */
  reason: string;
}

export type TraceEvent =
  | ConsoleEvent
  | ErrorEvent
  | UnhandledRejectionEvent
  | ExitEvent
  | StallEvent
  | AwaitEvent
  | EmitEvent
  | TruncatedEvent;
