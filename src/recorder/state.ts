/**
 * Per-thread recorder state shared by the capture modules: the ring, the stack of running
 * callbacks (Node async ids and synthetic ids) and the main thread's published busy state.
 */
import { KIND } from '../core/wire-codec';
import type { WireEvent } from '../core/wire';
import { F, type Views } from './shared';
import { now } from './clock';
import type { Ring } from './ring';

export interface Config {
  blockMs: number;
  stallMs: number;
  maxOutput: number;
  debug: boolean;
  entryOriginal: string;
  entryRun: string;
  outDir: string;
  recorder: string;
  /** Pid of the runner that started the recording (the watchdog's subject), 0 if none. */
  runnerPid: number;
}

export class Thread {
  /** Ids of running callbacks, innermost last; [0] is the thread's base execution id. */
  readonly stack: number[];
  /** Start times of the stack entries (same indexes). */
  private readonly starts: number[] = [0];
  /** Async ids of the recorder's own resources: never recorded. */
  readonly own = new Set<number>();
  /** > 0 while the recorder itself runs code that creates resources. */
  quiet = 0;
  /** Output text bytes recorded / cut so far. */
  outBytes = 0;
  outCut = 0;
  /** outCut as last sent on the wire. */
  outCutSent = 0;
  /** An await continuation running outside any callback (its start time), or 0. */
  private contStart = 0;

  constructor(
    readonly ring: Ring,
    readonly views: Views,
    readonly cfg: Config,
    readonly isMain: boolean,
    baseId: number,
  ) {
    this.stack = [baseId];
  }

  get tid(): number {
    return this.ring.tid;
  }

  exec(): number {
    return this.stack[this.stack.length - 1];
  }

  emit(e: WireEvent): void {
    this.ring.event(e);
  }

  before(id: number): void {
    const t = now();
    this.endContinuation(t);
    this.ring.cb(KIND.before, t, id);
    this.stack.push(id);
    this.starts.push(t);
    if (this.stack.length === 2 && this.isMain) this.publish(id, t);
  }

  after(id: number): void {
    const t = now();
    const s = this.stack;
    let i = s.length - 1;
    while (i > 0 && s[i] !== id) i--;
    if (i === 0) return void this.ring.cb(KIND.after, t, id);
    const start = this.starts[i];
    s.length = i;
    this.starts.length = i;
    this.ring.cb(KIND.after, t, id);
    if (i === 1 && this.isMain) this.finish(id, start, t);
  }

  /** Top-level script of the entry module: a pseudo-callback with id 0. */
  scriptStart(): void {
    const t = now();
    this.ring.event({ k: 'scriptStart', t, tid: this.tid });
    if (this.isMain && this.stack.length === 1) this.publish(0, t);
    this.scriptOpen = true;
    this.userStarted = true;
  }

  scriptOpen = false;
  /** The user's code has started on this thread (emits before it are Node's own start-up). */
  userStarted = false;

  scriptEnd(): void {
    const t = now();
    this.ring.event({ k: 'scriptEnd', t, tid: this.tid });
    this.scriptSuspended(t);
  }

  /** The top-level code stopped running (ended, or its top-level await suspended it). */
  scriptSuspended(t: number): void {
    if (!this.scriptOpen) return;
    this.scriptOpen = false;
    if (this.isMain && this.stack.length === 1) this.finish(0, this.views.f64[F.start], t);
  }

  /** An await resumed with no callback on the stack: a microtask continuation; time it. */
  resumed(t: number): void {
    if (!this.isMain || this.stack.length !== 1 || this.contStart !== 0 || this.scriptOpen) return;
    this.contStart = t;
    this.publish(-1, t);
  }

  /** The continuation ended (it awaited again or returned) or a callback starts. */
  endContinuation(t: number): void {
    if (this.contStart === 0) return;
    const start = this.contStart;
    this.contStart = 0;
    this.finish(-1, start, t);
  }

  private publish(id: number, t: number): void {
    const f = this.views.f64;
    f[F.id] = id;
    f[F.start] = t;
    f[F.seq] = f[F.seq] + 1; // odd: running
  }

  /** End of an outermost run on the main thread: idle again, and a `cpu` event when it was long. */
  private finish(id: number, start: number, t: number): void {
    const f = this.views.f64;
    const seq = f[F.seq];
    f[F.seq] = seq + 1; // even: idle
    if (t - start < this.cfg.blockMs) return;
    let cpuMs = -1;
    if (f[F.obsSeq] === seq && t > f[F.obsTime]) {
      const u = process.cpuUsage();
      const used = (u.user + u.system) / 1000 - f[F.obsCpu];
      cpuMs = Math.max(0, Math.min(t - start, (used * (t - start)) / (t - f[F.obsTime])));
    }
    let where = '';
    if (f[F.whereSeq] === seq) where = new TextDecoder().decode(this.views.where.slice(0, f[F.whereLen]));
    this.ring.event({ k: 'cpu', t, tid: this.tid, id, cpuMs, where });
  }
}
