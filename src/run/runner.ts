/**
 * Runs one snippet for real and records it: prepare (transpile + rewrite), spawn Node with the
 * recorder preloaded in its own process group, read and count the recorder's streams while it
 * runs (decoded once it is over: stream-reader.ts), enforce the time-out / event budget / cancel
 * by killing the whole group, then build the trace: the core
 * build leaves it finished (the user's file named in messages, the exit explained).
 * Shared by the CLI and the extension (no vscode here).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepare } from './prepare';
import { StreamReader } from './stream-reader';
import { makeWorkDir } from './work-dir';
import { isAlive, killGroup, killPids } from './process-group';
import { projectFile } from './locate';
import { trimToBudget } from './budget';
import { heapLimitMb, isOutOfMemory } from './heap-limit';
import { aliveReported, streamsSettled } from './settle';
import { readSnippet } from './read-snippet';
import { buildTrace, entryFailed } from '../core/build';
import { ENV, ENV_DEFAULTS } from '../core/wire';
import type { RunExit } from '../core/trace';
import { STOP_REASONS, type RunOptions, type RunResult, type StopReason } from './types';

/** Defaults for RunOptions. */
export const DEFAULTS = {
  /** 0 would mean no time-out. */
  timeoutMs: 10_000,
  maxEvents: 1_000_000,
  maxOutputBytes: ENV_DEFAULTS.maxOutput,
  blockingThresholdMs: ENV_DEFAULTS.blockMs,
  /** How often the recorder's streams are read while the snippet runs. */
  pollMs: 25,
  /** A callback running this long is reported as a stall while it is still running. */
  stallMs: ENV_DEFAULTS.stallMs,
} as const;

/** The Node executable to run snippets with. */
export function defaultNode(): string {
  // Inside VS Code, process.execPath is Electron; a plain `node` on PATH is what users expect.
  return process.versions.electron ? 'node' : process.execPath;
}

/** Quotes a path for NODE_OPTIONS, which splits on spaces unless quoted. */
const quoteOpt = (p: string) => `"${p.replace(/(["\\])/g, '\\$1')}"`;

/** ms on the recorder's clock: the system's monotonic clock (`process.hrtime`), the same in every process of the machine. */
const clock = (): number => {
  const t = process.hrtime();
  return t[0] * 1e3 + t[1] / 1e6;
};

/** What stopped the run, from the abort signal's reason (a StopReason), else a plain cancel. */
function stopReasonOf(signal: AbortSignal | undefined): StopReason {
  const r = signal?.reason;
  return typeof r === 'string' && (STOP_REASONS as readonly string[]).includes(r) ? (r as StopReason) : 'cancel';
}

export async function runFile(opts: RunOptions): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxEvents = opts.maxEvents ?? DEFAULTS.maxEvents;
  const maxOutputBytes = opts.maxOutputBytes ?? DEFAULTS.maxOutputBytes;
  const blockingThresholdMs = opts.blockingThresholdMs ?? DEFAULTS.blockingThresholdMs;
  const log = opts.onLog ?? (() => {});
  const file = path.resolve(opts.file);
  const source = opts.source ?? readSnippet(file, opts.file);

  const work = makeWorkDir('');
  const outDir = path.join(work, 'streams');
  mkdirSync(outDir);
  try {
    const prepared = await prepare({ file, source, entryFunction: opts.entryFunction, outDir: work });
    const recorder = projectFile('dist', 'recorder.js');
    const nodeOptions = [process.env.NODE_OPTIONS ?? '', `--require ${quoteOpt(recorder)}`].join(' ').trim();
    const args = [...(prepared.loaderFile ? ['--import', pathToFileURL(prepared.loaderFile).href] : []), prepared.runFile];
    const nodePath = opts.nodePath ?? defaultNode();
    log(`run ${nodePath} ${args.join(' ')} (${prepared.format}) in ${path.dirname(file)}`);

    const startedAt = new Date();
    const child = spawn(nodePath, args, {
      cwd: path.dirname(file),
      detached: true, // own process group: one kill takes workers' process and grandchildren
      stdio: ['ignore', 'pipe', 'pipe'], // stdin at end of file: a snippet reading it gets EOF, not a hang
      env: {
        ...process.env,
        ELECTRON_RUN_AS_NODE: process.versions.electron && nodePath === process.execPath ? '1' : undefined,
        NODE_OPTIONS: nodeOptions,
        [ENV.outDir]: outDir,
        [ENV.recorder]: recorder,
        [ENV.entryOriginal]: file,
        [ENV.entryRun]: prepared.runFile,
        [ENV.entrySource]: prepared.sourceFile,
        [ENV.entryFormat]: prepared.format,
        [ENV.positions]: prepared.positionsFile,
        [ENV.sourceMaps]: prepared.sourceMaps ? '1' : undefined,
        [ENV.stallMs]: String(DEFAULTS.stallMs),
        [ENV.blockMs]: String(blockingThresholdMs),
        [ENV.maxOutput]: String(maxOutputBytes),
        [ENV.runnerPid]: String(process.pid),
      },
    });

    // The snippet's raw output: forwarded as it comes, and its stderr tail kept to explain crashes
    // that happen before the recorder could see them (a module that fails to load).
    let stderrTail = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => opts.onOutput?.('stdout', s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      opts.onOutput?.('stderr', s);
      stderrTail = (stderrTail + s).slice(-16_384);
    });

    const reader = new StreamReader(outDir, { decode: 'end', budget: maxEvents });
    const t0 = clock();
    let timedOut = false;
    let cancelled = false;
    let overBudget = false;
    /** When the runner killed the run (time-out, stop): the trace lasts until then. */
    let killedAt: number | undefined;
    let exited = false;
    /** Kills the run; `settle`: first ask what keeps it alive and let the recorder deliver what it holds (see settle.ts). */
    const stop = (why: string, settle = true) => {
      if (killedAt !== undefined) return;
      log(`stopping the run: ${why}`);
      killedAt = clock();
      const kill = () => {
        killedAt = clock();
        if (child.pid) killGroup(child.pid);
      };
      const done = () => exited;
      if (settle) void aliveReported(work, child.pid, reader, done).then(() => streamsSettled(reader, done)).then(kill);
      else kill();
    };
    // A time-out of 0 means none: record until the program ends or the user stops it.
    const timer = timeoutMs > 0 ? setTimeout(() => {
      timedOut = true;
      stop(`time-out after ${timeoutMs} ms`);
    }, timeoutMs) : undefined;
    const poller = setInterval(() => {
      reader.poll();
      if (!overBudget && reader.count > maxEvents) {
        overBudget = true;
        stop(`event budget of ${maxEvents} reached`, false);
      }
      opts.onProgress?.({ elapsedMs: clock() - t0, events: reader.approxCount });
    }, DEFAULTS.pollMs);
    const onAbort = () => {
      if (timedOut || overBudget) return;
      cancelled = true;
      stop(`stopped (${stopReasonOf(opts.signal)})`);
    };
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort);

    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', () => (exited = true));
      child.once('close', (c, s) => resolve({ code: c, signal: s }));
    }).catch((e: NodeJS.ErrnoException) => {
      throw new Error(e.code === 'ENOENT' ? `Async Viz: cannot start Node ("${nodePath}" not found). Install Node.js or set asyncViz.nodePath.` : String(e));
    });
    const endedAt = clock();
    clearTimeout(timer);
    clearInterval(poller);
    opts.signal?.removeEventListener('abort', onAbort);

    // The entry process is gone; anything it left running (a child that never ends) goes with it.
    if (child.pid) killGroup(child.pid);
    reader.poll();
    const rawStreams = reader.streams(child.pid);
    reader.close();
    const spawned = spawnedPids(rawStreams);
    killPids(spawned);
    // A killed process can take a moment to be gone (a busy machine): the run ends when it is.
    await gone(spawned, 2000);

    const { streams, truncated } = trimToBudget(rawStreams, maxEvents);
    const exit: RunExit = { code, signal, timedOut, ...(cancelled ? { cancelled, stoppedBy: stopReasonOf(opts.signal) } : {}) };
    // The run lasted until the runner killed it, or until its entry process died without saying
    // so (an abort when the heap ran out, a signal from outside): a callback stuck until then was
    // blocking until then, not until the last event the recorder could write.
    const entryExited = rawStreams[0]?.some((e) => e.k === 'exit' && e.tid === 0) ?? false;
    const endAbsMs = truncated ? undefined : (killedAt ?? (entryExited ? undefined : endedAt));
    const heapMb = isOutOfMemory(stderrTail) ? await heapLimitMb(nodePath, nodeOptions) : undefined;
    const trace = buildTrace({
      file,
      moduleFormat: prepared.format,
      streams,
      sites: prepared.sites,
      startedAt: startedAt.toISOString(),
      exit,
      blockingThresholdMs,
      truncated,
      entryFunction: opts.entryFunction,
      runFile: prepared.runFile,
      mapPosition: prepared.mapPosition,
      exitFacts: { stderrTail, timeoutMs, maxEvents, overBudget, ...(heapMb !== undefined ? { heapLimitMb: heapMb } : {}) },
      endAbsMs,
    });
    const failed = code !== 0 || entryFailed(trace);
    const outcome = cancelled ? 'cancelled' : timedOut ? 'timeout' : failed ? 'failed' : 'ok';
    log(`run ended: ${outcome} (code ${code}, signal ${signal}, ${reader.count} events)`);
    return { trace, outcome };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Resolves when none of `pids` is alive any more, or after `ms`. */
async function gone(pids: number[], ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (pids.some(isAlive) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Pids of every child process the recorded processes started (they may have left their group). */
function spawnedPids(streams: { k: string; childPid?: number }[][]): number[] {
  const pids: number[] = [];
  for (const s of streams) for (const e of s) if (e.k === 'spawn' && e.childPid) pids.push(e.childPid);
  return pids;
}
