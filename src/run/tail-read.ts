/**
 * The end of a long recording's streams, as much of it as the CLI can build into a trace: a run
 * recorded without `--window` keeps its records on disk (stream-reader.ts), and a busy server
 * makes millions of events a second, more than one heap can turn into a trace (about 300 bytes of
 * heap an event while building: 7M events took 2.1 GB). When the files hold more than
 * `buildableEvents()`, they are decoded a piece at a time into an EventWindow that drops its
 * oldest chunks beyond that many, so memory stays bounded however long the run was, and the trace
 * is of the latest stretch in which every process is whole (with the window's carried inits).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { decodeWire } from '../core/wire-codec';
import type { WireEvent } from '../core/wire';
import { EventWindow } from './event-window';
import { MIN_RECORD_BYTES, StreamReader } from './stream-reader';

/** Heap a wire event takes while the trace is built and written (measured ~300 B; margin for the writers). */
export const BUILD_BYTES_PER_EVENT = 400;
/** Bytes of stream decoded at a time. */
const PIECE_BYTES = 8 << 20;

/** Events the recorders said they lost in `events` (their `dropped` records). */
export const droppedIn = (events: WireEvent[]): number => {
  let n = 0;
  for (const e of events) if (e.k === 'dropped') n += e.count;
  return n;
};

/** How many events this process's heap can build into a trace. */
export function buildableEvents(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / BUILD_BYTES_PER_EVENT);
}

export interface Tail {
  /** Per file, the events kept (with what the window carries from before). */
  streams: WireEvent[][];
  /** Absolute time (ms, wire clock) from which every stream is whole; -Infinity when nothing was left out. */
  from: number;
  /** The latest event time (ms, wire clock). */
  to: number;
  /** Events in the files, all of them. */
  total: number;
  /** Events the recorders said they lost (`dropped` records), in all of the files. */
  dropped: number;
}

/** Every stream in `dir` (the entry process's first) when they can be built, else the latest part that can (readTail). */
export function streamsThatFit(dir: string, entryPid: number | undefined, maxEvents = buildableEvents()): Tail {
  const reader = new StreamReader(dir, { decode: 'end', budget: Infinity });
  try {
    reader.poll();
    // The poll noted every file's size: at most bytes / MIN_RECORD_BYTES events.
    if (reader.bytes / MIN_RECORD_BYTES > maxEvents) return readTail(reader.paths(entryPid), maxEvents);
    const streams = reader.streams(entryPid);
    let to = -Infinity;
    for (const s of streams) if (s.length && s[s.length - 1].t > to) to = s[s.length - 1].t;
    let dropped = 0;
    for (const s of streams) dropped += droppedIn(s);
    return { streams, from: -Infinity, to, total: reader.count, dropped };
  } finally {
    reader.close();
  }
}

/** Decodes `files` (entry process first) keeping at most `maxEvents` of their latest events. */
export function readTail(files: string[], maxEvents: number): Tail {
  const window = new EventWindow(Infinity);
  let total = 0, dropped = 0;
  let from = -Infinity;
  files.forEach((file, stream) => {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      let offset = 0;
      let carry = new Uint8Array(0);
      while (offset < size) {
        const piece = new Uint8Array(carry.length + Math.min(PIECE_BYTES, size - offset));
        piece.set(carry, 0);
        const got = readSync(fd, piece, carry.length, piece.length - carry.length, offset);
        if (got <= 0) break;
        offset += got;
        let decoded: ReturnType<typeof decodeWire>;
        try {
          decoded = decodeWire(piece.subarray(0, carry.length + got));
        } catch {
          // A damaged stream (should not happen): what came before it, and one event said lost.
          window.add(stream, [{ k: 'dropped', t: Number.isFinite(window.latest) ? window.latest : 0, tid: 0, count: 1 }]);
          break;
        }
        carry = piece.slice(decoded.consumed, carry.length + got);
        total += decoded.events.length;
        dropped += droppedIn(decoded.events);
        window.add(stream, decoded.events);
        if (window.held > maxEvents) from = window.evictDownTo(maxEvents);
      }
    } finally {
      closeSync(fd);
    }
  });
  return { streams: window.streams(from), from, to: window.latest, total, dropped };
}
