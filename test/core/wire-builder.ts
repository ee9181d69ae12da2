/**
 * Writes wire event streams by hand, in the shapes the recorder emits (src/core/wire.ts), for the
 * core tests and the fixture traces. Times are absolute ms, like the recorder's.
 */
import type { SiteTable, WireEvent } from '../../src/core/wire';
import { buildTrace, type BuildInput } from '../../src/core/build';
import type { Trace } from '../../src/core/trace';

export const T0 = 1_700_000_000_000;

/** One process's stream. Methods take times relative to T0 and return `this` for chaining. */
export class Stream {
  readonly events: WireEvent[] = [];
  constructor(
    readonly pid: number,
    t = 0,
    opts: { ppid?: number; argv?: string[]; nodeVersion?: string } = {},
  ) {
    this.events.push({ k: 'hello', t: T0 + t, tid: 0, pid, ppid: opts.ppid ?? 1, nodeVersion: opts.nodeVersion ?? 'v20.20.2', argv: opts.argv ?? ['node', '/w/run.mjs'] });
  }
  private add(e: WireEvent): this {
    this.events.push(e);
    return this;
  }
  thread(t: number, tid: number, parentTid: number, label: string) {
    return this.add({ k: 'thread', t: T0 + t, tid, parentTid, label });
  }
  init(t: number, id: number, type: string, exec: number, tid = 0) {
    return this.add({ k: 'init', t: T0 + t, tid, id, type, trigger: exec, exec });
  }
  /** An init as the recorder writes it with the call sites that made it and, for a Timeout, its delay. */
  initFrom(t: number, id: number, type: string, exec: number, from: { site?: number; caller?: number; delay?: number; repeat?: boolean }, tid = 0) {
    return this.add({ k: 'init', t: T0 + t, tid, id, type, trigger: exec, exec, ...from });
  }
  before(t: number, id: number, tid = 0) {
    return this.add({ k: 'before', t: T0 + t, tid, id });
  }
  after(t: number, id: number, tid = 0) {
    return this.add({ k: 'after', t: T0 + t, tid, id });
  }
  /** before at t0, after at t1. */
  run(t0: number, t1: number, id: number, tid = 0) {
    return this.before(t0, id, tid).after(t1, id, tid);
  }
  scriptStart(t: number, tid = 0) {
    return this.add({ k: 'scriptStart', t: T0 + t, tid });
  }
  scriptEnd(t: number, tid = 0) {
    return this.add({ k: 'scriptEnd', t: T0 + t, tid });
  }
  callStart(t: number, call: number, fn: number, parent = -1, tid = 0) {
    return this.add({ k: 'callStart', t: T0 + t, tid, call, fn, parent });
  }
  callEnd(t: number, call: number, threw = false, tid = 0) {
    return this.add({ k: 'callEnd', t: T0 + t, tid, call, ...(threw ? { threw } : {}) });
  }
  suspend(t: number, call: number, site: number, tid = 0) {
    return this.add({ k: 'suspend', t: T0 + t, tid, call, site });
  }
  resume(t: number, call: number, site: number, tid = 0) {
    return this.add({ k: 'resume', t: T0 + t, tid, call, site });
  }
  log(t: number, text: string, tid = 0, stream: 1 | 2 = 1) {
    return this.add({ k: 'console', t: T0 + t, tid, stream, text });
  }
  emit(t: number, name: string, cls: string, listeners = 1, tid = 0) {
    return this.add({ k: 'emit', t: T0 + t, tid, name, cls, listeners });
  }
  error(t: number, kind: 'uncaught' | 'unhandledRejection', message: string, stack: string, tid = 0) {
    return this.add({ k: 'error', t: T0 + t, tid, kind, message, stack });
  }
  exitCall(t: number, code: number, tid = 0) {
    return this.add({ k: 'exitCall', t: T0 + t, tid, code });
  }
  exit(t: number, code: number, tid = 0) {
    return this.add({ k: 'exit', t: T0 + t, tid, code });
  }
  spawn(t: number, childPid: number, command: string, tid = 0) {
    return this.add({ k: 'spawn', t: T0 + t, tid, childPid, command });
  }
  stall(t: number, since: number, stack: string, tid = 0) {
    return this.add({ k: 'stall', t: T0 + t, tid, since: T0 + since, stack });
  }
  dropped(t: number, count: number, tid = 0) {
    return this.add({ k: 'dropped', t: T0 + t, tid, count });
  }
  cpu(t: number, id: number, cpuMs: number, where: string, tid = 0) {
    return this.add({ k: 'cpu', t: T0 + t, tid, id, cpuMs, where });
  }
}

export const RUN_FILE = '/w/run.mjs';
export const RUN_URL = 'file:///w/run.mjs';
export const USER_FILE = '/w/user.ts';

/** The run file's line n is the user's line n - 2 (a two-line prelude), columns unchanged. */
export const mapPosition: BuildInput['mapPosition'] = (line, col) => (line > 2 ? { line: line - 2, col } : null);

export const SITES: SiteTable = {
  awaits: [
    { line: 5, col: 3, text: 'sleep(300)' },
    { line: 9, col: 10, text: 'Promise.all(tasks)' },
    { line: 12, col: 5, text: 'fetchLike(i)' },
  ],
  functions: [
    { name: 'task', line: 4, col: 1 },
    { name: 'main', line: 8, col: 1 },
    { name: '<top-level>', line: 1, col: 1 },
  ],
};

export function build(streams: Stream[], extra: Partial<BuildInput> = {}): Trace {
  return buildTrace({
    file: USER_FILE,
    moduleFormat: 'esm',
    streams: streams.map((s) => s.events),
    sites: SITES,
    startedAt: '2026-11-23T10:00:00.000Z',
    exit: { code: 0, signal: null, timedOut: false },
    blockingThresholdMs: 10,
    mapPosition,
    runFile: RUN_FILE,
    ...extra,
  });
}
