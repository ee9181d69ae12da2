/**
 * Binary encoding of the recorder's wire events (see `wire.ts`). Pure: no Node APIs.
 *
 * Every record starts on an 8-byte boundary and its length is a multiple of 8, so the recorder
 * writes the frequent ones as a few aligned typed-array stores (an await mark costs ~3 ns, not
 * ~40 through a DataView byte by byte). Little endian.
 *
 *   word0  i32 = kind (bits 0-7) | tid << 8
 *
 *   fixed records, 24 bytes:  word0 | i32 a | i32 b | i32 c | f64 t
 *     4 before       a = async id                  5 after         a = async id
 *     6 scriptStart  -                             7 scriptEnd     -
 *     8 callStart    a = call, b = fn, c = parent  9 callEnd       a = call, b = threw (0/1)
 *    10 suspend      a = call, b = site           11 resume        a = call, b = site
 *    15 exitCall     a = code, b = cause (0 the program, 1 Node's fatal path: an async hook threw)
 *    16 exit         a = code
 *    19 dropped      a = count
 *   init, 32 bytes:  word0 | i32 id | i32 trigger | i32 exec | i32 typeCode | (caller + 1) << 8 | i32 site + 1 | f64 t
 *     3 init         (typeCode > 0: a type of TYPE_CODES; site and caller: SiteTable.calls ids, 0 = none)
 *   initTimer, 40 bytes: the init record | f64 delay (> 0 a setTimeout's, < 0 a setInterval's, negated)
 *    22 initTimer    a `Timeout`
 *   variable records: word0 | i32 length (whole record, padded) | f64 t | body
 *     1 hello        u32 pid | u32 ppid | str nodeVersion | u32 argc | str × argc
 *     2 thread       u32 parentTid | str label | str name (the worker's name option, '' if none)
 *    21 init        i32 id | i32 trigger | i32 exec | i32 site + 1 | i32 caller + 1 | str type   (a type without a code)
 *    12 console      u8 stream | f64 cut | str text          (cut = 0 means "absent")
 *    13 emit         u32 listeners | str name | str cls
 *    14 error        u8 kind (0 uncaught, 1 unhandledRejection) | str message | str stack
 *    17 spawn        i32 childPid | str command
 *    18 stall        f64 since | str stack
 *    20 cpu          i32 id | f64 cpuMs | str where
 *    30 alive        u32 count | (u8 kind (index of ALIVE_KINDS) | i32 id | str detail) × count
 *
 *   str = u32 byteLength | UTF-8 bytes.
 *
 * Async ids are stored as i32. Node's own async ids are small positive integers; the recorder's
 * synthetic ids (then-callbacks) start at 2^30 (`SYNTHETIC_ID_BASE`), so both fit.
 * A reader decodes whole records only: a truncated trailing record is left for the next read.
 */
import { ALIVE_KINDS, type WireEvent } from './wire';
import { TYPE_CODES, codeOfType, delayWord, siteWord, typeWord } from './wire-init';

export { TYPE_CODES, MAX_SITE, codeOfType, delayWord, siteWord, typeWord } from './wire-init';
import { strMax, writeStr, type Target } from './wire-str';
export { strMax, writeStr, type Target } from './wire-str';

export const KIND = {
  hello: 1, thread: 2, init: 3, before: 4, after: 5, scriptStart: 6, scriptEnd: 7,
  callStart: 8, callEnd: 9, suspend: 10, resume: 11, console: 12, emit: 13, error: 14,
  exitCall: 15, exit: 16, spawn: 17, stall: 18, dropped: 19, cpu: 20, initNamed: 21, initTimer: 22,
  alive: 30,
} as const;

/** First id of the recorder's own id space (then-callbacks); Node's async ids stay below it. */
export const SYNTHETIC_ID_BASE = 2 ** 30;

/** Size of the fixed records. */
export const FIXED_BYTES = 24;
export const INIT_BYTES = 32;
export const INIT_TIMER_BYTES = 40;
/** Header of a variable record: word0, length, t. */
export const VAR_HEADER = 16;

const decoder = new TextDecoder();

/** exitCall's b: Node's fatal path called process.exit because an async hook threw (0: the program called it). */
const EXIT_CAUSE_ASYNC_HOOK = 1;

const pad8 = (n: number): number => (n + 7) & ~7;

/** Kinds of the fixed 24-byte records. */
const FIXED = new Set<number>([KIND.before, KIND.after, KIND.scriptStart, KIND.scriptEnd, KIND.callStart, KIND.callEnd, KIND.suspend, KIND.resume, KIND.exitCall, KIND.exit, KIND.dropped]);

/** True for the kinds of the fixed 24-byte records. */
export const isFixedKind = (kind: number): boolean => FIXED.has(kind);

/** Upper bound of the encoded size of an event (a multiple of 8). */
export function maxSize(e: WireEvent): number {
  const h = VAR_HEADER;
  switch (e.k) {
    case 'hello': return pad8(h + 12 + strMax(e.nodeVersion) + e.argv.reduce((n, a) => n + strMax(a), 0));
    case 'thread': return pad8(h + 4 + strMax(e.label) + strMax(e.name ?? ''));
    case 'init': return codeOfType(e.type) > 0 ? (e.delay !== undefined ? INIT_TIMER_BYTES : INIT_BYTES) : pad8(h + 20 + strMax(e.type));
    case 'console': return pad8(h + 9 + strMax(e.text));
    case 'emit': return pad8(h + 4 + strMax(e.name) + strMax(e.cls));
    case 'error': return pad8(h + 1 + strMax(e.message) + strMax(e.stack));
    case 'spawn': return pad8(h + 4 + strMax(e.command));
    case 'stall': return pad8(h + 8 + strMax(e.stack));
    case 'cpu': return pad8(h + 12 + strMax(e.where));
    case 'alive': return pad8(h + 4 + e.items.reduce((n, i) => n + 5 + strMax(i.detail), 0));
    default: return FIXED_BYTES;
  }
}

/** Encodes one event at `p` (8-aligned, room for `maxSize(e)` bytes is assumed); returns the end (8-aligned). */
export function writeEvent(o: Target, p: number, e: WireEvent): number {
  const { dv } = o;
  const kind = e.k === 'init' ? initKind(e) : KIND[e.k];
  dv.setInt32(p, kind | (e.tid << 8), true);
  if (FIXED.has(kind)) {
    let a = 0, b = 0, c = 0;
    switch (e.k) {
      case 'before': case 'after': a = e.id; break;
      case 'callStart': a = e.call; b = e.fn ?? -1; c = e.parent ?? -1; break;
      case 'callEnd': a = e.call; b = e.threw ? 1 : 0; break;
      case 'suspend': case 'resume': a = e.call; b = e.site; break;
      case 'exitCall': a = e.code; b = e.cause === 'asyncHookError' ? EXIT_CAUSE_ASYNC_HOOK : 0; break;
      case 'exit': a = e.code; break;
      case 'dropped': a = e.count; break;
    }
    dv.setInt32(p + 4, a, true);
    dv.setInt32(p + 8, b, true);
    dv.setInt32(p + 12, c, true);
    dv.setFloat64(p + 16, e.t, true);
    return p + FIXED_BYTES;
  }
  if ((kind === KIND.init || kind === KIND.initTimer) && e.k === 'init') {
    dv.setInt32(p + 4, e.id, true); dv.setInt32(p + 8, e.trigger, true); dv.setInt32(p + 12, e.exec, true);
    dv.setInt32(p + 16, typeWord(codeOfType(e.type), e.caller), true); dv.setInt32(p + 20, siteWord(e.site), true);
    dv.setFloat64(p + 24, e.t, true);
    if (kind === KIND.init) return p + INIT_BYTES;
    dv.setFloat64(p + 32, delayWord(e.delay ?? 0, e.repeat), true);
    return p + INIT_TIMER_BYTES;
  }
  dv.setFloat64(p + 8, e.t, true);
  let q = p + VAR_HEADER;
  switch (e.k) {
    case 'hello':
      dv.setUint32(q, e.pid, true); dv.setUint32(q + 4, e.ppid, true);
      q = writeStr(o, q + 8, e.nodeVersion);
      dv.setUint32(q, e.argv.length, true); q += 4;
      for (const a of e.argv) q = writeStr(o, q, a);
      break;
    case 'thread': dv.setUint32(q, e.parentTid, true); q = writeStr(o, q + 4, e.label); q = writeStr(o, q, e.name ?? ''); break;
    case 'init':
      dv.setInt32(q, e.id, true); dv.setInt32(q + 4, e.trigger, true); dv.setInt32(q + 8, e.exec, true);
      dv.setInt32(q + 12, siteWord(e.site), true); dv.setInt32(q + 16, siteWord(e.caller), true);
      q = writeStr(o, q + 20, e.type);
      break;
    case 'console': o.u8[q] = e.stream; dv.setFloat64(q + 1, e.cut ?? 0, true); q = writeStr(o, q + 9, e.text); break;
    case 'emit': dv.setUint32(q, e.listeners, true); q = writeStr(o, writeStr(o, q + 4, e.name), e.cls); break;
    case 'error': o.u8[q] = e.kind === 'uncaught' ? 0 : 1; q = writeStr(o, writeStr(o, q + 1, e.message), e.stack); break;
    case 'spawn': dv.setInt32(q, e.childPid, true); q = writeStr(o, q + 4, e.command); break;
    case 'stall': dv.setFloat64(q, e.since, true); q = writeStr(o, q + 8, e.stack); break;
    case 'cpu': dv.setInt32(q, e.id, true); dv.setFloat64(q + 4, e.cpuMs, true); q = writeStr(o, q + 12, e.where); break;
    case 'alive':
      dv.setUint32(q, e.items.length, true); q += 4;
      for (const i of e.items) { o.u8[q] = ALIVE_KINDS.indexOf(i.kind); dv.setInt32(q + 1, i.id, true); q = writeStr(o, q + 5, i.detail); }
      break;
  }
  const end = pad8(q);
  o.u8.fill(0, q, end);
  dv.setInt32(p + 4, end - p, true);
  return end;
}

/** The record kind of an init event: coded type (a Timeout with its delay: initTimer) or spelled out. */
function initKind(e: WireEvent & { k: 'init' }): number {
  if (codeOfType(e.type) === 0) return KIND.initNamed;
  return e.delay !== undefined ? KIND.initTimer : KIND.init;
}

/** The optional fields of an init event from its record's words (site and caller +1, 0 = none). */
function initExtras(ev: WireEvent & { k: 'init' }, site: number, caller: number): WireEvent {
  if (site > 0) ev.site = site - 1;
  if (caller > 0) ev.caller = caller - 1;
  return ev;
}

/** Encodes events into a fresh byte array (tests, and one-off records written outside a ring). */
export function encodeWire(events: WireEvent[]): Uint8Array {
  const u8 = new Uint8Array(events.reduce((n, e) => n + maxSize(e), 0));
  const o = { u8, dv: new DataView(u8.buffer) };
  let p = 0;
  for (const e of events) p = writeEvent(o, p, e);
  return u8.slice(0, p);
}

class Reader {
  constructor(private readonly u8: Uint8Array, private readonly dv: DataView, public p: number) {}
  u8v(): number { return this.u8[this.p++]; }
  u32(): number { const v = this.dv.getUint32(this.p, true); this.p += 4; return v; }
  i32(): number { const v = this.dv.getInt32(this.p, true); this.p += 4; return v; }
  f64(): number { const v = this.dv.getFloat64(this.p, true); this.p += 8; return v; }
  str(): string {
    const n = this.u32();
    const s = decoder.decode(this.u8.subarray(this.p, this.p + n));
    this.p += n;
    return s;
  }
}

/** The event of a fixed record. */
function fixedEvent(kind: number, tid: number, a: number, b: number, c: number, t: number): WireEvent {
  switch (kind) {
    case KIND.before: return { k: 'before', t, tid, id: a };
    case KIND.after: return { k: 'after', t, tid, id: a };
    case KIND.scriptStart: return { k: 'scriptStart', t, tid };
    case KIND.scriptEnd: return { k: 'scriptEnd', t, tid };
    case KIND.callStart: return { k: 'callStart', t, tid, call: a, fn: b, parent: c };
    case KIND.callEnd: return { k: 'callEnd', t, tid, call: a, threw: b === 1 };
    case KIND.suspend: return { k: 'suspend', t, tid, call: a, site: b };
    case KIND.resume: return { k: 'resume', t, tid, call: a, site: b };
    case KIND.exitCall: return b === EXIT_CAUSE_ASYNC_HOOK ? { k: 'exitCall', t, tid, code: a, cause: 'asyncHookError' } : { k: 'exitCall', t, tid, code: a };
    case KIND.exit: return { k: 'exit', t, tid, code: a };
    default: return { k: 'dropped', t, tid, count: a >>> 0 };
  }
}

/** The event of a variable record whose body starts at r.p. */
function variableEvent(kind: number, tid: number, t: number, r: Reader): WireEvent {
  switch (kind) {
    case KIND.hello: {
      const pid = r.u32(); const ppid = r.u32(); const nodeVersion = r.str();
      const n = r.u32(); const argv: string[] = [];
      for (let i = 0; i < n; i++) argv.push(r.str());
      return { k: 'hello', t, tid: 0, pid, ppid, nodeVersion, argv };
    }
    case KIND.thread: {
      const parentTid = r.u32(); const label = r.str(); const name = r.str();
      return name ? { k: 'thread', t, tid, parentTid, label, name } : { k: 'thread', t, tid, parentTid, label };
    }
    case KIND.initNamed: {
      const id = r.i32(); const trigger = r.i32(); const exec = r.i32(); const site = r.i32(); const caller = r.i32();
      return initExtras({ k: 'init', t, tid, id, type: r.str(), trigger, exec }, site, caller);
    }
    case KIND.console: {
      const stream = r.u8v() === 2 ? 2 : 1; const cut = r.f64(); const text = r.str();
      return cut > 0 ? { k: 'console', t, tid, stream, text, cut } : { k: 'console', t, tid, stream, text };
    }
    case KIND.emit: { const listeners = r.u32(); const name = r.str(); return { k: 'emit', t, tid, name, cls: r.str(), listeners }; }
    case KIND.error: {
      const kind2 = r.u8v() === 0 ? 'uncaught' : 'unhandledRejection'; const message = r.str();
      return { k: 'error', t, tid, kind: kind2, message, stack: r.str() };
    }
    case KIND.spawn: { const childPid = r.i32(); return { k: 'spawn', t, tid, childPid, command: r.str() }; }
    case KIND.stall: { const since = r.f64(); return { k: 'stall', t, tid, since, stack: r.str() }; }
    case KIND.cpu: { const id = r.i32(); const cpuMs = r.f64(); return { k: 'cpu', t, tid, id, cpuMs, where: r.str() }; }
    case KIND.alive: {
      const items = Array.from({ length: r.u32() }, () => ({ kind: ALIVE_KINDS[r.u8v()] ?? 'other', id: r.i32(), detail: r.str() }));
      return { k: 'alive', t, tid: 0, items };
    }
    default: throw new Error(`async-viz wire: unknown record kind ${kind}`);
  }
}

/**
 * Decodes as many whole records as `bytes` holds (it starts at a record). `consumed` = bytes
 * used; the rest (a partial record still being written) should be kept and prefixed to the next
 * read. Throws on an unknown kind or a bad length (a corrupt stream).
 */
export function decodeWire(bytes: Uint8Array): { events: WireEvent[]; consumed: number } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new Reader(bytes, dv, 0);
  const events: WireEvent[] = [];
  const n = bytes.length;
  let p = 0;
  while (p + 8 <= n) {
    const w0 = dv.getInt32(p, true);
    const kind = w0 & 0xff;
    const tid = w0 >>> 8;
    if (FIXED.has(kind)) {
      if (p + FIXED_BYTES > n) break;
      events.push(fixedEvent(kind, tid, dv.getInt32(p + 4, true), dv.getInt32(p + 8, true), dv.getInt32(p + 12, true), dv.getFloat64(p + 16, true)));
      p += FIXED_BYTES;
    } else if (kind === KIND.init || kind === KIND.initTimer) {
      const size = kind === KIND.init ? INIT_BYTES : INIT_TIMER_BYTES;
      if (p + size > n) break;
      const w4 = dv.getInt32(p + 16, true);
      const code = w4 & 0xff;
      const ev: WireEvent & { k: 'init' } = { k: 'init', t: dv.getFloat64(p + 24, true), tid, id: dv.getInt32(p + 4, true), type: TYPE_CODES[code] ?? `type#${code}`, trigger: dv.getInt32(p + 8, true), exec: dv.getInt32(p + 12, true) };
      initExtras(ev, dv.getInt32(p + 20, true), w4 >>> 8);
      if (kind === KIND.initTimer) {
        const d = dv.getFloat64(p + 32, true);
        ev.delay = Math.abs(d);
        if (d < 0) ev.repeat = true;
      }
      events.push(ev);
      p += size;
    } else {
      const len = dv.getInt32(p + 4, true);
      if (len < VAR_HEADER || len % 8 !== 0) throw new Error(`async-viz wire: bad record length ${len} (kind ${kind})`);
      if (p + len > n) break;
      r.p = p + VAR_HEADER;
      events.push(variableEvent(kind, tid, dv.getFloat64(p + 8, true), r));
      p += len;
    }
  }
  return { events, consumed: p };
}
