/**
 * Per-thread recorder state shared by the capture modules: the sink, the stack of running
 * callbacks (Node async ids and synthetic ids) and, on the entry process's main thread, the busy
 * state published for the flusher (which samples long callbacks and reports stalls).
 */
import type { WireEvent } from '../core/wire';
import { KIND } from '../core/wire-codec';
import { F, type Views } from './shared';
import type { Sink } from './ring';
import { now, proc } from './util';

export { now } from './util';

export interface Config {
  blockMs: number;
  stallMs: number;
  maxOutput: number;
  debug: boolean;
  /** The user's file (absolute path). */
  entryOriginal: string;
  /** The file Node runs for it: the user's own file, or the prepared copy in the run folder. */
  entryRun: string;
  /** When the user's file runs as itself: the prepared text Node is given in its place. */
  entrySource: string;
  /** Format of the prepared entry ('esm' | 'cjs'). */
  entryFormat: string;
  /** Position table of the run (core/positions.ts), '' if none. */
  positions: string;
  /** The prepared code carries source maps (TypeScript): Node's source map support is turned on. */
  sourceMaps: boolean;
  outDir: string;
  recorder: string;
}

export class Thread {
  /** Ids of running callbacks, innermost last; [0] is the thread's base execution id. */
  readonly stack: number[];
  /** Start times of the stack entries (same indexes). */
  private readonly starts: number[] = [0];
  /** Output text bytes recorded / cut so far. */
  outBytes = 0;
  outCut = 0;
  /** outCut as last sent on the wire. */
  outCutSent = 0;
  /** An await continuation running outside any callback (its start time), or 0. */
  private contStart = 0;
  /** Whether this thread's stdout / stderr writes are the program's output (not a pipe a parent reads). */
  readonly outputs: [boolean, boolean] = [true, true];
  scriptOpen = false;
  /** The user's code has started on this thread (emits before it are Node's own start-up). */
  userStarted = false;
  /**
   * Where this thread's script is in the user's file when its own code has no line there (an eval
   * or data: URL worker: where it was made); a long script is blocked at that line.
   */
  scriptWhere = '';
  private scriptT = 0;
  /** Called once when the script starts (entry.ts removes its read hooks). */
  onScriptStart: (() => void) | undefined;
  /**
   * Node is still loading this thread's script (an ES module's imports are read with promises and
   * fs requests): callbacks that run now are the module loader's, not the program's, and are not
   * recorded. Set when a script start is coming (entry.ts); the script's start ends it.
   */
  loading = false;

  constructor(
    readonly sink: Sink,
    /** The entry process's shared memory (rings, busy state), in every thread of that process. */
    readonly views: Views | undefined,
    /** This thread publishes its busy state for the flusher (the entry process's main thread). */
    readonly publishes: boolean,
    readonly cfg: Config,
    /** The ASYNC_VIZ_* variables, passed on to child processes and workers. */
    readonly vars: Record<string, string>,
    baseId: number,
  ) {
    this.stack = [baseId];
  }

  get tid(): number {
    return this.sink.tid;
  }

  exec(): number {
    return this.stack[this.stack.length - 1];
  }

  emit(e: WireEvent): void {
    this.sink.event(e);
  }

  before(id: number): void {
    const t = now();
    this.endContinuation(t);
    if (this.stack.length === 1) this.sink.due(t);
    this.sink.cb(KIND.before, t, id);
    this.stack.push(id);
    this.starts.push(t);
    if (this.stack.length === 2 && this.publishes) this.publish(id, t);
  }

  after(id: number): void {
    const s = this.stack;
    let i = s.length - 1;
    while (i > 0 && s[i] !== id) i--;
    if (i === 0) return;
    const t = now();
    const start = this.starts[i];
    s.length = i;
    this.starts.length = i;
    this.sink.cb(KIND.after, t, id);
    if (i === 1) {
      if (this.publishes) this.finish(id, start, t);
      this.sink.due(t);
    }
  }

  /** Top-level script of the entry module: a pseudo-callback with id 0. */
  scriptStart(): void {
    const t = now();
    this.scriptT = t;
    this.sink.event({ k: 'scriptStart', t, tid: this.tid });
    if (this.publishes && this.stack.length === 1) this.publish(0, t);
    this.scriptOpen = true;
    this.userStarted = true;
    this.loading = false;
    const f = this.onScriptStart;
    this.onScriptStart = undefined;
    f?.();
  }

  scriptEnd(): void {
    if (!this.scriptOpen) return;
    const t = now();
    this.sink.event({ k: 'scriptEnd', t, tid: this.tid });
    this.scriptSuspended(t);
  }

  /** The top-level code stopped running (ended, or its top-level await suspended it). */
  scriptSuspended(t: number): void {
    if (!this.scriptOpen) return;
    this.scriptOpen = false;
    if (this.publishes && this.stack.length === 1) this.finish(0, this.views!.f64[F.start], t);
    else if (this.scriptWhere && t - this.scriptT >= this.cfg.blockMs) this.sink.event({ k: 'cpu', t, tid: this.tid, id: 0, cpuMs: -1, where: this.scriptWhere });
    if (this.stack.length === 1) this.sink.due(t);
  }

  /** An await resumed with no callback on the stack: a microtask continuation; time it. */
  resumed(t: number): void {
    if (this.stack.length !== 1 || this.contStart !== 0 || this.scriptOpen) return;
    this.contStart = t;
    if (this.publishes) this.publish(-1, t);
  }

  /** The continuation ended (it awaited again or returned) or a callback starts. */
  endContinuation(t: number): void {
    if (this.contStart === 0) return;
    const start = this.contStart;
    this.contStart = 0;
    if (this.publishes) this.finish(-1, start, t);
    this.sink.due(t);
  }

  private publish(id: number, t: number): void {
    const f = this.views!.f64;
    f[F.id] = id;
    f[F.start] = t;
    f[F.seq] = f[F.seq] + 1; // odd: running
  }

  /** End of an outermost run on the main thread: idle again, and a `cpu` event when it was long. */
  private finish(id: number, start: number, t: number): void {
    const v = this.views!;
    const f = v.f64;
    const seq = f[F.seq];
    f[F.seq] = seq + 1; // even: idle
    if (t - start < this.cfg.blockMs) return;
    let cpuMs = -1;
    if (f[F.obsSeq] === seq && t > f[F.obsTime]) {
      const u = proc.cpuUsage();
      const used = (u.user + u.system) / 1000 - f[F.obsCpu];
      cpuMs = Math.max(0, Math.min(t - start, (used * (t - start)) / (t - f[F.obsTime])));
    }
    let where = '';
    if (f[F.whereSeq] === seq) where = new TextDecoder().decode(v.where.slice(0, f[F.whereLen]));
    this.sink.event({ k: 'cpu', t, tid: this.tid, id, cpuMs, where });
  }
}
