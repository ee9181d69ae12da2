/**
 * The recorder's wire events: what an instrumented process reports about itself, as the runner
 * decodes them. One stream per recorded process (the entry process and each child process);
 * every event names the thread (worker_threads id, 0 = main thread) it happened on.
 * Times `t` are ms on the system's monotonic clock (`process.hrtime`), one clock for all threads
 * and processes of the machine; only differences between them mean anything. The binary
 * encoding lives in `wire-codec.ts`, the ENV table (the environment variables by which the
 * runner configures the recorder) in `env.ts`.
 */
import type { AliveKind } from './trace';

/** First event of every process stream. */
export interface HelloEvent {
  k: 'hello';
  t: number;
  tid: 0;
  /** Process id. */
  pid: number;
  /** Parent process id. */
  ppid: number;
  /** `process.version`. */
  nodeVersion: string;
  /** `process.argv` (node, script, args). */
  argv: string[];
}

/** A worker thread began recording (first event from that thread). */
export interface ThreadEvent {
  k: 'thread';
  t: number;
  /** The new thread's id. */
  tid: number;
  /** Thread id of the thread that created it. */
  parentTid: number;
  /** The worker's script (file path, URL or `[eval]`). */
  label: string;
  /** The `name` option the worker was created with, if any. */
  name?: string;
}

/** An async resource was created. */
export interface InitEvent {
  k: 'init';
  t: number;
  tid: number;
  /** Async id of the new resource. */
  id: number;
  /** Node's resource type: `Timeout`, `Immediate`, `TickObject`, `PROMISE`, `Microtask`, `FSREQCALLBACK`, ... */
  type: string;
  /** `triggerAsyncId` given by Node. */
  trigger: number;
  /** `executionAsyncId()` when it was created: the callback that was running. */
  exec: number;
  /**
   * Call site (`SiteTable.calls` index) of the innermost marked call of the user's code that was
   * running when it was created: the line that made it. Absent when none was (Node's own work,
   * code that is not prepared).
   */
  site?: number;
  /**
   * Call site of the latest marked call in the code of an async function or the top level then:
   * the `sleep(250)` that led to a `setTimeout` inside a plain `sleep` helper. Absent when none.
   */
  caller?: number;
  /** For a `Timeout`: its delay as Node keeps it (`_idleTimeout`, ms). */
  delay?: number;
  /** For a `Timeout`: true for a `setInterval` (`_repeat` set). */
  repeat?: boolean;
}

/** A resource's callback started (`before`) or finished (`after`). */
export interface CallbackEvent {
  k: 'before' | 'after';
  t: number;
  tid: number;
  /** Async id of the resource. */
  id: number;
}

/** Top-level code of a thread's entry module started or finished (CommonJS has no before/after for it). */
export interface ScriptEvent {
  k: 'scriptStart' | 'scriptEnd';
  t: number;
  tid: number;
}

/** An async function in the rewritten user code was called (`callStart`) or its body finished (`callEnd`). */
export interface CallEvent {
  k: 'callStart' | 'callEnd';
  t: number;
  tid: number;
  /** Call id, unique per thread. */
  call: number;
  /** Function site id (index into `SiteTable.functions`); only on callStart. */
  fn?: number;
  /** On callEnd: true when the body threw. */
  threw?: boolean;
  /** On callStart: call id of the enclosing async call that was running, or -1. */
  parent?: number;
}

/** An `await` suspended its function (`suspend`) or the function resumed after it (`resume`). */
export interface AwaitMarkEvent {
  k: 'suspend' | 'resume';
  t: number;
  tid: number;
  /** Call id (see CallEvent). */
  call: number;
  /** Await site id (index into `SiteTable.awaits`). */
  site: number;
}

/** Something was written to stdout (1) or stderr (2). */
export interface ConsoleWireEvent {
  k: 'console';
  t: number;
  tid: number;
  stream: 1 | 2;
  text: string;
  /**
   * Bytes of output not recorded because the per-process cap (`ENV.maxOutput`) was
   * reached, cumulative for the process so far. Absent while nothing was cut. The write that
   * crosses the cap carries its kept head in `text`; a last event with `text: ''` reports the
   * final total when the process exits.
   */
  cut?: number;
}

/** An EventEmitter emitted. */
export interface EmitWireEvent {
  k: 'emit';
  t: number;
  tid: number;
  name: string;
  /** Emitter constructor name. */
  cls: string;
  listeners: number;
}

/** An uncaught exception or an unhandled rejection. */
export interface ErrorWireEvent {
  k: 'error';
  t: number;
  tid: number;
  kind: 'uncaught' | 'unhandledRejection';
  message: string;
  /** Stack of the error, positions in the run file (the runner maps them). */
  stack: string;
}

/** `process.exit(code)` was called (`exitCall`), or the thread/process is exiting (`exit`). */
export interface ExitWireEvent {
  k: 'exitCall' | 'exit';
  t: number;
  tid: number;
  code: number;
  /**
   * On exitCall: set when Node itself called process.exit on a fatal error in the program rather
   * than the program calling it: `asyncHookError` = an async_hooks callback threw.
   */
  cause?: 'asyncHookError';
}

/** A child process was started from this process. */
export interface SpawnWireEvent {
  k: 'spawn';
  t: number;
  tid: number;
  /** Its pid. */
  childPid: number;
  /** Command and arguments, joined for display. */
  command: string;
}

/** A thread has been running one callback for longer than the stall threshold. */
export interface StallWireEvent {
  k: 'stall';
  t: number;
  tid: number;
  /** When the running callback started (absolute ms). */
  since: number;
  /** Stack of the stuck thread if it could be read (`url:line:col` frames, innermost first), else ''. */
  stack: string;
}

/** The recorder's buffer overflowed; `count` events were lost. */
export interface DroppedWireEvent {
  k: 'dropped';
  t: number;
  tid: number;
  count: number;
}

/** CPU time used by a thread during the callback that just ended, when it was long (for blocked stretches). */
export interface CpuWireEvent {
  k: 'cpu';
  t: number;
  tid: number;
  /** Async id of the callback (0 for top-level script). */
  id: number;
  /** CPU milliseconds used during it; -1 on the flusher's provisional record, sent while the run still goes on (position only). */
  cpuMs: number;
  /**
   * Where it ran: the program's stack read while it ran, innermost first, one frame a line
   * (`fn (url:line:col)`, frames of Node and the recorder left out); or one or more bare
   * `url:line:col` positions (a worker's script start). The user's positions, already mapped.
   */
  where: string;
}

/** The kinds of what keeps a process alive (`StillAlive.kind`), in their wire order. */
export const ALIVE_KINDS: readonly AliveKind[] = ['interval', 'timer', 'server', 'socket', 'child', 'worker', 'watcher', 'other'];

/**
 * What kept the entry process's main thread alive when the runner asked, just before a time-out
 * or a stop kills it (ALIVE_REQUEST): its ref'd timers and handles.
 */
export interface AliveWireEvent {
  k: 'alive';
  t: number;
  tid: 0;
  items: {
    kind: AliveKind;
    /** Async id of the resource on the main thread (0: unknown). */
    id: number;
    /** Its parameters: a timer's delay in ms, a server's address, a socket's peer, a child's command, a worker's script; '' when none. */
    detail: string;
  }[];
}

export type WireEvent =
  | HelloEvent
  | ThreadEvent
  | InitEvent
  | CallbackEvent
  | ScriptEvent
  | CallEvent
  | AwaitMarkEvent
  | ConsoleWireEvent
  | EmitWireEvent
  | ErrorWireEvent
  | ExitWireEvent
  | SpawnWireEvent
  | StallWireEvent
  | DroppedWireEvent
  | CpuWireEvent
  | AliveWireEvent;

/** The runner's request for an AliveWireEvent: a file of this name in the run's folder (the streams folder's parent), which the flusher looks for. */
export const ALIVE_REQUEST = 'alive-request';
/**
 * The flusher's word that it has answered (its AliveWireEvent is in its stream, or there will be
 * none): a file `alive-answered.<pid>` beside the request, so the runner need not read the streams.
 */
export const ALIVE_ANSWERED = 'alive-answered';

/** Static facts about the rewritten source, produced by `prepare`, sent to nobody: the runner keeps it. */
export interface SiteTable {
  /** Await sites: index = site id used in AwaitMarkEvent. Positions are in the user's original file, 1-based. */
  awaits: { line: number; col: number; text: string; file?: string }[];
  /** Async function sites: index = fn id used in CallEvent. */
  functions: { name: string; line: number; col: number; file?: string }[];
  /**
   * Call sites (every call and `new` the prepare step marked): index = site id in InitEvent's
   * `site` and `caller`. `text` is the callee as written (`setTimeout`, `fs.readFile`,
   * `new Worker`); `args` the first arguments as far as they read (a string literal's value
   * without quotes, '' for a function, else the argument's text), absent when there are none. Absent in a table
   * made before call sites were recorded. `file` as for awaits.
   */
  calls?: { line: number; col: number; text: string; args?: string[]; file?: string }[];
}

// The environment variables by which the runner configures the recorder: env.ts.
export { ENV, ENV_DEFAULTS, ENV_PREFIX } from './env';
