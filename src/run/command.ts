/**
 * `async-viz run -- <command>`: records every Node process a command starts, for as long as it
 * runs. The user's files are prepared first (prepare/project.ts); the command is spawned in its
 * own process group with the recorder in NODE_OPTIONS (every Node process under it, through npm,
 * sh, tsx or a cluster, inherits it and writes its own `<pid>.bin`), its stdin, stdout and stderr
 * the terminal's (output as in a plain run, in the same order). No time-out unless asked.
 *
 * Memory: the recorder streams to disk; the runner decodes what arrives once (for the live count,
 * `--on-block` and the window) and keeps in memory only the window's events (event-window.ts).
 * The trace is built when it is asked for: at the end, for a snapshot (USR2), for each block's
 * window. Without a window the end's trace is built from the files on disk.
 * Shared by the CLI and the extension (no vscode; an AbortSignal stops it; progress callbacks).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { prepareProject } from './prepare/project';
import { detectModuleFormat } from './prepare/format';
import { StreamReader } from './stream-reader';
import { makeWorkDir } from './work-dir';
import { droppedIn, streamsThatFit, type Tail } from './tail-read';
import { EventWindow } from './event-window';
import { BlockFinder, type Block } from './blocks';
import { foldLaunchers, type Launcher } from './launchers';
import { killGroup } from './process-group';
import { projectFile } from './locate';
import { trimToBudget } from './budget';
import { streamsSettled } from './settle';
import { DEFAULTS } from './runner';
import { buildTrace } from '../core/build';
import { ENV } from '../core/wire';
import type { HelloEvent, SiteTable, WireEvent } from '../core/wire';
import type { ExitFacts } from '../core/build';
import type { ModuleFormat, RunExit, Trace } from '../core/trace';
import type { RunProgress, StopReason } from './types';

export interface CommandOptions {
  /** The command and its arguments, as typed after `--`. */
  command: string[];
  /** Working directory of the command. Default: the process's. */
  cwd?: string;
  /** Folder whose JavaScript/TypeScript files are the user's (awaits and lines). Default: `cwd`. */
  root?: string;
  /** Keep only the last `windowMs` of the run (the written trace holds exactly that). Default: all of it. */
  windowMs?: number;
  /** Stop after this many events (the trace says it was cut). Default: no budget. */
  maxEvents?: number;
  /** Stop after this many ms. Default 0: none. */
  timeoutMs?: number;
  /** A callback holding a thread at least this long (ms) is a block whose window is kept (`onBlockWindow`). */
  onBlockMs?: number;
  /** How much of the run before and after a block its window holds, ms. Default 5,000. */
  blockContextMs?: number;
  blockingThresholdMs?: number;
  /** `inherit` (default): the command has the terminal. `pipe`: its output goes to `onOutput` and its input comes from `Recording.input` (an extension's terminal). */
  stdio?: 'inherit' | 'pipe';
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Stops the recording (the trace is kept); abort with a StopReason to say what stopped it. */
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  onLog?: (line: string) => void;
  /** Each block's window, as soon as the time after it has been recorded. */
  onBlockWindow?: (w: BlockWindow) => void;
}

/** The trace of the stretch around one or more blocks. */
export interface BlockWindow {
  /** 1, 2, ... in the order they were kept. */
  index: number;
  blocks: { pid: number; tid: number; startMs: number; durationMs: number }[];
  trace: Trace;
}

export interface CommandResult {
  trace: Trace;
  outcome: 'ok' | 'failed' | 'timeout' | 'cancelled';
  /** Launcher processes folded out of the trace (launchers.ts). */
  launchers: Launcher[];
  /** Events recorded, all processes (launchers included). */
  events: number;
  /** Events the recorders lost (their `dropped` reports over the whole run, window or not). */
  dropped: number;
  /** Bytes the recorder wrote, all processes. */
  bytes: number;
  /** The block windows kept (also given to onBlockWindow as they came). */
  blockWindows: BlockWindow[];
  /** User files prepared. */
  userFiles: number;
  /** Without `--window`, all of it was more than this process can build: the trace holds the last `keptMs` (tail-read.ts). */
  cutToFit?: { keptMs: number };
}

/** A recording under way. */
export interface Recording {
  /** The trace of the window (or of everything so far), while the recording goes on. */
  snapshot(): Trace;
  /** The pid of the command's process (its process group). */
  readonly pid: number | undefined;
  /** With `stdio: 'pipe'`: text for the command's stdin; `null` ends it (Ctrl+D). Ignored once it has ended. */
  input(text: string | null): void;
  readonly done: Promise<CommandResult>;
}

const clock = (): number => {
  const t = process.hrtime();
  return t[0] * 1e3 + t[1] / 1e6;
};
const BLOCK_CONTEXT_MS = 5000;
/** How much of a piped stderr is kept for the explanation of a failure (a module that did not load). */
const STDERR_TAIL = 16_384;

export async function recordCommand(opts: CommandOptions): Promise<Recording> {
  if (!opts.command.length) throw new Error('no command to run');
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const log = opts.onLog ?? (() => {});
  const blockingThresholdMs = opts.blockingThresholdMs ?? DEFAULTS.blockingThresholdMs;
  const work = makeWorkDir('run');
  const outDir = path.join(work, 'streams');
  mkdirSync(outDir);
  const project = await prepareProject(opts.root ?? cwd, work, log);
  const recorder = projectFile('dist', 'recorder.js');
  const quoted = `"${recorder.replace(/(["\\])/g, '\\$1')}"`;
  const nodeOptions = [process.env.NODE_OPTIONS ?? '', `--require ${quoted}`].join(' ').trim();
  const [cmd, ...args] = opts.command;
  log(`run ${opts.command.join(' ')} in ${cwd}`);
  const startedAt = new Date();
  const child = spawn(cmd, args, {
    cwd,
    detached: true, // own process group: one kill reaches every process under it
    stdio: opts.stdio === 'pipe' ? 'pipe' : 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: nodeOptions,
      [ENV.outDir]: outDir,
      [ENV.recorder]: recorder,
      [ENV.userFiles]: project.manifestFile,
      [ENV.positions]: project.positionsFile,
      [ENV.sourceMaps]: project.typescript ? '1' : undefined,
      [ENV.stallMs]: String(DEFAULTS.stallMs),
      [ENV.blockMs]: String(blockingThresholdMs),
      [ENV.runnerPid]: String(process.pid),
    },
  });
  child.stdout?.setEncoding('utf8').on('data', (s: string) => opts.onOutput?.('stdout', s));
  // The end of stderr (piped only: a terminal's is the terminal's), for the sentence on how it ended.
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderrTail = (stderrTail + s).slice(-STDERR_TAIL);
    opts.onOutput?.('stderr', s);
  });
  // A program that exits without reading its input: EPIPE on a write is no error of the recording.
  child.stdin?.on('error', () => {});
  const input = (text: string | null): void => {
    const stdin = child.stdin;
    if (!stdin || stdin.destroyed || stdin.writableEnded) return;
    if (text === null) stdin.end();
    else stdin.write(text);
  };

  const context = opts.blockContextMs ?? BLOCK_CONTEXT_MS;
  const finder = opts.onBlockMs ? new BlockFinder(opts.onBlockMs, context, context) : undefined;
  const span = opts.windowMs ?? (finder ? 2 * context : 0);
  const window = span > 0 ? new EventWindow(span) : undefined;
  // The window and the block finder need the events as they come; without them the records stay
  // on disk until the end (stream-reader.ts), and the CLI takes no CPU from the program meanwhile.
  const live = Boolean(window || finder);
  const reader = new StreamReader(outDir, live ? {
    keep: false,
    onEvents: (s, ev) => {
      dropped += droppedIn(ev);
      window?.add(s, ev);
      finder?.add(s, ev);
    },
  } : { decode: 'end', budget: opts.maxEvents || Infinity });
  const blockWindows: BlockWindow[] = [];
  let dropped = 0;
  let exit: RunExit = { code: null, signal: null, timedOut: false };
  const build = (streams: WireEvent[][], range?: { from: number; to: number }, truncated: { atAbsMs: number; reason: string } | null = null) =>
    traceOf(streams, project.sites, startedAt, exit, blockingThresholdMs, opts.command, range, truncated, {
      stderrTail, timeoutMs: opts.timeoutMs ?? 0, maxEvents: opts.maxEvents ?? 0, overBudget,
    });
  /** Everything recorded so far, from the files on disk (the latest part of it, when all of it is more than fits). */
  const allStreams = (): Tail => streamsThatFit(outDir, child.pid);
  const rangeOf = (t: Tail) => (Number.isFinite(t.from) ? { from: t.from, to: t.to } : undefined);
  const windowTrace = (): Trace => {
    reader.poll();
    if (!window || !opts.windowMs) {
      const all = allStreams();
      return build(all.streams, rangeOf(all)).trace;
    }
    const to = window.latest;
    const from = window.startOf(to, opts.windowMs);
    return build(window.streams(from, to), { from, to }).trace;
  };
  const deliverBlocks = (final: boolean) => {
    if (!finder || !window) return;
    for (const w of finder.take(clock(), final)) {
      const to = Math.min(w.toAbs, window.latest);
      const bw: BlockWindow = {
        index: blockWindows.length + 1,
        blocks: w.blocks.map((b: Block) => ({ pid: b.pid, tid: b.tid, startMs: b.startAbs - w.fromAbs, durationMs: b.endAbs - b.startAbs })),
        trace: build(window.streams(w.fromAbs, to), { from: w.fromAbs, to }).trace,
      };
      blockWindows.push(bw);
      opts.onBlockWindow?.(bw);
    }
  };

  const t0 = clock();
  let stopped: StopReason | undefined;
  let timedOut = false;
  let overBudget = false;
  let exited = false;
  let killed = false;
  const stop = (why: string) => {
    if (killed) return;
    killed = true;
    log(`stopping: ${why}`);
    void streamsSettled(reader, () => exited).then(() => child.pid && killGroup(child.pid));
  };
  const timer = opts.timeoutMs ? setTimeout(() => ((timedOut = true), stop(`time-out after ${opts.timeoutMs} ms`)), opts.timeoutMs) : undefined;
  const poller = setInterval(() => {
    reader.poll();
    if (window) window.evict(Math.min(window.latest - span, finder?.needsFrom ?? Infinity));
    deliverBlocks(false);
    if (opts.maxEvents && !overBudget && reader.count > opts.maxEvents) {
      overBudget = true;
      stop(`event budget of ${opts.maxEvents} reached`);
    }
    opts.onProgress?.({ elapsedMs: clock() - t0, events: reader.approxCount });
  }, DEFAULTS.pollMs);
  const onAbort = () => {
    stopped = typeof opts.signal?.reason === 'string' ? (opts.signal.reason as StopReason) : 'cancel';
    stop(`stopped (${stopped})`);
  };
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort);

  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => (exited = true));
    child.once('close', (code, signal) => resolve({ code, signal }));
  }).then(async ({ code, signal }): Promise<CommandResult> => {
    clearTimeout(timer);
    clearInterval(poller);
    opts.signal?.removeEventListener('abort', onAbort);
    if (child.pid) killGroup(child.pid); // what the command left running goes with it
    // The last processes' final writes, then the last events.
    await streamsSettled(reader, () => false);
    reader.close();
    exit = { code, signal, timedOut, ...(stopped ? { cancelled: true, stoppedBy: stopped } : {}) };
    deliverBlocks(true);
    const windowed = window && opts.windowMs;
    const to = window?.latest ?? clock();
    const from = windowed ? window.startOf(to, opts.windowMs!) : -Infinity;
    const onDisk = windowed ? undefined : allStreams();
    if (onDisk && !live) dropped = onDisk.dropped;
    let streams = onDisk?.streams ?? window!.streams(from, to);
    let truncated: { atAbsMs: number; reason: string } | null = null;
    if (opts.maxEvents && !windowed) ({ streams, truncated } = trimToBudget(streams, opts.maxEvents));
    const built = build(streams, windowed ? { from, to } : onDisk && rangeOf(onDisk), truncated);
    const outcome = stopped ? 'cancelled' : timedOut ? 'timeout' : code === 0 ? 'ok' : 'failed';
    const events = live ? reader.count : onDisk!.total;
    log(`run ended: ${outcome} (code ${code}, signal ${signal}, ${events} events)`);
    const cutToFit = onDisk && rangeOf(onDisk) ? { keptMs: onDisk.to - onDisk.from } : undefined;
    return { trace: built.trace, outcome, launchers: built.launchers, events, dropped, bytes: reader.bytes, blockWindows, userFiles: project.files.length, ...(cutToFit ? { cutToFit } : {}) };
  }, (e: NodeJS.ErrnoException) => {
    clearInterval(poller);
    throw new Error(e.code === 'ENOENT' ? `cannot start "${cmd}": not found` : String(e));
  }).finally(() => rmSync(work, { recursive: true, force: true }));
  return { snapshot: windowTrace, pid: child.pid, input, done };
}

/** The trace of some streams: launchers folded, the first user process as the entry. */
function traceOf(all: WireEvent[][], sites: SiteTable, startedAt: Date, exit: RunExit, blockingThresholdMs: number, command: string[], range: { from: number; to: number } | undefined, truncated: { atAbsMs: number; reason: string } | null, exitFacts: ExitFacts): { trace: Trace; launchers: Launcher[] } {
  const { streams, launchers } = foldLaunchers(all);
  const hello = streams[0]?.[0] as HelloEvent | undefined;
  const script = hello?.argv[1] ? path.resolve(hello.argv[1]) : undefined;
  const file = script ?? command.join(' ');
  let moduleFormat: ModuleFormat = 'cjs';
  try {
    if (script) moduleFormat = detectModuleFormat(script, readFileSync(script, 'utf8'));
  } catch {
    // not a file we can read: CommonJS, as Node assumes
  }
  const trace = buildTrace({
    file, moduleFormat, streams, sites, startedAt: startedAt.toISOString(), exit, blockingThresholdMs, truncated, exitFacts,
    ...(range ? { originMs: range.from, endAbsMs: range.to } : {}),
  });
  return { trace, launchers };
}
