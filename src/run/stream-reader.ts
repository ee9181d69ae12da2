/**
 * Reads the recorder's per-process stream files while the run goes on. Each recorded process
 * appends binary records to `<outDir>/<pid>.bin`; this reader polls the folder, reads what was
 * added since the last poll and decodes whole records, keeping a partial trailing record for next
 * time. Polling files (rather than a pipe) lets every process, including grandchildren and one that
 * is killed mid-run, deliver what it recorded without the runner holding a connection to each.
 *
 * With `decode: 'end'` (a single file's run) the records stay on disk while the program runs and
 * are decoded when the streams are asked for: decoding every event as it came took most of a core
 * on a busy server (7.7 s of CPU in a 10 s run at 90k requests/s), and even reading and counting
 * them took a fifth of one (bench:server: 37k → 47.5k requests/s without it), a core the recorded
 * program and what drives it no longer had. While the event budget cannot have been reached (every
 * record is at least MIN_RECORD_BYTES long) a poll only looks at the files' sizes (enough for a stop
 * to see the streams go quiet); nearer to it, it reads the new bytes and counts their records
 * (core/wire-scan.ts), keeping none.
 */
import { openSync, readSync, closeSync, readdirSync, fstatSync } from 'node:fs';
import path from 'node:path';
import { FIXED_BYTES, VAR_HEADER, decodeWire } from '../core/wire-codec';
import { scanWire } from '../core/wire-scan';
import type { WireEvent } from '../core/wire';

interface FileState {
  fd: number;
  offset: number;
  pending: Uint8Array;
  events: WireEvent[];
  /** `decode: 'end'`: the file's size at the last poll (bytes past `offset` are not counted yet). */
  size: number;
  /** The file could not be decoded past some point: it is no longer read. */
  broken?: boolean;
  /** `decode: 'end'`: the loss of a broken file is in `events`. */
  lossNoted?: boolean;
}

/** What a reader does with the events it decodes. */
export interface ReaderOptions {
  /** Keep every decoded event for `streams()` (default true). `async-viz run` keeps none: its events go to `onEvents` and stay on disk. */
  keep?: boolean;
  /** Called with each batch of new events of one process stream (`stream` = its index in order of appearance). */
  onEvents?: (stream: number, events: WireEvent[]) => void;
  /** `live` (default): decode as the records arrive; `end`: leave them on disk and decode them in `streams()` (no `onEvents`). */
  decode?: 'live' | 'end';
  /** `decode: 'end'`: the event budget; records are counted only once it may have been reached (Infinity: never). Without one, always. */
  budget?: number;
}

/** No record is shorter (a variable record has at least its header): bytes / this bounds the count. */
export const MIN_RECORD_BYTES = Math.min(FIXED_BYTES, VAR_HEADER);
/** The size of most records (callbacks' starts and ends): bytes / this estimates the count for progress. */
const TYPICAL_RECORD_BYTES = FIXED_BYTES;

/** A damaged stream (should not happen): one event lost after what came before it, said once. */
function noteLoss(st: FileState): WireEvent {
  st.lossNoted = true;
  const lost: WireEvent = { k: 'dropped', t: st.events[st.events.length - 1]?.t ?? 0, tid: 0, count: 1 };
  st.events.push(lost);
  return lost;
}

export class StreamReader {
  private readonly files = new Map<string, FileState>();
  /** Order in which process streams first appeared (the entry process first, in practice). */
  private readonly order: string[] = [];
  /** Total events decoded (counted, with `decode: 'end'`) so far, all processes. */
  count = 0;
  private readonly keep: boolean;
  /** True once a process has answered the runner's alive request (an `alive` event). */
  sawAlive = false;

  constructor(private readonly dir: string, private readonly opts: ReaderOptions = {}) {
    this.keep = opts.keep ?? true;
  }

  /** Bytes written so far, all processes (read, or with `decode: 'end'` seen on disk). */
  get bytes(): number {
    let n = 0;
    for (const st of this.files.values()) n += Math.max(st.offset, st.size);
    return n;
  }

  /** Events so far for progress: `count`, plus an estimate for bytes on disk not counted yet. */
  get approxCount(): number {
    let unread = 0;
    for (const st of this.files.values()) unread += Math.max(0, st.size - st.offset);
    return this.count + Math.floor(unread / TYPICAL_RECORD_BYTES);
  }

  /**
   * Reads everything appended since the last call. Returns how many new events were decoded
   * (counted); while `decode: 'end'` only looks at sizes, how many bytes were added.
   */
  poll(): number {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.bin'));
    } catch {
      return 0;
    }
    let added = 0;
    for (const name of names) {
      let st = this.files.get(name);
      if (!st) {
        try {
          st = { fd: openSync(path.join(this.dir, name), 'r'), offset: 0, pending: new Uint8Array(0), events: [], size: 0 };
        } catch {
          continue;
        }
        this.files.set(name, st);
        this.order.push(name);
      }
      if (this.opts.decode !== 'end') added += this.readNew(st, this.order.indexOf(name));
    }
    if (this.opts.decode === 'end') return this.sizeUp();
    this.count += added;
    return added;
  }

  /** `decode: 'end'`: notes the files' sizes; counts the new records when the budget may be near. */
  private sizeUp(): number {
    let grown = 0, unread = 0;
    for (const st of this.files.values()) {
      if (st.broken) continue;
      const size = fstatSync(st.fd).size;
      grown += size - st.size;
      st.size = size;
      unread += size - st.offset;
    }
    const budget = this.opts.budget;
    if (budget !== undefined && this.count + unread / MIN_RECORD_BYTES <= budget) return grown;
    let added = 0;
    for (const st of this.files.values()) added += this.countNew(st);
    this.count += added;
    return added;
  }

  /** `head`, then the bytes of `st` from `from` to its size at the last poll (short if the file was). */
  private readRange(st: FileState, from: number, head?: Uint8Array): Uint8Array {
    const at = head?.length ?? 0;
    const chunk = new Uint8Array(at + Math.max(0, st.size - from));
    if (head) chunk.set(head, 0);
    let got = 0;
    while (at + got < chunk.length) {
      const n = readSync(st.fd, chunk, at + got, chunk.length - at - got, from + got);
      if (n <= 0) break;
      got += n;
    }
    return chunk.subarray(0, at + got);
  }

  private readNew(st: FileState, stream: number): number {
    if (st.broken) return 0;
    st.size = fstatSync(st.fd).size;
    if (st.size <= st.offset) return 0;
    const usable = this.readRange(st, st.offset, st.pending);
    st.offset += usable.length - st.pending.length;
    let decoded: ReturnType<typeof decodeWire>;
    try {
      decoded = decodeWire(usable);
    } catch {
      // A damaged stream (should not happen): keep what came before, stop reading this file,
      // and say that events were lost rather than failing the whole run.
      st.broken = true;
      const lost = noteLoss(st);
      this.opts.onEvents?.(stream, [lost]);
      return 1;
    }
    const { events, consumed } = decoded;
    st.pending = usable.slice(consumed);
    for (const e of events) if (e.k === 'alive') this.sawAlive = true;
    if (this.keep) for (const e of events) st.events.push(e);
    else if (st.events.length === 0 && events.length) st.events.push(events[0]); // the hello: the stream is listed
    if (events.length) this.opts.onEvents?.(stream, events);
    return events.length;
  }

  /** `decode: 'end'`: counts the whole records added to `st` since it was last counted (kept on disk, not in memory). */
  private countNew(st: FileState): number {
    if (st.broken || st.size <= st.offset) return 0;
    let scan: ReturnType<typeof scanWire>;
    try {
      scan = scanWire(this.readRange(st, st.offset));
    } catch {
      // Damaged: decodeAll keeps what came before the damage and says that events were lost.
      st.broken = true;
      return 0;
    }
    st.offset += scan.consumed;
    if (scan.alive) this.sawAlive = true;
    return scan.count;
  }

  /** `decode: 'end'`: decodes the file's whole records (a damaged stream keeps what came before it, and says one event was lost). */
  private decodeAll(st: FileState): void {
    st.size = fstatSync(st.fd).size;
    const bytes = this.readRange(st, 0);
    try {
      st.events = decodeWire(bytes).events;
    } catch {
      // A damaged stream (should not happen): the records before the damage, and a loss said once.
      try {
        st.events = decodeWire(bytes.subarray(0, scanWire(bytes, true).consumed)).events;
      } catch {
        st.events = [];
      }
      noteLoss(st);
    }
    st.offset = bytes.length;
  }

  /** The stream files that have records, in the order of `streams()`. */
  paths(entryPid: number | undefined): string[] {
    return this.ordered(entryPid).filter((n) => fstatSync(this.files.get(n)!.fd).size > 0).map((n) => path.join(this.dir, n));
  }

  private ordered(entryPid: number | undefined): string[] {
    const names = [...this.order];
    const entry = entryPid !== undefined ? names.indexOf(`${entryPid}.bin`) : -1;
    if (entry > 0) names.unshift(...names.splice(entry, 1));
    return names;
  }

  /** Event streams, one per process, the entry process (pid `entryPid`) first. */
  streams(entryPid: number | undefined): WireEvent[][] {
    if (this.opts.decode === 'end') {
      for (const st of this.files.values()) if (!st.lossNoted) this.decodeAll(st);
      this.count = 0;
      for (const st of this.files.values()) this.count += st.events.length;
    }
    return this.ordered(entryPid).map((n) => this.files.get(n)!.events).filter((s) => s.length > 0);
  }

  close(): void {
    for (const st of this.files.values()) {
      try {
        closeSync(st.fd);
      } catch {
        /* ignore */
      }
    }
  }
}
