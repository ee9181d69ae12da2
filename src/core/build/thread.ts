/**
 * The builder's state for one recorded thread while its events are folded: the stack of running
 * callbacks (so nested callbacks and output are attributed), its async resources, open awaits
 * and async calls. Spans are the builder's internal indexes (renumbered at the end).
 */
import type { Span } from '../trace';
import { IdTable } from '../id-table';

/** Stack entry markers for spans that are not async resources. */
export const SCRIPT = -1;
export const CONTINUATION = -2;

export class ThreadState {
  /** Internal span indexes of the callbacks running now, innermost last (never awaits). */
  readonly stack: number[] = [];
  /** For each stack entry: the async id, or SCRIPT / CONTINUATION. */
  readonly stackIds: number[] = [];
  /** For each stack entry: the call id of a continuation, else -1. */
  readonly stackCalls: number[] = [];
  /** Per async id: type, creation time, creating span, latest run. */
  readonly ids = new IdTable();
  lastScript = -1;
  /** call → open await span. */
  readonly awaits = new Map<number, number>();
  /** call → open continuation span. */
  readonly conts = new Map<number, number>();
  /** call → internal AsyncCall index. */
  readonly calls = new Map<number, number>();
  /** Span opened by the event just before this one when that was a `before`, else -1. */
  justBefore = -1;
  exitCalled = false;
  /** Time (relative) of the thread's previous event. */
  lastT = 0;
  /** Time (relative) the thread or process exited (`exit` wire event), or -1. */
  exitT = -1;

  constructor(
    /** Internal lane index. */
    readonly lane: number,
  ) {}

  /** The innermost running span, if any. */
  top(): number | undefined {
    return this.stack.length ? this.stack[this.stack.length - 1] : undefined;
  }

  push(span: number, id: number, call: number): void {
    this.stack.push(span);
    this.stackIds.push(id);
    this.stackCalls.push(call);
  }

  /** Ends stack entries from the top down to position `p` (inclusive) at time `t`. */
  popTo(p: number, t: number, spans: Span[]): void {
    while (this.stack.length > p) {
      const span = this.stack.pop()!;
      this.stackIds.pop();
      const call = this.stackCalls.pop()!;
      if (call >= 0 && this.conts.get(call) === span) this.conts.delete(call);
      spans[span].end = t;
    }
  }

  /** Ends the entry with this id (and what runs inside it), if it is on the stack. */
  popId(id: number, t: number, spans: Span[]): void {
    const p = this.stackIds.lastIndexOf(id);
    if (p >= 0) this.popTo(p, t, spans);
  }

  /** Ends the open continuation of `call` (and what runs inside it), if any. */
  endContinuation(call: number, t: number, spans: Span[]): void {
    const span = this.conts.get(call);
    if (span === undefined) return;
    const p = this.stack.lastIndexOf(span);
    if (p >= 0) this.popTo(p, t, spans);
    this.conts.delete(call);
  }
}
