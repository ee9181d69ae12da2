/**
 * Runs one snippet for real and records it: prepare (transpile + rewrite), spawn Node with the
 * recorder preloaded in its own process group, read the recorder's streams while it runs, enforce
 * the time-out / event budget / cancel by killing the whole group, then build the trace.
 * Shared by the CLI and the extension (no vscode here).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepare } from './prepare';
import { StreamReader } from './stream-reader';
import { isAlive, killGroup, killPids } from './process-group';
import { projectFile } from './locate';
import { explainExit } from './explain-exit';
import { trimToBudget } from './budget';
import { buildTrace } from '../core/build-trace';
import { ENV } from '../core/wire';
import type { RunExit } from '../core/trace';
import type { RunOptions, RunResult } from './types';

/** Defaults for RunOptions. */
export const DEFAULTS = {
  timeoutMs: 10_000,
  maxEvents: 1_000_000,
  maxOutputBytes: 1 << 20,
  blockingThresholdMs: 10,
  /** How often the recorder's streams are read while the snippet runs. */
  pollMs: 25,
  /** A callback running this long is reported as a stall while it is still running. */
  stallMs: 1000,
} as const;

/** The Node executable to run snippets with. */
export function defaultNode(): string {
  // Inside VS Code, process.execPath is Electron; a plain `node` on PATH is what users expect.
  return process.versions.electron ? 'node' : process.execPath;
}

/** Quotes a path for NODE_OPTIONS, which splits on spaces unless quoted. */
const quoteOpt = (p: string) => `"${p.replace(/(["\\])/g, '\\$1')}"`;

export async function runFile(opts: RunOptions): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxEvents = opts.maxEvents ?? DEFAULTS.maxEvents;
  const maxOutputBytes = opts.maxOutputBytes ?? DEFAULTS.maxOutputBytes;
  const blockingThresholdMs = opts.blockingThresholdMs ?? DEFAULTS.blockingThresholdMs;
  const log = opts.onLog ?? (() => {});
  const file = path.resolve(opts.file);
  const source = opts.source ?? readFileSync(file, 'utf8');

  const work = mkdtempSync(path.join(os.tmpdir(), 'async-viz-'));
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
        ASYNC_VIZ_BLOCK_MS: String(blockingThresholdMs),
        ASYNC_VIZ_MAX_OUTPUT: String(maxOutputBytes),
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

    const reader = new StreamReader(outDir);
    let timedOut = false;
    let cancelled = false;
    let overBudget = false;
    const stop = (why: string) => {
      log(`stopping the run: ${why}`);
      if (child.pid) killGroup(child.pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop(`time-out after ${timeoutMs} ms`);
    }, timeoutMs);
    const poller = setInterval(() => {
      reader.poll();
      if (!overBudget && reader.count > maxEvents) {
        overBudget = true;
        stop(`event budget of ${maxEvents} reached`);
      }
    }, DEFAULTS.pollMs);
    const onAbort = () => {
      cancelled = true;
      stop('cancelled');
    };
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort);

    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve({ code: c, signal: s }));
    }).catch((e: NodeJS.ErrnoException) => {
      throw new Error(e.code === 'ENOENT' ? `Async Viz: cannot start Node ("${nodePath}" not found). Install Node.js or set asyncViz.nodePath.` : String(e));
    });
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
    const exit: RunExit = { code, signal, timedOut, ...(cancelled ? { cancelled } : {}) };
    const trace = buildTrace({
      file: opts.file,
      moduleFormat: prepared.format,
      streams,
      sites: prepared.sites,
      startedAt: startedAt.toISOString(),
      exit,
      blockingThresholdMs,
      truncated,
      entryFunction: opts.entryFunction,
      // The recorder maps positions to the user's file before they leave the process; a position
      // still in the run file (a copy in the run folder) is mapped here.
      mapLocation: (f, line, col) => (samePath(f, file) ? { line, col } : samePath(f, prepared.runFile) ? prepared.mapPosition(line, col) : null),
      runFile: prepared.runFile,
    });
    // Messages and stacks name the user's file, not its prepared copy in the temp dir.
    for (const e of trace.events) {
      if (e.kind === 'error' || e.kind === 'unhandledRejection') {
        e.message = unprepared(e.message, prepared.runFile, opts.file);
        if (e.stack) e.stack = unprepared(e.stack, prepared.runFile, opts.file);
      }
    }
    // A worker's or child process's own uncaught error ends that thread or process, not the run:
    // the program sees it as an 'error' or 'exit' event and may handle it. Only the entry main
    // thread's (lane 0) fail the run.
    const ownLaneOnly = { ...trace, events: trace.events.filter((e) => (e.kind !== 'error' && e.kind !== 'unhandledRejection') || e.lane === 0) };
    trace.meta.exit.error = explainExit(ownLaneOnly, { stderrTail: unprepared(stderrTail, prepared.runFile, opts.file), timeoutMs, maxEvents, overBudget, file: opts.file });
    const failed = code !== 0 || ownLaneOnly.events.some((e) => e.kind === 'error' || e.kind === 'unhandledRejection');
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

function samePath(a: string, b: string): boolean {
  return a === b || a === pathToFileURL(b).href;
}

/** Replaces the run file's path and URL in `text` by the user's file. */
function unprepared(text: string, runFile: string, file: string): string {
  return text.split(pathToFileURL(runFile).href).join(pathToFileURL(path.resolve(file)).href).split(runFile).join(file);
}
