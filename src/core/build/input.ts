/** What the trace builder takes: the recorder's streams and the runner's facts about the run. */
import type { ModuleFormat, RunExit } from '../trace';
import type { SiteTable, WireEvent } from '../wire';

/** What the runner knows about how the run ended, beyond the streams: for `meta.exit.error`. */
export interface ExitFacts {
  /** The last part of the program's stderr, for failures the recorder could not see (a module that fails to load). */
  stderrTail: string;
  /** The time-out that applied, ms. */
  timeoutMs: number;
  /** The event budget that applied. */
  maxEvents: number;
  /** True when the run was stopped because it went over the event budget. */
  overBudget: boolean;
  /** The V8 heap limit of the Node that ran it, MB, when the program ran out of memory. */
  heapLimitMb?: number;
}

export interface BuildInput {
  /** Absolute path (or name) of the user's file. */
  file: string;
  moduleFormat: ModuleFormat;
  /** Overrides the entry process's hello.nodeVersion. */
  nodeVersion?: string;
  /** One array of wire events per recorded process, each in that process's recording order, first event `hello`. The entry process first. */
  streams: WireEvent[][];
  sites: SiteTable;
  /** Absolute ms (same clock as wire `t`) that becomes t = 0: the entry process's hello.t if omitted. */
  originMs?: number;
  /** Wall-clock start, ISO 8601. */
  startedAt: string;
  exit: RunExit;
  blockingThresholdMs: number;
  /** Set when the runner cut the streams at the event budget. */
  truncated?: { atAbsMs: number; reason: string } | null;
  /** Events lost before the streams reached the runner (added to the recorders' own `dropped` counts). */
  dropped?: number;
  outputDroppedBytes?: number;
  entryFunction?: string;
  /**
   * Absolute path of the file that really ran (the prepared copy of the user's file). Frames and
   * samples in it are user code; messages and stacks that name it (as a path or a file:// URL)
   * are made to name the user's file. Absent: anything that is not Node's own code or a package
   * counts as user code, as it is.
   */
  runFile?: string;
  /** Maps a position in the run file (1-based line and column) to the user's file; null when it is not user code. Default: the same position. */
  mapPosition?: (line: number, col: number) => { line: number; col: number } | null;
  /** Facts for the one-sentence explanation of a run that did not end normally (`meta.exit.error`); without them it is not set. */
  exitFacts?: ExitFacts;
  /**
   * Absolute ms (wire clock) when the run really ended, when that is after its last event: the
   * runner killed it (time-out, stop) or its entry process died without an `exit` event (an
   * out-of-memory abort). Spans still open then last until this moment, and so does the trace.
   */
  endAbsMs?: number;
}
