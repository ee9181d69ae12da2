/**
 * The recorder, preloaded with `--require` into every thread of the user's process (and of its
 * child processes). Main thread: allocates the shared rings, starts the flusher thread, records;
 * worker threads: claim a ring and record; the flusher thread (this same bundle, told so by its
 * workerData) only drains. Loads once per thread and never throws into user code.
 */
import { openSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import workerThreads from 'node:worker_threads';
import { ENV, ENV_DEFAULTS, ENV_PREFIX } from '../core/wire';
import { installApi } from './api';
import { captureEmits, captureErrors, captureExitCalls, captureOutput, ownEmitters, reportCut } from './capture';
import { PARENT_KEY, followChildren } from './children';
import { drainAll, lockWithin, unlock } from './drain';
import { runFlusher, type FlusherData } from './flusher';
import { installHooks } from './hooks';
import { Ring } from './ring';
import { bracketEntryScript } from './script';
import { C, MAX_WORKER_SLOTS, SESSION, Views, createShared, type Shared } from './shared';
import { now } from './clock';
import { Thread, type Config } from './state';

const SHARED_KEY = 'asyncViz:shared';
/** Taken before `followChildren` wraps the class: the flusher must not look like a user worker. */
const OriginalWorker = workerThreads.Worker;
const GUARD = Symbol.for('asyncViz.recorder.loaded');

function debug(th: { cfg: Config } | undefined, what: string, e: unknown): void {
  if (th?.cfg.debug || process.env[ENV.debug] === '1') (process as any)._rawDebug(`[async-viz recorder] ${what}: ${(e as Error)?.stack ?? e}`);
}

function configFrom(env: Record<string, string | undefined>): Config {
  const num = (k: string, d: number) => {
    const n = Number(env[k]);
    return Number.isFinite(n) && n > 0 ? n : d;
  };
  return {
    blockMs: num(ENV.blockMs, ENV_DEFAULTS.blockMs),
    stallMs: num(ENV.stallMs, ENV_DEFAULTS.stallMs),
    maxOutput: num(ENV.maxOutput, ENV_DEFAULTS.maxOutput),
    debug: env[ENV.debug] === '1',
    entryOriginal: env[ENV.entryOriginal] ?? '',
    entryRun: env[ENV.entryRun] ?? '',
    outDir: env[ENV.outDir] ?? '',
    recorder: env[ENV.recorder] || __filename,
    runnerPid: num(ENV.runnerPid, 0),
  };
}

/** Everything the recorder reads from the environment, passed on to workers and children. */
function envSnapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith(ENV_PREFIX) && v !== undefined) out[k] = v;
  return out;
}

function installCommon(th: Thread, entryFile: string, onExit: (code: number) => void, onFatal: () => void): void {
  installHooks(th);
  installApi(th);
  captureOutput(th);
  captureErrors(th, onFatal); // before emits are wrapped: its own 'newListener' is not recorded
  captureEmits(th, onExit);
  captureExitCalls(th);
  followChildren(th);
  bracketEntryScript(th, entryFile);
}

function startMain(): void {
  const env = envSnapshot();
  const cfg = configFrom(env);
  if (!cfg.outDir) return;
  if (!env[ENV.recorder]) env[ENV.recorder] = cfg.recorder;
  const ringBytes = Number(env[ENV.ringBytes]) > 0 ? Number(env[ENV.ringBytes]) : ENV_DEFAULTS.ringBytes;
  const shared = createShared(ringBytes, Math.max(1 << 20, ringBytes >> 3), env, cfg.recorder);
  const views = new Views(shared);
  const file = path.join(cfg.outDir, `${process.pid}.bin`);
  const fd = openSync(file, 'a');
  const ring = new Ring(views, 0, 0);
  ring.event({ k: 'hello', t: now(), tid: 0, pid: process.pid, ppid: process.ppid, nodeVersion: process.version, argv: process.argv.slice() });
  const th = new Thread(ring, views, cfg, true, 1);
  workerThreads.setEnvironmentData(SHARED_KEY, shared);

  let final = false;
  const finalDrain = () => {
    if (final) return;
    final = true;
    releaseFlusherSession(views);
    // Never drain while the flusher does: two writers of one ring corrupt the stream. A flusher
    // that holds the lock for seconds (a starved machine) costs the tail of the trace instead.
    const locked = lockWithin(views, 2500);
    try {
      Atomics.store(views.i32, C.stop, 1);
      if (locked) drainAll(views, fd);
    } catch (e) {
      debug(th, 'final drain', e);
    } finally {
      if (locked) unlock(views);
    }
  };
  const onExit = (code: number) => {
    try {
      reportCut(th);
      th.emit({ k: 'exit', t: now(), tid: 0, code });
    } catch {
      // swallow
    }
    finalDrain();
  };
  const onFatal = () => {
    releaseFlusherSession(views);
    if (final || !lockWithin(views, 200)) return;
    try {
      drainAll(views, fd);
    } catch (e) {
      debug(th, 'drain', e);
    } finally {
      unlock(views);
    }
  };
  installCommon(th, process.argv[1] ?? '', onExit, onFatal);
  const reallyExit = (process as any).reallyExit;
  (process as any).reallyExit = function (this: unknown, ...args: unknown[]) {
    finalDrain();
    return reallyExit.apply(this, args);
  };
  enableDebuggerHere(th);
  if (startFlusher(th, shared, file, cfg)) awaitFlusherSession(views);
}

/**
 * Waits (at most 250 ms) until the flusher's inspector session is connected: connected before the
 * user's code runs, it is always there to be released before an early exit (releaseFlusherSession).
 * The wait is a JS loop on purpose: the inspector's messages reach this thread through a V8
 * interrupt, which the loop services between its short sleeps (one long Atomics.wait would not).
 */
function awaitFlusherSession(views: Views): void {
  const deadline = performance.now() + 250;
  while (Atomics.load(views.i32, C.ready) === SESSION.connecting && performance.now() < deadline) {
    // Sleep in 1 ms slices (the flusher thread needs the CPU to start); each loop turn runs JS,
    // which services the inspector's interrupt.
    Atomics.wait(views.i32, C.ready, SESSION.connecting, 1);
  }
}

/**
 * Enables and disables the V8 debugger once, here, before the user's code runs. The flusher
 * enables it again only while it looks at a long callback, and that enable runs on this thread,
 * inside the callback: the first enable of a process costs ~20-30 ms (it made a blocked
 * `execSync` callback 35 ms longer), a later one ~2-5 ms. Left enabled, the debugger would make
 * every await several times slower.
 */
function enableDebuggerHere(th: Thread): void {
  if (process.env[ENV.noInspector] === '1') return;
  th.quiet++;
  try {
    const s = new Session();
    s.connect();
    s.post('Debugger.enable', () => undefined);
    s.post('Debugger.disable', () => undefined);
    s.disconnect();
  } catch (e) {
    debug(th, 'debugger warm-up', e);
  } finally {
    th.quiet--;
  }
}

/**
 * Before this process exits (an uncaught exception, process.exit(), the end): the flusher's
 * inspector session is a debugger connection to this thread, and Node would print "Waiting for
 * the debugger to disconnect..." after its own output. The flusher disconnects on request; we
 * spin (servicing the inspector's interrupt) until it has, at most 200 ms.
 */
function releaseFlusherSession(views: Views): void {
  if (Atomics.compareExchange(views.i32, C.ready, SESSION.connected, SESSION.releasing) !== SESSION.connected) return;
  const deadline = performance.now() + 200;
  while (Atomics.load(views.i32, C.ready) !== SESSION.released && performance.now() < deadline) {
    // spin
  }
}

/** Starts the flusher thread; false when it could not be started. */
function startFlusher(th: Thread, shared: Shared, file: string, cfg: Config): boolean {
  const { NODE_OPTIONS: _drop, ...env } = process.env;
  const data: FlusherData = { asyncVizFlusher: true, shared, file, blockMs: cfg.blockMs, stallMs: cfg.stallMs, recorder: cfg.recorder, runnerPid: cfg.runnerPid, runDir: path.dirname(cfg.outDir) };
  th.quiet++;
  try {
    const w = new OriginalWorker(__filename, {
      workerData: data,
      env,
      execArgv: [],
      stdout: true,
      stderr: true,
      name: 'async-viz-flusher',
    });
    ownEmitters.add(w);
    ownEmitters.add(w.stdout);
    ownEmitters.add(w.stderr);
    w.on('error', (e: unknown) => debug(th, 'flusher', e));
    w.unref();
    return true;
  } catch (e) {
    debug(th, 'start flusher', e);
    return false;
  } finally {
    th.quiet--;
  }
}

function startWorker(): void {
  const shared = workerThreads.getEnvironmentData(SHARED_KEY) as Shared | undefined;
  if (!shared?.ctl) return;
  const views = new Views(shared);
  const slot = Atomics.add(views.i32, C.workers, 1) + 1;
  if (slot > MAX_WORKER_SLOTS) return;
  const cfg = configFrom(shared.env);
  cfg.recorder = shared.recorder;
  let parent: { tid: number; label: string; name?: string } = { tid: 0, label: '[unknown]' };
  try {
    parent = JSON.parse(String(workerThreads.getEnvironmentData(PARENT_KEY)));
  } catch {
    // a Worker made before we wrapped the class
  }
  const ring = new Ring(views, slot, workerThreads.threadId);
  ring.event({ k: 'thread', t: now(), tid: workerThreads.threadId, parentTid: parent.tid, label: parent.label, ...(parent.name ? { name: parent.name } : {}) });
  const th = new Thread(ring, views, cfg, false, 1);
  const entry = parent.label.startsWith('file:') || parent.label.startsWith('[') ? '' : parent.label;
  installCommon(th, entry, (code) => { reportCut(th); th.emit({ k: 'exit', t: now(), tid: th.tid, code }); }, () => undefined);
}

function main(): void {
  const g = globalThis as any;
  if (g[GUARD]) return;
  Object.defineProperty(g, GUARD, { value: true, enumerable: false });
  const wd = workerThreads.workerData as FlusherData | undefined;
  if (!workerThreads.isMainThread && wd && wd.asyncVizFlusher === true) return runFlusher(wd);
  if (workerThreads.isMainThread) startMain();
  else startWorker();
}

try {
  main();
} catch (e) {
  debug(undefined, 'start-up', e);
}
