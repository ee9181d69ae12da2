/**
 * The ENV table: the environment variables (and their defaults) by which the runner configures
 * the recorder in every recorded process; the one place their names are written.
 */

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
  /**
   * `run -- <command>`: a JSON file mapping each prepared user file (real path) to the file holding
   * its prepared text. Every recorded thread hands Node that text when Node reads the file.
   */
  userFiles: 'ASYNC_VIZ_USER_FILES',
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
