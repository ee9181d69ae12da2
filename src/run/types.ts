/**
 * The runner's public API: what the CLI and the extension call to record a snippet.
 * No vscode here: the same code serves both.
 */
import type { Trace } from '../core/trace';
export { STOP_REASONS, type StopReason } from '../core/trace';

/** Progress of a run, reported while it goes on. */
export interface RunProgress {
  /** Time since the program was started, ms. */
  elapsedMs: number;
  /** Recorder events received so far, all processes (a single file's run: estimated from the bytes written while far from the budget). */
  events: number;
}

export interface RunOptions {
  /** Absolute path of the user's file. For an unsaved editor, a path in the workspace (it need not exist) ending in .ts/.js. */
  file: string;
  /** The code to run, when it is not (only) on disk: an unsaved editor or a selection. Defaults to reading `file`. */
  source?: string;
  /** Kill the whole process group after this many ms. Default 10,000; 0: no time-out (record until the program ends or `signal` stops it). */
  timeoutMs?: number;
  /** Stop recording after this many wire events; the trace says it was truncated. Default 1,000,000. */
  maxEvents?: number;
  /** Keep at most this many bytes of stdout+stderr text in the trace. Default 1 MiB. */
  maxOutputBytes?: number;
  /** A callback running longer than this is a `blocked` stretch. Default 10 ms. */
  blockingThresholdMs?: number;
  /** After the module has loaded, call this top-level function (CodeLens "Visualize" on a function). */
  entryFunction?: string;
  /** Node executable. Default: `process.execPath` when it is Node, else `node` on PATH. */
  nodePath?: string;
  /** Aborting kills the run's process group; the partial trace is still returned. Abort with a StopReason (`'SIGINT'`, `'stop'`, ...) to say what stopped it. */
  signal?: AbortSignal;
  /** Called every poll (~25 ms) while the program runs. */
  onProgress?: (progress: RunProgress) => void;
  /** The runner's own log lines (for an output channel or --verbose). */
  onLog?: (line: string) => void;
  /** The snippet's output as it arrives (the trace has it too). */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/** What a run produced. A run that failed still yields a trace, except for a syntax error. */
export interface RunResult {
  /** The recorded trace (partial when the run threw, timed out or was cancelled). */
  trace: Trace;
  /** `ok` = ran to its end; `failed` = threw, rejected unhandled or exited non-zero; `timeout`; `cancelled`. */
  outcome: 'ok' | 'failed' | 'timeout' | 'cancelled';
}

/** Thrown by the runner for a file it cannot run (missing, a directory, unreadable): nothing ran. The message is one sentence for the user. */
export class RunInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunInputError';
  }
}

/** Thrown by the runner for a file that does not parse: nothing ran. */
export class SnippetSyntaxError extends Error {
  constructor(
    /** The file, as given in RunOptions.file. */
    readonly file: string,
    /** 1-based line. */
    readonly line: number,
    /** 1-based column. */
    readonly column: number,
    /** The parser's message, without position. */
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${detail}`);
    this.name = 'SnippetSyntaxError';
  }
}
