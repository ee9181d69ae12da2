/**
 * Binary encoding of the recorder's wire events (see `wire.ts`). Pure: no Node APIs.
 *
 * Record layout (little endian, no padding, no alignment):
 *
 *   header  u8 kind | u16 tid | f64 t                       (11 bytes)
 *   then, by kind:
 *     1 hello        u32 pid | u32 ppid | str nodeVersion | u32 argc | str × argc
 *     2 thread       u32 parentTid | str label | str name
 *     3 init         i32 id | i32 trigger | i32 exec | u8 typeCode [| str type when typeCode = 0]   (24 bytes usually)
 *     4 before       i32 id                                  (15 bytes)
 *     5 after        i32 id                                  (15 bytes)
 *     6 scriptStart  -
 *     7 scriptEnd    -
 *     8 callStart    i32 call | i32 fn | i32 parent
 *     9 callEnd      i32 call | u8 threw
 *    10 suspend      i32 call | i32 site
 *    11 resume       i32 call | i32 site
 *    12 console      u8 stream | f64 cut | str text          (cut = 0 means "absent")
 *    13 emit         u32 listeners | str name | str cls
 *    14 error        u8 kind (0 uncaught, 1 unhandledRejection) | str message | str stack
 *    15 exitCall     i32 code | u8 cause (0 the program, 1 Node's fatal path for an async hook error)
 *    16 exit         i32 code
 *    17 spawn        i32 childPid | str command
 *    18 stall        f64 since | str stack
 *    19 dropped      u32 count
 *    20 cpu          i32 id | f64 cpuMs | str where
 *
 *   str = u32 byteLength | UTF-8 bytes.
 *
 * Async ids are stored as i32. Node's own async ids are small positive integers; the recorder's
 * synthetic ids (then-callbacks) start at 2^30 (`SYNTHETIC_ID_BASE`), so both fit.
 * A reader decodes whole records only: a truncated trailing record is left for the next read.
 */
import type { WireEvent } from './wire';

export const KIND = {
  hello: 1, thread: 2, init: 3, before: 4, after: 5, scriptStart: 6, scriptEnd: 7,
  callStart: 8, callEnd: 9, suspend: 10, resume: 11, console: 12, emit: 13, error: 14,
  exitCall: 15, exit: 16, spawn: 17, stall: 18, dropped: 19, cpu: 20,
} as const;

/** First id of the recorder's own id space (then-callbacks); Node's async ids stay below it. */
export const SYNTHETIC_ID_BASE = 2 ** 30;

/** Bytes of the common record header. */
export const HEADER_BYTES = 11;

/** Resource types with a one-byte code (index; 0 = type spelled out as a string). */
export const TYPE_CODES: readonly string[] = [
  '', 'Timeout', 'Immediate', 'TickObject', 'PROMISE', 'Microtask', 'FSREQCALLBACK', 'FSREQPROMISE',
  'TCPWRAP', 'TCPSERVERWRAP', 'TCPCONNECTWRAP', 'GETADDRINFOREQWRAP', 'PIPEWRAP', 'PIPESERVERWRAP',
  'PIPECONNECTWRAP', 'PROCESSWRAP', 'WRITEWRAP', 'SHUTDOWNWRAP', 'TTYWRAP', 'SIGNALWRAP', 'WORKER',
  'MESSAGEPORT', 'HTTPINCOMINGMESSAGE', 'HTTPCLIENTREQUEST', 'ZLIB', 'STATWATCHER', 'FSEVENTWRAP',
  'DNSCHANNEL', 'QUERYWRAP', 'UDPWRAP', 'UDPSENDWRAP', 'JSSTREAM', 'FILEHANDLE', 'FILEHANDLECLOSEREQ',
  'GETNAMEINFOREQWRAP', 'HTTP2SESSION', 'TLSWRAP', 'ELDHISTOGRAM', 'SIGINTWATCHDOG', 'WORKERHEAPSNAPSHOT',
];
const typeCode = new Map<string, number>(TYPE_CODES.map((t, i) => [t, i]));
typeCode.delete('');

/** Code of a resource type, 0 when it must be written as a string. */
export function codeOfType(type: string): number {
  return typeCode.get(type) ?? 0;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Upper bound of the bytes `writeStr` needs for `s`. */
export function strMax(s: string): number {
  return 4 + s.length * 3;
}

/** A byte area to write records into: the recorder's ring or a growable buffer. */
export interface Target {
  u8: Uint8Array;
  dv: DataView;
}

export function writeHeader(o: Target, p: number, kind: number, tid: number, t: number): number {
  o.u8[p] = kind;
  o.dv.setUint16(p + 1, tid, true);
  o.dv.setFloat64(p + 3, t, true);
  return p + HEADER_BYTES;
}

/** Writes a string at `p` (room for `strMax(s)` bytes is assumed); returns the end. */
export function writeStr(o: Target, p: number, s: string): number {
  const { written } = encoder.encodeInto(s, o.u8.subarray(p + 4, p + 4 + s.length * 3));
  o.dv.setUint32(p, written, true);
  return p + 4 + written;
}

/** Upper bound of the encoded size of an event. */
export function maxSize(e: WireEvent): number {
  const h = HEADER_BYTES;
  switch (e.k) {
    case 'hello': return h + 12 + strMax(e.nodeVersion) + e.argv.reduce((n, a) => n + strMax(a), 0);
    case 'thread': return h + 4 + strMax(e.label) + strMax(e.name ?? '');
    case 'init': return h + 13 + strMax(e.type);
    case 'before': case 'after': return h + 4;
    case 'scriptStart': case 'scriptEnd': return h;
    case 'callStart': return h + 12;
    case 'callEnd': return h + 5;
    case 'suspend': case 'resume': return h + 8;
    case 'console': return h + 9 + strMax(e.text);
    case 'emit': return h + 4 + strMax(e.name) + strMax(e.cls);
    case 'error': return h + 1 + strMax(e.message) + strMax(e.stack);
    case 'exitCall': return h + 5;
    case 'exit': return h + 4;
    case 'spawn': return h + 4 + strMax(e.command);
    case 'stall': return h + 8 + strMax(e.stack);
    case 'dropped': return h + 4;
    case 'cpu': return h + 12 + strMax(e.where);
  }
}

/** Encodes one event at `p` (room for `maxSize(e)` bytes is assumed); returns the end. */
export function writeEvent(o: Target, p: number, e: WireEvent): number {
  const { dv } = o;
  p = writeHeader(o, p, KIND[e.k], e.tid, e.t);
  switch (e.k) {
    case 'hello':
      dv.setUint32(p, e.pid, true); dv.setUint32(p + 4, e.ppid, true);
      p = writeStr(o, p + 8, e.nodeVersion);
      dv.setUint32(p, e.argv.length, true); p += 4;
      for (const a of e.argv) p = writeStr(o, p, a);
      return p;
    case 'thread': dv.setUint32(p, e.parentTid, true); p = writeStr(o, p + 4, e.label); return writeStr(o, p, e.name ?? '');
    case 'init': {
      dv.setInt32(p, e.id, true); dv.setInt32(p + 4, e.trigger, true); dv.setInt32(p + 8, e.exec, true);
      const c = codeOfType(e.type);
      o.u8[p + 12] = c;
      return c === 0 ? writeStr(o, p + 13, e.type) : p + 13;
    }
    case 'before': case 'after': dv.setInt32(p, e.id, true); return p + 4;
    case 'scriptStart': case 'scriptEnd': return p;
    case 'callStart':
      dv.setInt32(p, e.call, true); dv.setInt32(p + 4, e.fn ?? -1, true); dv.setInt32(p + 8, e.parent ?? -1, true);
      return p + 12;
    case 'callEnd': dv.setInt32(p, e.call, true); o.u8[p + 4] = e.threw ? 1 : 0; return p + 5;
    case 'suspend': case 'resume': dv.setInt32(p, e.call, true); dv.setInt32(p + 4, e.site, true); return p + 8;
    case 'console': o.u8[p] = e.stream; dv.setFloat64(p + 1, e.cut ?? 0, true); return writeStr(o, p + 9, e.text);
    case 'emit': dv.setUint32(p, e.listeners, true); p = writeStr(o, p + 4, e.name); return writeStr(o, p, e.cls);
    case 'error': o.u8[p] = e.kind === 'uncaught' ? 0 : 1; p = writeStr(o, p + 1, e.message); return writeStr(o, p, e.stack);
    case 'exitCall': dv.setInt32(p, e.code, true); o.u8[p + 4] = e.cause === 'asyncHookError' ? 1 : 0; return p + 5;
    case 'exit': dv.setInt32(p, e.code, true); return p + 4;
    case 'spawn': dv.setInt32(p, e.childPid, true); return writeStr(o, p + 4, e.command);
    case 'stall': dv.setFloat64(p, e.since, true); return writeStr(o, p + 8, e.stack);
    case 'dropped': dv.setUint32(p, e.count, true); return p + 4;
    case 'cpu': dv.setInt32(p, e.id, true); dv.setFloat64(p + 4, e.cpuMs, true); return writeStr(o, p + 12, e.where);
  }
}

/** Encodes events into a fresh byte array (tests, and one-off records written outside a ring). */
export function encodeWire(events: WireEvent[]): Uint8Array {
  const u8 = new Uint8Array(events.reduce((n, e) => n + maxSize(e), 0));
  const o = { u8, dv: new DataView(u8.buffer) };
  let p = 0;
  for (const e of events) p = writeEvent(o, p, e);
  return u8.slice(0, p);
}

/** Thrown inside the decoder when the record is cut short; never escapes `decodeWire`. */
const SHORT = Symbol('short');

class Reader {
  constructor(private readonly u8: Uint8Array, private readonly dv: DataView, public p: number) {}
  need(n: number): void {
    if (this.p + n > this.u8.length) throw SHORT;
  }
  u8v(): number { this.need(1); return this.u8[this.p++]; }
  u16(): number { this.need(2); const v = this.dv.getUint16(this.p, true); this.p += 2; return v; }
  u32(): number { this.need(4); const v = this.dv.getUint32(this.p, true); this.p += 4; return v; }
  i32(): number { this.need(4); const v = this.dv.getInt32(this.p, true); this.p += 4; return v; }
  f64(): number { this.need(8); const v = this.dv.getFloat64(this.p, true); this.p += 8; return v; }
  str(): string {
    const n = this.u32();
    this.need(n);
    const s = decoder.decode(this.u8.subarray(this.p, this.p + n));
    this.p += n;
    return s;
  }
}

function readEvent(r: Reader): WireEvent {
  const kind = r.u8v();
  const tid = r.u16();
  const t = r.f64();
  switch (kind) {
    case 1: {
      const pid = r.u32(); const ppid = r.u32(); const nodeVersion = r.str();
      const n = r.u32(); const argv: string[] = [];
      for (let i = 0; i < n; i++) argv.push(r.str());
      return { k: 'hello', t, tid: 0, pid, ppid, nodeVersion, argv };
    }
    case 2: {
      const parentTid = r.u32(); const label = r.str(); const name = r.str();
      return name ? { k: 'thread', t, tid, parentTid, label, name } : { k: 'thread', t, tid, parentTid, label };
    }
    case 3: {
      const id = r.i32(); const trigger = r.i32(); const exec = r.i32(); const c = r.u8v();
      const type = c === 0 ? r.str() : (TYPE_CODES[c] ?? `type#${c}`);
      return { k: 'init', t, tid, id, type, trigger, exec };
    }
    case 4: return { k: 'before', t, tid, id: r.i32() };
    case 5: return { k: 'after', t, tid, id: r.i32() };
    case 6: return { k: 'scriptStart', t, tid };
    case 7: return { k: 'scriptEnd', t, tid };
    case 8: { const call = r.i32(); const fn = r.i32(); return { k: 'callStart', t, tid, call, fn, parent: r.i32() }; }
    case 9: { const call = r.i32(); return { k: 'callEnd', t, tid, call, threw: r.u8v() === 1 }; }
    case 10: { const call = r.i32(); return { k: 'suspend', t, tid, call, site: r.i32() }; }
    case 11: { const call = r.i32(); return { k: 'resume', t, tid, call, site: r.i32() }; }
    case 12: {
      const stream = r.u8v() === 2 ? 2 : 1; const cut = r.f64(); const text = r.str();
      return cut > 0 ? { k: 'console', t, tid, stream, text, cut } : { k: 'console', t, tid, stream, text };
    }
    case 13: { const listeners = r.u32(); const name = r.str(); return { k: 'emit', t, tid, name, cls: r.str(), listeners }; }
    case 14: {
      const kind2 = r.u8v() === 0 ? 'uncaught' : 'unhandledRejection'; const message = r.str();
      return { k: 'error', t, tid, kind: kind2, message, stack: r.str() };
    }
    case 15: { const code = r.i32(); return r.u8v() === 1 ? { k: 'exitCall', t, tid, code, cause: 'asyncHookError' } : { k: 'exitCall', t, tid, code }; }
    case 16: return { k: 'exit', t, tid, code: r.i32() };
    case 17: { const childPid = r.i32(); return { k: 'spawn', t, tid, childPid, command: r.str() }; }
    case 18: { const since = r.f64(); return { k: 'stall', t, tid, since, stack: r.str() }; }
    case 19: return { k: 'dropped', t, tid, count: r.u32() };
    case 20: { const id = r.i32(); const cpuMs = r.f64(); return { k: 'cpu', t, tid, id, cpuMs, where: r.str() }; }
    default: throw new Error(`async-viz wire: unknown record kind ${kind}`);
  }
}

/**
 * Decodes as many whole records as `bytes` holds. `consumed` = bytes used; the rest (a partial
 * record still being written) should be kept and prefixed to the next read.
 * Throws on an unknown kind (a corrupt stream), after nothing: the caller sees no partial result.
 */
export function decodeWire(bytes: Uint8Array): { events: WireEvent[]; consumed: number } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(bytes, dv, 0);
  const events: WireEvent[] = [];
  let consumed = 0;
  while (consumed < bytes.length) {
    r.p = consumed;
    try {
      events.push(readEvent(r));
    } catch (e) {
      if (e === SHORT) break;
      throw e;
    }
    consumed = r.p;
  }
  return { events, consumed };
}
