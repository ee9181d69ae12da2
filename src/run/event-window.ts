/**
 * The events a long recording keeps in memory: the last `spanMs` of every process stream, in
 * chunks that are dropped whole once they are older than the span (memory stays flat however long
 * the run: rate x span). What the trace builder needs from before the span is carried over
 * apart from the chunks, small and bounded:
 *  - each stream's `hello`, each worker's `thread` and every `spawn` (the lanes and their parents);
 *  - the `init` of resources that can wait long (timers, sockets, servers, file requests: not
 *    promises and ticks, which run within moments), so that a callback in the window still knows
 *    its type and when it was scheduled; at most CARRY.maxInits of them, the oldest forgotten.
 * `streams(from, to)` gives the builder the carry plus exactly the events with from <= t <= to.
 */
import type { WireEvent } from '../core/wire';

export const CARRY = {
  /** Events per chunk: the unit of eviction. */
  chunkEvents: 8192,
  /** Carried `init` events at most (all streams together). */
  maxInits: 100_000,
} as const;

/** Resource types whose callbacks come within moments of their creation: their inits are not carried. */
const SHORT_LIVED = new Set(['PROMISE', 'Microtask', 'TickObject']);

interface Chunk {
  events: WireEvent[];
  lastT: number;
}

interface StreamState {
  chunks: Chunk[];
  /** hello / thread / spawn events, in order. */
  lanes: WireEvent[];
}

export class EventWindow {
  private readonly streamsState: StreamState[] = [];
  /** Carried inits, by stream then `tid:id`; insertion order is age. */
  private readonly inits = new Map<string, WireEvent>();
  /** The latest event time seen (ms, wire clock). */
  latest = -Infinity;
  /** Events held now (chunks only). */
  held = 0;
  /** The earliest event time seen (a stream's hello). */
  first = Infinity;
  /** evictDownTo's answer so far. */
  private wholeFrom = -Infinity;

  /** `spanMs`: how much to keep; Infinity keeps everything. */
  constructor(readonly spanMs: number) {}

  add(stream: number, events: WireEvent[]): void {
    let st = this.streamsState[stream];
    if (!st) st = this.streamsState[stream] = { chunks: [], lanes: [] };
    for (const e of events) {
      if (e.k === 'hello' || e.k === 'thread' || e.k === 'spawn') {
        st.lanes.push(e);
        if (e.t < this.first) this.first = e.t;
        continue;
      }
      let c = st.chunks[st.chunks.length - 1];
      if (!c || c.events.length >= CARRY.chunkEvents) st.chunks.push((c = { events: [], lastT: e.t }));
      c.events.push(e);
      if (e.t > c.lastT) c.lastT = e.t;
      if (e.t > this.latest) this.latest = e.t;
      this.held++;
    }
  }

  /** Drops chunks that end before `keepFrom` (default: the latest time minus the span). */
  evict(keepFrom = this.latest - this.spanMs): void {
    if (!Number.isFinite(keepFrom)) return;
    this.streamsState.forEach((st, stream) => {
      while (st.chunks.length > 1 && st.chunks[0].lastT < keepFrom) {
        const old = st.chunks.shift()!;
        this.held -= old.events.length;
        for (const e of old.events) if (e.k === 'init' && !SHORT_LIVED.has(e.type)) this.carry(stream, e);
      }
    });
  }

  /**
   * Drops the oldest chunks (of all streams, by their last time) until at most `maxHeld` events
   * are held; returns the time from which every stream is still whole (-Infinity: nothing dropped).
   */
  evictDownTo(maxHeld: number): number {
    while (this.held > maxHeld) {
      let oldest: StreamState | undefined, stream = -1;
      this.streamsState.forEach((st, i) => {
        if (st.chunks.length > 1 && (!oldest || st.chunks[0].lastT < oldest.chunks[0].lastT)) {
          oldest = st;
          stream = i;
        }
      });
      if (!oldest) break;
      const old = oldest.chunks.shift()!;
      this.held -= old.events.length;
      // Just after the last dropped event (a nanosecond: far below the trace's microseconds).
      if (old.lastT + 1e-6 > this.wholeFrom) this.wholeFrom = old.lastT + 1e-6;
      for (const e of old.events) if (e.k === 'init' && !SHORT_LIVED.has(e.type)) this.carry(stream, e);
    }
    return this.wholeFrom;
  }

  private carry(stream: number, e: WireEvent & { k: 'init' }): void {
    this.inits.set(`${stream}:${e.tid}:${e.id}`, e);
    if (this.inits.size > CARRY.maxInits) this.inits.delete(this.inits.keys().next().value!);
  }

  /** Where a window of `spanMs` ending at `to` starts: never before the first event. */
  startOf(to: number, spanMs = this.spanMs): number {
    return Math.max(to - spanMs, this.first);
  }

  /** Per stream: the carried events, then every event with from <= t <= to (and the long-lived inits before `from`). */
  streams(from = -Infinity, to = Infinity): WireEvent[][] {
    const carried = new Map<number, WireEvent[]>();
    for (const [key, e] of this.inits) {
      const s = Number(key.slice(0, key.indexOf(':')));
      if (e.t < from) (carried.get(s) ?? carried.set(s, []).get(s)!).push(e);
    }
    return this.streamsState.map((st, stream) => {
      const out: WireEvent[] = [];
      for (const e of st.lanes) if (e.t <= to) out.push(e);
      for (const e of carried.get(stream) ?? []) out.push(e);
      for (const c of st.chunks) {
        if (c.lastT < from) continue;
        for (const e of c.events) {
          if (e.t >= from ? e.t <= to : e.k === 'init' && !SHORT_LIVED.has(e.type)) out.push(e);
        }
      }
      return out;
    });
  }
}
