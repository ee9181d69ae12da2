/**
 * Per-thread recorder state shared by the capture modules: the sink, the stack of running
 * callbacks (Node async ids and synthetic ids), the clock and, on the entry process's main
 * thread, the busy state published for the flusher (which samples long callbacks and reports
 * stalls). Times travel through the registers T (util.ts), never as double arguments.
 */
import type { WireEvent } from '../core/wire';
import { KIND } from '../core/wire-codec';
import { F, type Views } from './shared';
import type { Sink } from './ring';
import { T, now, proc } from './util';

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
  /** Pid of the runner that started the recording (the watchdog's subject), 0 if none. */
  runnerPid: number;
  /** The prepared code carries source maps (TypeScript): Node's source map support is turned on. */
  sourceMaps: boolean;
  outDir: string;
  recorder: string;
  /** `run -- <command>`: the manifest of prepared user files (ENV.userFiles), '' if none. */
  userFiles: string;
}

export class Thread {
  /** Ids of running callbacks, innermost last; [0] is the thread's base execution id. */
  readonly stack: number[];
  /** Start times of the stack entries (same indexes; a double array stores them unboxed). */
  private readonly starts: number[] = [0.5];
  /**
   * Call-site registers written by the marked calls of the user's code (prepare/calls.ts): [0] the
   * innermost marked call running, [1] the latest one in async or top-level code; -1 = none. The
   * init hook copies both into the init record; a callback's start clears them.
   */
  readonly site = new Int32Array(2).fill(-1);
  /** Output text bytes recorded / cut so far. */
  outBytes = 0;
  outCut = 0;
  /** outCut as last sent on the wire. */
  outCutSent = 0;
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
  /** Called once when the script starts (entry.ts removes its read hooks). */
  onScriptStart: (() => void) | undefined;
  /**
   * Node is still loading this thread's script (an ES module's imports are read with promises and
   * fs requests): callbacks that run now are the module loader's, not the program's, and are not
   * recorded. Set when a script start is coming (entry.ts); the script's start ends it.
   */
  loading = false;
  /** The flusher's clock (the entry process's shared control block), else undefined. */
  private readonly clock: Float64Array | undefined;
  private readonly busy: Float64Array | undefined;

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
    this.clock = views?.f64;
    this.busy = publishes ? views?.f64 : undefined;
    this.tick();
  }

  /** T[0] = T[1] = the precise time (a clock read, ~40 ns). */
  tick(): void {
    T[0] = T[1] = now();
  }

  /**
   * T[0] = a cheap time, for records whose time matters to a couple of ms (await marks, calls,
   * resource creation): the flusher's clock, never before the last precise reading. Without a
   * flusher (a child process), the precise time.
   */
  soon(): void {
    const c = this.clock;
    if (c === undefined) return this.tick();
    const t = c[F.clock];
    T[0] = t > T[1] ? t : T[1];
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
    this.tick();
    this.site[0] = this.site[1] = -1;
    if (T[2] !== 0) this.endContinuation();
    if (this.stack.length === 1) this.sink.due();
    this.sink.fixed(KIND.before, id, 0, 0);
    this.stack.push(id);
    this.starts.push(T[0]);
    if (this.stack.length === 2 && this.busy) this.publish(id);
  }

  after(id: number): void {
    const s = this.stack;
    let i = s.length - 1;
    while (i > 0 && s[i] !== id) i--;
    if (i === 0) return;
    this.tick();
    this.sink.fixed(KIND.after, id, 0, 0);
    if (i === 1) {
      if (this.busy) this.finish(id, this.starts[1]);
      this.sink.due();
    }
    // pop, not `length = i`: setting an array's length is a call into V8's runtime each time.
    const starts = this.starts;
    while (s.length > i) {
      s.pop();
      starts.pop();
    }
  }

  /** Top-level script of the entry module: a pseudo-callback with id 0. */
  scriptStart(): void {
    this.tick();
    T[3] = T[0];
    this.sink.event({ k: 'scriptStart', t: T[0], tid: this.tid });
    if (this.busy && this.stack.length === 1) this.publish(0);
    this.scriptOpen = true;
    this.userStarted = true;
    this.loading = false;
    const f = this.onScriptStart;
    this.onScriptStart = undefined;
    f?.();
  }

  scriptEnd(): void {
    if (!this.scriptOpen) return;
    this.tick();
    this.sink.event({ k: 'scriptEnd', t: T[0], tid: this.tid });
    this.scriptSuspended();
  }

  /** The top-level code stopped running at T[0] (ended, or its top-level await suspended it). */
  scriptSuspended(): void {
    if (!this.scriptOpen) return;
    this.scriptOpen = false;
    if (this.busy && this.stack.length === 1) this.finish(0, this.busy[F.start]);
    else if (this.scriptWhere && T[0] - T[3] >= this.cfg.blockMs) this.sink.event({ k: 'cpu', t: T[0], tid: this.tid, id: 0, cpuMs: -1, where: this.scriptWhere });
    if (this.stack.length === 1) this.sink.due();
  }

  /** An await resumed at T[0] with no callback on the stack: a microtask continuation; time it. */
  resumed(): void {
    if (this.stack.length !== 1 || T[2] !== 0 || this.scriptOpen) return;
    T[2] = T[0];
    if (this.busy) this.publish(-1);
  }

  /** The continuation ended at T[0] (it awaited again or returned) or a callback starts. */
  endContinuation(): void {
    if (T[2] === 0) return;
    const start = T[2];
    T[2] = 0;
    if (this.busy) this.finish(-1, start);
    this.sink.due();
  }

  /** The main thread runs (from T[0]): for the flusher. */
  private publish(id: number): void {
    const f = this.busy!;
    f[F.id] = id;
    f[F.start] = T[0];
    f[F.seq] = f[F.seq] + 1; // odd: running
  }

  /** End (at T[0]) of an outermost run on the main thread: idle again, and a `cpu` event when it was long. */
  private finish(id: number, start: number): void {
    const f = this.busy!;
    const seq = f[F.seq];
    f[F.seq] = seq + 1; // even: idle
    if (T[0] - start >= this.cfg.blockMs) this.longRun(id, start, seq);
  }

  /** A run of the main thread (outermost run `seq`, from `start`) that was long: its `cpu` event. */
  longRun(id: number, start: number, seq: number): void {
    const f = this.busy!;
    const t = T[0];
    let cpuMs = -1;
    if (f[F.obsSeq] === seq && t > f[F.obsTime]) {
      const u = proc.cpuUsage();
      const used = (u.user + u.system) / 1000 - f[F.obsCpu];
      cpuMs = Math.max(0, Math.min(t - start, (used * (t - start)) / (t - f[F.obsTime])));
    }
    let where = '';
    if (f[F.whereSeq] === seq) where = new TextDecoder().decode(this.views!.where.slice(0, f[F.whereLen]));
    this.sink.event({ k: 'cpu', t, tid: this.tid, id, cpuMs, where });
  }
}
