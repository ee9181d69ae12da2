/**
 * Following the user's code into child processes and worker threads.
 *  - Every child process gets the recorder: its env (the user's, or process.env) gets
 *    NODE_OPTIONS with the recorder and the ASYNC_VIZ_* variables, and ASYNC_VIZ_CHILD (a child
 *    has no flusher thread). A fork of the user's file that runs as a copy runs the copy.
 *  - Every Worker gets the recorder's shared state through environment data, and what it needs to
 *    know of its parent: thread id, script, whether its output is the program's, and where it
 *    was made (for an eval worker, whose own code has no line in the user's file).
 *  - Thread ids as the program would see them without the recorder: in the entry process the
 *    flusher thread took one id, so every thread made after it shows its id one lower.
 * The Worker stays the original class (same prototype): only its constructor is wrapped.
 */
import { fileURLToPath } from 'node:url';
import { emitHooks, forwardedStdio } from './capture';
import { ENV } from '../core/wire';
import { disguise } from './hide';
import { stackOf } from './stacks';
import { now, type Thread } from './state';
import { builtin, nodeModule, path, proc, workerThreads } from './util';

export const PARENT_KEY = 'asyncViz:parent';
/** Env variable: where a child process was started (`file:line:col`, the user's positions). */
export const SPAWN_WHERE = ENV.spawnWhere;

/** What a worker learns of its parent (environment data, a JSON string). */
export interface ParentInfo {
  /** The parent thread's id, as the program sees it. */
  tid: number;
  /** The worker's script: a path, a URL, `[eval]` or `[data: URL]`. */
  label: string;
  /** Whether the worker's stdout / stderr end up where the program's output goes. */
  out: [boolean, boolean];
  /** Where the Worker was made (`file:line:col`, the user's positions). */
  where: string;
  /** The `name` option the Worker was made with, if any (its lane's label). */
  name?: string;
}

/** Real thread id of the flusher (-1 when this process has none): later threads are shown one lower. */
let flusherTid = -1;
export function setFlusherTid(tid: number): void {
  flusherTid = tid;
}
/** A real thread id as the program sees it. */
export const shownTid = (real: number): number => (flusherTid >= 0 && real > flusherTid ? real - 1 : real);

/** NODE_OPTIONS with `--require <recorder>` present. */
function nodeOptionsWith(current: string | undefined, recorder: string): string {
  const cur = current ?? '';
  if (cur.includes(recorder)) return cur;
  return `${cur} --require "${recorder.replace(/(["\\])/g, '\\$1')}"`.trim();
}

/** The env to give a child: the user's (else process.env), plus what the recorder needs to load and write. */
export function envWithRecorder(env: Record<string, string | undefined>, vars: Record<string, string>, recorder: string, where = ''): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const [k, v] of Object.entries(vars)) if (out[k] === undefined) out[k] = v;
  out[ENV.child] = '1';
  // Where it was started: the line of an eval child's (`node -e`) blocked script.
  if (where) out[SPAWN_WHERE] = where;
  else delete out[SPAWN_WHERE];
  out.NODE_OPTIONS = nodeOptionsWith(out.NODE_OPTIONS, recorder);
  return out;
}

/** True when `target` (path, file URL string or URL) names `file`. */
export function isFile(target: unknown, file: string): boolean {
  if (!file) return false;
  try {
    let p: string;
    if (target instanceof URL) p = target.protocol === 'file:' ? fileURLToPath(target) : '';
    else if (typeof target === 'string') p = target.startsWith('file:') ? fileURLToPath(target) : path.resolve(target);
    else return false;
    return p === path.resolve(file);
  } catch {
    return false;
  }
}

const isOptions = (a: unknown): a is Record<string, any> => a !== null && typeof a === 'object' && !Array.isArray(a);

/** Index of the options argument of a child_process call, inserting one when it was left out. */
function optionsIndex(name: string, args: any[]): number {
  // exec(cmd, options?, cb?), execSync(cmd, options?); the others (file, args?, options?, cb?).
  const at = name === 'exec' || name === 'execSync' ? 1 : Array.isArray(args[1]) ? 2 : 1;
  if (isOptions(args[at])) return at;
  if (args[at] === undefined || args[at] === null) {
    args[at] = {};
    return at;
  }
  if (typeof args[at] === 'function') {
    args.splice(at, 0, {});
    return at;
  }
  return -1;
}

export function followChildren(th: Thread): void {
  if (workerThreads.isMainThread) followProcesses(th);
  else {
    // A worker wraps no child_process function (loading node:child_process cost each worker ~1 ms
    // of start-up): a child it starts inherits its env (NODE_OPTIONS with the recorder, the
    // ASYNC_VIZ_* variables) and records itself; its lane hangs under its process's main lane.
    proc.env[ENV.child] = '1';
  }
  wrapWorker(th);
  try {
    nodeModule.syncBuiltinESMExports();
  } catch {
    // ESM named imports keep the originals
  }
}

/** Every child process gets the recorder, and is announced (spawn event). */
function followProcesses(th: Thread): void {
  const { cfg } = th;
  const cp = builtin<any>('node:child_process');
  const copy = cfg.entryRun && cfg.entryRun !== cfg.entryOriginal;
  for (const name of ['spawn', 'fork', 'exec', 'execFile', 'spawnSync', 'execSync', 'execFileSync']) {
    const original = cp[name];
    if (typeof original !== 'function') continue;
    const wrapped = function (this: unknown, ...args: any[]) {
      try {
        if (name === 'fork' && copy && isFile(args[0], cfg.entryOriginal)) args[0] = cfg.entryRun;
        const i = optionsIndex(name, args);
        if (i > 0) args[i] = { ...args[i], env: envWithRecorder(isOptions(args[i].env) ? args[i].env : proc.env, th.vars, cfg.recorder, evalArgs(args) ? firstUserFrame(stackOf(wrapped)) : '') };
      } catch {
        // leave the call as it was
      }
      const result = original.apply(this, args);
      try {
        const command = [args[0], ...(Array.isArray(args[1]) ? args[1] : [])].map(String).join(' ');
        const pid = typeof result?.pid === 'number' ? result.pid : 0;
        th.emit({ k: 'spawn', t: now(), tid: th.tid, childPid: pid, command });
      } catch {
        // swallow
      }
      return result;
    };
    cp[name] = disguise(wrapped, original);
  }
}

/** A `node -e`/`-p` command (its code has no line of its own in the user's file). */
function evalArgs(args: any[]): boolean {
  return Array.isArray(args[1]) && args[1].some((a: unknown) => a === '-e' || a === '-p' || a === '--eval' || a === '--print');
}

/** A data: URL whose module announces its script start (the worker has no file to hook). */
function dataUrlWithStart(url: string): string {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(url);
  if (!m) return url;
  const body = m[2] ? Buffer.from(m[3], 'base64').toString() : decodeURIComponent(m[3]);
  return `data:${m[1]},${encodeURIComponent(`$av$.esmStart();${body}`)}`;
}

function wrapWorker(th: Thread): void {
  const { cfg } = th;
  const Original = workerThreads.Worker;
  const copy = cfg.entryRun && cfg.entryRun !== cfg.entryOriginal;
  /** Each Worker's thread id as shown (its getter says -1 once it has exited). */
  const tids = new WeakMap<object, number>();
  const Worker = function Worker(this: unknown, ...args: [string | URL, import('node:worker_threads').WorkerOptions?]) {
    if (new.target === undefined) return Reflect.apply(Original as any, this, args);
    const [filename, options] = args;
    let target: string | URL = filename;
    let opts = options;
    try {
      const info: ParentInfo = { tid: th.tid, label: '[eval]', out: [!opts?.stdout && th.outputs[0], !opts?.stderr && th.outputs[1]], where: '' };
      if (!opts?.eval && copy && isFile(target, cfg.entryOriginal)) target = cfg.entryRun;
      if (opts && isOptions(opts.env)) opts = { ...opts, env: envWithRecorder(opts.env as Record<string, string>, th.vars, cfg.recorder) };
      const href = target instanceof URL ? target.href : String(target);
      if (!opts?.eval) info.label = href.startsWith('data:') ? '[data: URL]' : href;
      if (!opts?.eval && href.startsWith('data:')) target = new URL(dataUrlWithStart(href));
      if (opts?.eval || href.startsWith('data:')) info.where = firstUserFrame(stackOf(Worker));
      if (typeof opts?.name === 'string' && opts.name) info.name = opts.name;
      workerThreads.setEnvironmentData(PARENT_KEY, JSON.stringify(info));
    } catch {
      // construct as asked
    }
    const w = Reflect.construct(Original, [target, opts], new.target === Worker ? Original : new.target) as import('node:worker_threads').Worker;
    try {
      const tid = w.threadId;
      tids.set(w, tid);
      emitHooks.set(w, (name) => {
        if (name === 'exit') th.views?.exited(tids.get(w) ?? -1);
      });
      if (!opts?.stdout) forwardedStdio.add(w.stdout);
      if (!opts?.stderr) forwardedStdio.add(w.stderr);
    } catch {
      // swallow
    }
    return w;
  };
  Worker.prototype = Original.prototype;
  Object.setPrototypeOf(Worker, Object.getPrototypeOf(Original));
  for (const key of Object.getOwnPropertyNames(Original)) {
    if (key === 'prototype' || key === 'length' || key === 'name') continue;
    const d = Object.getOwnPropertyDescriptor(Original, key);
    if (d) Object.defineProperty(Worker, key, d);
  }
  // `worker.constructor === Worker` as in a plain run (and `new worker.constructor()` is followed too).
  Object.defineProperty(Original.prototype, 'constructor', { value: Worker, writable: true, configurable: true, enumerable: false });
  (workerThreads as any).Worker = disguise(Worker, Original);
}

/** Shows every Worker's thread id as it would be without the flusher (entry process only). */
export function showThreadIds(): void {
  const proto = workerThreads.Worker.prototype;
  const d = Object.getOwnPropertyDescriptor(proto, 'threadId');
  if (!d?.get) return;
  const get = d.get;
  const threadId = function threadId(this: unknown) {
    const id = get.call(this) as number;
    return id < 0 ? id : shownTid(id);
  };
  Object.defineProperty(proto, 'threadId', { ...d, get: disguise(threadId, get) });
  if (!workerThreads.isMainThread) {
    (workerThreads as any).threadId = shownTid(workerThreads.threadId);
    try {
      nodeModule.syncBuiltinESMExports();
    } catch {
      // ESM named imports keep the original
    }
  }
}

/** The first frame of a stack that is neither Node's nor the recorder's (`file:line:col`), or ''. */
function firstUserFrame(stack: string): string {
  for (const line of stack.split('\n').slice(1)) {
    const m = /(?:\(|at )([^()\s]+:\d+:\d+)\)?\s*$/.exec(line.trim());
    if (m && !m[1].startsWith('node:') && !m[1].startsWith(__filename) && !m[1].startsWith(`file://${__filename}`)) return m[1];
  }
  return '';
}
