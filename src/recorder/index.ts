/**
 * The recorder, preloaded with `--require` into every thread of the user's process (and of its
 * child processes). Loads once per thread and never throws into user code. Four roles:
 *  - the entry process's main thread: allocates the shared rings, starts the flusher thread,
 *    records into ring 0;
 *  - a worker thread of the entry process: records into a ring of the shared buffer (or, when all
 *    are taken, writes its own records);
 *  - the main thread and the workers of a child process (ENV.child): write their own records
 *    to `<pid>.bin` (a child starts no thread of its own: it costs no start-up, and the program's
 *    thread ids and 'worker' events stay its own);
 *  - the flusher (this same bundle, told so by its workerData): only drains and watches.
 */
import { fstatSync, openSync, statSync } from 'node:fs';
import { ENV, ENV_DEFAULTS, ENV_PREFIX } from '../core/wire';
import { installApi } from './api';
import { installAliveProbe } from './alive';
import { captureEmits, captureErrors, captureExitCalls, captureOutput, ownEmitters, reportCut } from './capture';
import { PARENT_KEY, SPAWN_WHERE, followChildren, setFlusherTid, shownTid, showThreadIds, type ParentInfo } from './children';
import { drainAll, lockWithin, unlock } from './drain';
import { entryOf, hookEntry, withStartCall, type EntryKind } from './entry';
import { hookUserFiles, loadUserFiles } from './user-files';
import { runFlusher, type FlusherData } from './flusher';
import { installHide, own } from './hide';
import { installHooks } from './hooks';
import { LocalSink, SabRing, type Sink } from './ring';
import { C, F, Views, createShared, type Shared } from './shared';
import { enableDebuggerHere, releaseFlusherSession } from './session';
import { configureStacks, enableSourceMaps, installStacks } from './stacks';
import { Thread, now, type Config } from './state';
import { debugLog, path, proc, vm, workerThreads } from './util';

const SHARED_KEY = 'asyncViz:shared';
/** The stream file's fd, for threads that write their own records. */
const FD_KEY = 'asyncViz:fd';
/** The ASYNC_VIZ_* variables, for workers of a child process (which has no shared state). */
const ENV_KEY = 'asyncViz:env';
/** Scripts of tools' worker threads, not recorded: esbuild's sync service (tsx compiles with it when its cache has not the file). */
const TOOL_WORKER = /[\\/]node_modules[\\/]esbuild[\\/]lib[\\/]main\.js$/;
/** The main thread's entry file, for Node's module hooks thread (a loader such as tsx reads it there). */
const ENTRY_KEY = 'asyncViz:entry';
/** Taken before `followChildren` wraps the class: the flusher must not look like a user worker. */
const OriginalWorker = workerThreads.Worker;
/** Private buffer sizes of threads that write their own records. */
const LOCAL_MAIN_BYTES = 256 << 10;
const LOCAL_WORKER_BYTES = 128 << 10;

let debugOn = proc.env[ENV.debug] === '1';
const debug = (what: string, e?: unknown) => debugLog(debugOn, what, e);

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
    entrySource: env[ENV.entrySource] ?? '',
    entryFormat: env[ENV.entryFormat] ?? '',
    positions: env[ENV.positions] ?? '',
    sourceMaps: env[ENV.sourceMaps] === '1',
    outDir: env[ENV.outDir] ?? '',
    recorder: env[ENV.recorder] || __filename,
    runnerPid: num(ENV.runnerPid, 0),
    userFiles: env[ENV.userFiles] ?? '',
  };
}

/** Everything the recorder reads from the environment, passed on to workers and children. */
function envSnapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(proc.env)) if (k.startsWith(ENV_PREFIX) && k !== ENV.child && k !== SPAWN_WHERE && v !== undefined) out[k] = v;
  return out;
}

/** `dev:ino` of fds 1 and 2: where the program's output goes (a child compares its own). */
function stdioIds(): string {
  const ids = [1, 2].map((fd) => {
    try {
      const s = fstatSync(fd);
      return `${s.dev}:${s.ino}`;
    } catch {
      return '-';
    }
  }).join(',');
  // Node's realpath (the CommonJS loader's, cached) reads fs's last stat for a folder it cached (the
  // recorder's own): left saying "a pipe", it stopped there, and a main script reached through a
  // symlink in such a folder (node_modules/.bin/tsc) ran as the link and could not require its files.
  statSync(__filename, { throwIfNoEntry: false });
  return ids;
}

function installCommon(th: Thread, entry: EntryKind, onExit: (code: number) => void, onFatal: () => void): void {
  const cfg = th.cfg;
  installHide();
  if (cfg.sourceMaps) enableSourceMaps(proc);
  const userFiles = loadUserFiles(cfg.userFiles);
  configureStacks(cfg.positions, [cfg.entryOriginal, cfg.entryRun, ...userFiles.keys()].filter(Boolean));
  installStacks();
  installHooks(th);
  const api = installApi(th);
  captureOutput(th);
  captureErrors(th, onFatal);
  captureEmits(th, onExit);
  captureExitCalls(th);
  followChildren(th);
  // Under the entry's hooks: the entry, when it is a user file, gets its prepared text and its start.
  hookUserFiles(userFiles);
  hookEntry(th, api, entry);
}

function startMain(child: boolean): void {
  const env = envSnapshot();
  const cfg = configFrom(env);
  debugOn = cfg.debug;
  if (!cfg.outDir) return;
  if (!env[ENV.recorder]) env[ENV.recorder] = cfg.recorder;
  const file = path.join(cfg.outDir, `${proc.pid}.bin`);
  const fd = openSync(file, 'a');
  workerThreads.setEnvironmentData(FD_KEY, fd);
  workerThreads.setEnvironmentData(ENV_KEY, env);
  const entry = entryOf(proc.argv[1], (proc as any)._eval !== undefined);
  if (entry.kind === 'file') workerThreads.setEnvironmentData(ENTRY_KEY, entry.file);
  const stdio = stdioIds();
  if (!child) env[ENV.stdio] = stdio;

  let sink: Sink;
  let views: Views | undefined;
  let shared: Shared | undefined;
  if (child) sink = new LocalSink(fd, 0, LOCAL_MAIN_BYTES);
  else {
    const ringBytes = Number(env[ENV.ringBytes]) > 0 ? Number(env[ENV.ringBytes]) : ENV_DEFAULTS.ringBytes;
    shared = createShared(ringBytes, Math.max(1 << 20, ringBytes >> 5), env, cfg.recorder);
    views = new Views(shared);
    views.f64[F.clock] = now();
    sink = new SabRing(views, 0, 0, fd);
  }
  sink.event({ k: 'hello', t: now(), tid: 0, pid: proc.pid, ppid: proc.ppid, nodeVersion: proc.version, argv: proc.argv.slice() });
  const th = new Thread(sink, views, !child, cfg, env, 1);
  if (entry.kind === 'eval') th.scriptWhere = proc.env[SPAWN_WHERE] ?? '';
  if (child) {
    // Output to a pipe of the parent's (spawn's default) is the parent's to print, not the program's.
    const mine = stdio.split(',');
    const entryIds = (env[ENV.stdio] ?? '').split(',');
    th.outputs[0] = mine[0] !== '-' && mine[0] === entryIds[0];
    th.outputs[1] = mine[1] !== '-' && mine[1] === entryIds[1];
  }

  let final = false;
  const finalDrain = () => {
    if (final) return;
    final = true;
    if (!views) return sink.flush();
    releaseFlusherSession(views);
    // Never drain while the flusher does: two writers of one ring corrupt the stream. A flusher
    // that holds the lock for seconds (a starved machine) costs the tail of the trace instead.
    const locked = lockWithin(views, 2500);
    try {
      Atomics.store(views.i32, C.stop, 1);
      if (locked) drainAll(views, fd);
    } catch (e) {
      debug('final drain', e);
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
    if (!views) return sink.flush();
    releaseFlusherSession(views);
    if (final || !lockWithin(views, 200)) return;
    try {
      drainAll(views, fd);
    } catch (e) {
      debug('drain', e);
    } finally {
      unlock(views);
    }
  };
  if (shared) workerThreads.setEnvironmentData(SHARED_KEY, shared);
  installCommon(th, entry, onExit, onFatal);
  const reallyExit = (proc as any).reallyExit;
  (proc as any).reallyExit = function (this: unknown, ...args: unknown[]) {
    finalDrain();
    return reallyExit.apply(this, args);
  };
  if (views && shared) {
    enableDebuggerHere(debugOn);
    startFlusher(shared, file, cfg);
    showThreadIds();
    // The flusher's Worker queued a tick (its 'worker' event): run it now, so that the program
    // finds the tick queue empty after its main module, as in a plain run (else its first
    // microtasks would run inside Node's tick processing, one more frame in their stacks).
    try {
      (proc as any)._tickCallback();
    } catch (e) {
      debug('tick', e);
    }
  }
}

/** Starts the flusher thread (its async resources in the recorder's own id range, its 'worker' event never heard). */
function startFlusher(shared: Shared, file: string, cfg: Config): void {
  const { NODE_OPTIONS: _drop, ...env } = proc.env;
  const data: FlusherData = {
    asyncVizFlusher: true, shared, file, blockMs: cfg.blockMs, stallMs: cfg.stallMs, recorder: cfg.recorder,
    positions: cfg.positions, prepared: [cfg.entryOriginal, cfg.entryRun, ...loadUserFiles(cfg.userFiles).keys()].filter(Boolean),
    runnerPid: cfg.runnerPid, runnerIsParent: proc.ppid === cfg.runnerPid, runDir: path.dirname(cfg.outDir), aliveProbe: installAliveProbe(),
  };
  own(() => {
    try {
      const w = new OriginalWorker(__filename, { workerData: data, env, execArgv: [], stdout: true, stderr: true, name: 'async-viz-flusher' });
      ownEmitters.add(w);
      ownEmitters.add(w.stdout);
      ownEmitters.add(w.stderr);
      const tid = w.threadId;
      Atomics.store(new Int32Array(shared.ctl), C.flusherTid, tid);
      setFlusherTid(tid);
      w.on('error', (e: unknown) => debug('flusher', e));
      w.unref();
    } catch (e) {
      debug('start flusher', e);
    }
  });
}

function startWorker(): void {
  const fd = workerThreads.getEnvironmentData(FD_KEY) as number | undefined;
  if (typeof fd !== 'number') return;
  const shared = workerThreads.getEnvironmentData(SHARED_KEY) as Shared | undefined;
  const env = shared?.env ?? (workerThreads.getEnvironmentData(ENV_KEY) as Record<string, string> | undefined) ?? envSnapshot();
  // Node's own thread (the module hooks thread of `module.register`, which tsx's ES module loader
  // runs in) has no parentPort, as no Worker the program makes does. The loader's work is not the
  // program's: nothing is recorded there (a plain run shows no such lane either), but a loader
  // reading a user file there gets its prepared text, its awaits marked, as on the main thread.
  if (workerThreads.parentPort === null) {
    const file = workerThreads.getEnvironmentData(ENTRY_KEY) as string | undefined;
    return hookUserFiles(loadUserFiles(configFrom(env).userFiles), file ? { file, text: (t) => withStartCall(t, 'esm').text } : undefined);
  }
  let parent: ParentInfo = { tid: 0, label: '[unknown]', out: [true, true], where: '' };
  try {
    parent = JSON.parse(String(workerThreads.getEnvironmentData(PARENT_KEY)));
  } catch {
    // a Worker made before we wrapped the class
  }
  if (TOOL_WORKER.test(parent.label)) return; // a compiler's thread: the tool's work, there only on a cache miss
  const views = shared?.ctl ? new Views(shared) : undefined;
  if (views) setFlusherTid(Atomics.load(views.i32, C.flusherTid));
  const tid = shownTid(workerThreads.threadId);
  const cfg = configFrom(env);
  if (shared) cfg.recorder = shared.recorder;
  debugOn = cfg.debug;
  const slot = views ? views.claim(tid) : -1;
  const sink: Sink = slot > 0 ? new SabRing(views!, slot, tid, fd) : new LocalSink(fd, tid, LOCAL_WORKER_BYTES);
  sink.event({ k: 'thread', t: now(), tid, parentTid: parent.tid, label: parent.label, ...(parent.name ? { name: parent.name } : {}) });
  const th = new Thread(sink, views, false, cfg, env, 1);
  th.outputs[0] = parent.out[0];
  th.outputs[1] = parent.out[1];
  th.scriptWhere = parent.where;
  const onExit = (code: number) => {
    reportCut(th);
    th.emit({ k: 'exit', t: now(), tid: th.tid, code });
    sink.flush();
  };
  installCommon(th, entryOf(parent.label, parent.label === '[eval]'), onExit, () => sink.flush());
  if (views) showThreadIds();
}

function main(): void {
  // Loaded twice in one thread (NODE_OPTIONS and execArgv both name it): the first one records.
  if (vm.runInThisContext('typeof $av$') !== 'undefined') return;
  const wd = workerThreads.workerData as FlusherData | undefined;
  if (!workerThreads.isMainThread && wd && wd.asyncVizFlusher === true) return runFlusher(wd);
  if (workerThreads.isMainThread) startMain(proc.env[ENV.child] === '1');
  else startWorker();
}

try {
  main();
} catch (e) {
  debug('start-up', e);
}
// Not in the program's require.cache (a second load in this thread is caught by main's check).
try {
  delete require.cache[__filename];
} catch {
  // swallow
}
