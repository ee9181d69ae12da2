/**
 * `--on-block MS`: finds, as the events come, each top-level callback (or a script's top-level
 * code) that held a thread for at least MS, and turns them into windows to keep: from `beforeMs`
 * before the block to `afterMs` after it. Blocks close together share one window. A window is
 * due once the time after it has been recorded (or at the end of the run).
 */
import type { WireEvent } from '../core/wire';

/** One block: a thread busy in one callback. */
export interface Block {
  /** Index of the process stream (order of appearance) and the thread. */
  stream: number;
  tid: number;
  /** Pid of its process. */
  pid: number;
  /** Absolute ms, wire clock. */
  startAbs: number;
  endAbs: number;
}

/** A stretch of the run kept around one or more blocks. */
export interface BlockWindowSpan {
  fromAbs: number;
  toAbs: number;
  blocks: Block[];
}

/** A window never grows past this (blocks one after another for minutes would keep everything). */
const MAX_WINDOW_MS = 120_000;

export class BlockFinder {
  /** Per stream, per thread: nesting depth of callbacks and when the outermost one began. */
  private readonly threads = new Map<string, { depth: number; since: number }>();
  private readonly pids: number[] = [];
  private open: BlockWindowSpan | undefined;
  private readonly due: BlockWindowSpan[] = [];

  constructor(readonly thresholdMs: number, readonly beforeMs: number, readonly afterMs: number) {}

  /** The earliest time a window still being assembled needs (for the event window's eviction). */
  get needsFrom(): number {
    return this.open ? this.open.fromAbs : Infinity;
  }

  add(stream: number, events: WireEvent[]): void {
    for (const e of events) {
      if (e.k === 'hello') this.pids[stream] = e.pid;
      const enter = e.k === 'before' || e.k === 'scriptStart';
      const leave = e.k === 'after' || e.k === 'scriptEnd';
      if (!enter && !leave) continue;
      const key = `${stream}:${e.tid}`;
      let th = this.threads.get(key);
      if (!th) this.threads.set(key, (th = { depth: 0, since: e.t }));
      if (enter) {
        if (th.depth++ === 0) th.since = e.t;
      } else if (th.depth > 0 && --th.depth === 0 && e.t - th.since >= this.thresholdMs) {
        this.found({ stream, tid: e.tid, pid: this.pids[stream] ?? 0, startAbs: th.since, endAbs: e.t });
      }
    }
  }

  private found(b: Block): void {
    const from = b.startAbs - this.beforeMs;
    const to = b.endAbs + this.afterMs;
    if (this.open && from <= this.open.toAbs && to - this.open.fromAbs <= MAX_WINDOW_MS) {
      this.open.toAbs = Math.max(this.open.toAbs, to);
      this.open.blocks.push(b);
      return;
    }
    if (this.open) this.due.push(this.open);
    this.open = { fromAbs: from, toAbs: to, blocks: [b] };
  }

  /** Windows whose end has been recorded by `nowAbs` (all of them when `final`). */
  take(nowAbs: number, final = false): BlockWindowSpan[] {
    if (this.open && (final || nowAbs >= this.open.toAbs)) {
      this.due.push(this.open);
      this.open = undefined;
    }
    return this.due.splice(0);
  }
}
