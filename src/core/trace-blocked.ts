/**
 * The trace format's blocked stretches (`Trace.blocked`): where a lane ran synchronous code
 * longer than the blocking threshold, the user's stack at the block and what it delayed. Part of
 * the format of trace.ts (which re-exports it); documented in docs/trace-format.md.
 */

/** A stretch where a lane ran synchronous code longer than the blocking threshold. */
export interface BlockedStretch {
  /** `Lane.id`. */
  lane: number;
  /** Start, ms since run start. */
  start: number;
  /** End, ms since run start. */
  end: number;
  /** `end - start`, ms. */
  durationMs: number;
  /** Span id of the callback that blocked. */
  span?: number;
  /** 1-based line in the user's file that was running, when known. */
  line?: number;
  /** Share of the stretch the thread spent on CPU (about 1 for a busy loop, about 0 for a sync sleep), when measured. */
  cpuShare?: number;
  /**
   * The call stack read early in the stretch (when it passed the threshold), innermost first: the
   * user's code and the packages it called, Node's own frames left out. Main threads only; absent
   * when it could not be read (a worker, the inspector off, a callback stuck in native code).
   */
  stack?: StackFrame[];
  /** What the stretch held up (core/delayed.ts); absent when it delayed nothing. */
  delayed?: DelayedSummary;
}

/** One frame of a blocked stretch's stack. */
export interface StackFrame {
  /** Function name as V8 reports it (`slowHash`, `Server.handler`), `(anonymous)` for a nameless one. */
  fn: string;
  /** The file: the user's file (as `meta.file` names it), another file's path, or a URL. */
  file: string;
  /** 1-based line (in the user's source, TypeScript included). */
  line: number;
  /** 1-based column. */
  col: number;
}

/**
 * The waits a blocked stretch delayed: operations on its lane pending when it ended (a timer
 * whose delay is known: due before it ended) whose callbacks ran in the busy stretch right after
 * it. Counts by kind and the range of the delays.
 */
export interface DelayedSummary {
  /** How many waits it delayed (the sum of the counts below). */
  count: number;
  /** HTTP requests and responses (Node's `HTTPINCOMINGMESSAGE`, `HTTPCLIENTREQUEST`): a request's data for a server. */
  requests: number;
  /** Timers (`setTimeout`, `setInterval` ticks). */
  timers: number;
  /** `setImmediate` callbacks. */
  immediates: number;
  /** Other network callbacks: a socket's data or end, a new connection. */
  network: number;
  /** Other I/O callbacks (file system, child processes, DNS, ...). */
  io: number;
  /** Shortest delay, ms: from a timer's due time (when known), else the wait's start, or the stretch's start if later, to its callback. */
  minMs: number;
  /** Longest delay, ms (measured as `minMs`). */
  maxMs: number;
}
