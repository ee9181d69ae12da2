/**
 * The recorder's wire events: what an instrumented process reports about itself, as the runner
 * decodes them. One stream per recorded process (the entry process and each child process);
 * every event names the thread (worker_threads id, 0 = main thread) it happened on.
 * Times `t` are ms on the system's monotonic clock (`process.hrtime`), one clock for all threads
 * and processes of the machine; only differences between them mean anything. The binary encoding lives in `wire-codec.ts`. Also the ENV table: the
 * environment variables (and their defaults) by which the runner configures the recorder.
 */

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
   * Bytes of output not recorded because the per-process cap (`ASYNC_VIZ_MAX_OUTPUT`) was
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
  /** Source positions sampled while it ran (`url:line:col`, innermost user frame), most frequent first. */
  where: string;
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
  | CpuWireEvent;

/** Static facts about the rewritten source, produced by `prepare`, sent to nobody: the runner keeps it. */
export interface SiteTable {
  /** Await sites: index = site id used in AwaitMarkEvent. Positions are in the user's original file, 1-based. */
  awaits: { line: number; col: number; text: string }[];
  /** Async function sites: index = fn id used in CallEvent. */
  functions: { name: string; line: number; col: number }[];
  /**
   * Call sites (every call and `new` the prepare step marked): index = site id in InitEvent's
   * `site` and `caller`. `text` is the callee as written (`setTimeout`, `fs.readFile`,
   * `new Worker`); `args` the first arguments as far as they read (a string literal's value
   * without quotes, '' for a function, else the argument's text), absent when there are none. Absent in a table
   * made before call sites were recorded.
   */
  calls?: { line: number; col: number; text: string; args?: string[] }[];
}

/** Prefix of every variable in ENV (the recorder passes all of them on to workers and children). */
export const ENV_PREFIX = 'ASYNC_VIZ_';

/** Environment variables the runner sets for the recorder (read in every recorded process). */
export const ENV = {
  /** Folder where each process writes its stream, as `<pid>.bin`. */
  outDir: 'ASYNC_VIZ_OUT',
  /** Absolute path of the recorder bundle (so children and workers can preload it). */
  recorder: 'ASYNC_VIZ_RECORDER',
  /** The user's original file (path); a Worker/fork of it runs the prepared file instead. */
  entryOriginal: 'ASYNC_VIZ_ENTRY_ORIGINAL',
  /** The file Node runs for the user's file: the user's own file (it runs as itself) or the prepared copy in the run folder. */
  entryRun: 'ASYNC_VIZ_ENTRY_RUN',
  /** When the user's file runs as itself: the prepared text the recorder gives Node when Node reads the user's file. */
  entrySource: 'ASYNC_VIZ_ENTRY_SOURCE',
  /** Module format of the prepared entry: `esm` or `cjs`. */
  entryFormat: 'ASYNC_VIZ_ENTRY_FORMAT',
  /** Position table of the run's prepared files (see positions.ts): stack frames are mapped to the user's file in the process. */
  positions: 'ASYNC_VIZ_POSITIONS',
  /** 1 when the prepared code carries source maps (TypeScript): the recorder turns Node's source maps on. */
  sourceMaps: 'ASYNC_VIZ_SOURCE_MAPS',
  /** `dev:ino` of the entry process's stdout and stderr: a child's output counts as the program's only where it goes there too. */
  stdio: 'ASYNC_VIZ_STDIO',
  /** Stall threshold in ms (a callback running longer is reported while it runs). */
  stallMs: 'ASYNC_VIZ_STALL_MS',
  /** Ring capacity in bytes per thread. */
  ringBytes: 'ASYNC_VIZ_RING_BYTES',
  /** A main-thread callback running longer than this (ms) gets a `cpu` event with where it ran. */
  blockMs: 'ASYNC_VIZ_BLOCK_MS',
  /** Cap of recorded stdout+stderr text per process, in bytes; the rest is counted in `cut`. */
  maxOutput: 'ASYNC_VIZ_MAX_OUTPUT',
  /** Set to 1 to let the recorder report its own failures with `process._rawDebug`. */
  debug: 'ASYNC_VIZ_DEBUG',
  /** Set to 1 to keep the inspector off (no blocked-line samples, no stall stacks): for measuring its cost. */
  noInspector: 'ASYNC_VIZ_NO_INSPECTOR',
  /**
   * Pid of the runner (the CLI or the extension host) that started the recording. Every recorded
   * process watches it and kills itself, its process group and its children when the runner is
   * gone (killed with -9, crashed, a VS Code window reloaded), so nothing outlives it.
   */
  runnerPid: 'ASYNC_VIZ_RUNNER_PID',
  /** Set (to 1) by the recorder in a child process's environment: that process records itself, as a child of the run. */
  child: 'ASYNC_VIZ_CHILD',
  /** Set by the recorder for a child process: where it was started (`file:line:col`, the user's positions). */
  spawnWhere: 'ASYNC_VIZ_SPAWN_WHERE',
} as const;

/**
 * The defaults of the numeric ENV settings, set here once: the runner's options default to them
 * and the recorder falls back to them when a variable is missing or not a positive number.
 */
export const ENV_DEFAULTS = {
  stallMs: 1000,
  ringBytes: 32 << 20,
  blockMs: 10,
  maxOutput: 1 << 20,
} as const;
