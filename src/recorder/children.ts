/**
 * Following the user's code into child processes and worker threads: every child process and
 * every Worker gets the recorder (NODE_OPTIONS and the ASYNC_VIZ_* variables are put back into an
 * `env` the user passed), and one that targets the user's original (TypeScript) file runs the
 * prepared file instead.
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import workerThreads from 'node:worker_threads';
import { forwardedStdio } from './capture';
import { now } from './clock';
import type { Thread } from './state';

export const PARENT_KEY = 'asyncViz:parent';

/** NODE_OPTIONS with `--require <recorder>` present. */
function nodeOptionsWith(current: string | undefined, recorder: string): string {
  const cur = current ?? '';
  if (cur.includes(recorder)) return cur;
  return `${cur} --require "${recorder.replace(/(["\\])/g, '\\$1')}"`.trim();
}

/** The env to give a child: the user's, plus what the recorder needs to load and write. */
export function envWithRecorder(env: Record<string, string | undefined>, vars: Record<string, string>, recorder: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const [k, v] of Object.entries(vars)) if (out[k] === undefined) out[k] = v;
  out.NODE_OPTIONS = nodeOptionsWith(out.NODE_OPTIONS, recorder);
  return out;
}

/** True when `target` (path, file URL string or URL) names the user's original file. */
export function isOriginal(target: unknown, original: string): boolean {
  if (!original) return false;
  try {
    let p: string;
    if (target instanceof URL) p = target.protocol === 'file:' ? fileURLToPath(target) : '';
    else if (typeof target === 'string') p = target.startsWith('file:') ? fileURLToPath(target) : path.resolve(target);
    else return false;
    return p === path.resolve(original);
  } catch {
    return false;
  }
}

const isOptions = (a: unknown): a is Record<string, any> => a !== null && typeof a === 'object' && !Array.isArray(a);

export function followChildren(th: Thread): void {
  const { cfg } = th;
  const vars = th.views.s.env;
  const cp = childProcess as any;
  for (const name of ['spawn', 'fork', 'exec', 'execFile', 'spawnSync', 'execSync', 'execFileSync']) {
    const original = cp[name];
    if (typeof original !== 'function') continue;
    const wrapped = function (this: unknown, ...args: any[]) {
      try {
        if (name === 'fork' && isOriginal(args[0], cfg.entryOriginal)) args[0] = cfg.entryRun;
        const i = args.findIndex((a, j) => j > 0 && isOptions(a));
        if (i > 0 && isOptions(args[i].env)) args[i] = { ...args[i], env: envWithRecorder(args[i].env, vars, cfg.recorder) };
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
    Object.defineProperty(wrapped, 'name', { value: name });
    cp[name] = wrapped;
  }
  wrapWorker(th);
  try {
    syncBuiltinESMExports();
  } catch {
    // ESM named imports keep the originals
  }
}

function wrapWorker(th: Thread): void {
  const { cfg } = th;
  const Original = workerThreads.Worker;
  class Worker extends Original {
    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      let target = filename;
      let opts = options;
      let label = '[eval]';
      try {
        if (!opts?.eval && isOriginal(target, cfg.entryOriginal)) target = cfg.entryRun;
        if (opts && isOptions(opts.env)) opts = { ...opts, env: envWithRecorder(opts.env as Record<string, string>, th.views.s.env, cfg.recorder) };
        if (!opts?.eval) label = target instanceof URL ? target.href : String(target);
        const name = typeof opts?.name === 'string' && opts.name ? opts.name : undefined;
        workerThreads.setEnvironmentData(PARENT_KEY, JSON.stringify({ tid: th.tid, label, name }));
      } catch {
        // construct as asked
      }
      super(target, opts);
      try {
        if (!opts?.stdout) forwardedStdio.add(this.stdout);
        if (!opts?.stderr) forwardedStdio.add(this.stderr);
      } catch {
        // swallow
      }
    }
  }
  (workerThreads as any).Worker = Worker;
}
