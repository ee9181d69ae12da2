/**
 * Reads the recorder's per-process stream files while the run goes on. Each recorded process
 * appends binary records to `<outDir>/<pid>.bin`; this reader polls the folder, reads what was
 * added since the last poll and decodes whole records, keeping a partial trailing record for next
 * time. Polling files (rather than a pipe) lets every process, including grandchildren and one that
 * is killed mid-run, deliver what it recorded without the runner holding a connection to each.
 * With `decode: 'end'` (a single file's run) the records are only counted while the program runs
 * (core/wire-scan.ts) and decoded when the streams are asked for: decoding every event as it came
 * took most of a core on a busy server (7.7 s of CPU in a 10 s run at 90k requests/s), a core the
 * recorded program and what drives it no longer had.
 */
import { openSync, readSync, closeSync, readdirSync, fstatSync } from 'node:fs';
import path from 'node:path';
import { decodeWire } from '../core/wire-codec';
import { scanWire } from '../core/wire-scan';
import type { WireEvent } from '../core/wire';

interface FileState {
  fd: number;
  offset: number;
  pending: Uint8Array;
  events: WireEvent[];
  /** `decode: 'end'`: whole records read and counted, not decoded yet. */
  raw: Uint8Array[];
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
  /** `live` (default): decode as the records arrive; `end`: count them as they arrive, decode them in `streams()` (no `onEvents`). */
  decode?: 'live' | 'end';
}

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
  /** Total events decoded so far, all processes. */
  count = 0;
  private readonly keep: boolean;
  /** True once a process has answered the runner's alive request (an `alive` event). */
  sawAlive = false;

  constructor(private readonly dir: string, private readonly opts: ReaderOptions = {}) {
    this.keep = opts.keep ?? true;
  }

  /** Bytes read so far, all processes. */
  get bytes(): number {
    let n = 0;
    for (const st of this.files.values()) n += st.offset;
    return n;
  }

  /** Reads everything appended since the last call. Returns how many new events were decoded. */
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
          st = { fd: openSync(path.join(this.dir, name), 'r'), offset: 0, pending: new Uint8Array(0), events: [], raw: [] };
        } catch {
          continue;
        }
        this.files.set(name, st);
        this.order.push(name);
      }
      added += this.readNew(st, this.order.indexOf(name));
    }
    this.count += added;
    return added;
  }

  private readNew(st: FileState, stream: number): number {
    if (st.broken) return 0;
    const size = fstatSync(st.fd).size;
    if (size <= st.offset) return 0;
    const chunk = new Uint8Array(st.pending.length + (size - st.offset));
    chunk.set(st.pending, 0);
    let got = 0;
    while (got < size - st.offset) {
      const n = readSync(st.fd, chunk, st.pending.length + got, size - st.offset - got, st.offset + got);
      if (n <= 0) break;
      got += n;
    }
    st.offset += got;
    const usable = chunk.subarray(0, st.pending.length + got);
    if (this.opts.decode === 'end') return this.countNew(st, usable);
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

  /** `decode: 'end'`: keeps the whole records of `usable` for later and counts them. */
  private countNew(st: FileState, usable: Uint8Array): number {
    let scan: ReturnType<typeof scanWire>;
    try {
      scan = scanWire(usable);
    } catch {
      scan = { count: 0, consumed: 0, alive: false };
      st.broken = true;
    }
    if (scan.consumed) st.raw.push(usable.slice(0, scan.consumed));
    st.pending = usable.slice(scan.consumed);
    if (scan.alive) this.sawAlive = true;
    return scan.count;
  }

  /** `decode: 'end'`: decodes what was counted (a damaged stream keeps what came before it, and says one event was lost). */
  private decodeRaw(st: FileState): void {
    for (const bytes of st.raw) {
      try {
        for (const e of decodeWire(bytes).events) st.events.push(e);
      } catch {
        st.broken = true;
      }
      if (st.broken) break;
    }
    st.raw = [];
    if (st.broken && !st.lossNoted) noteLoss(st);
  }

  /** Event streams, one per process, the entry process (pid `entryPid`) first. */
  streams(entryPid: number | undefined): WireEvent[][] {
    if (this.opts.decode === 'end') for (const st of this.files.values()) if (st.raw.length || (st.broken && !st.lossNoted)) this.decodeRaw(st);
    const names = [...this.order];
    const entry = entryPid !== undefined ? names.indexOf(`${entryPid}.bin`) : -1;
    if (entry > 0) names.unshift(...names.splice(entry, 1));
    return names.map((n) => this.files.get(n)!.events).filter((s) => s.length > 0);
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
