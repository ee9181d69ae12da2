/**
 * The encoded bodies of emit records (all but the header), cached per emitter class and event
 * name: a server's sockets, requests and responses emit ~9 times a request, and encoding two
 * strings each time (TextEncoder, a DataView) was the largest part of the recorder's cost per
 * request. Per class at most MAX_NAMES names are kept (a program that emits made-up names, say
 * `emit('item' + i)`, gets its records encoded each time instead of a cache that grows).
 */
import { VAR_HEADER, maxSize, writeEvent } from '../core/wire-codec';

/** Byte offset of an emit record's listener count (u32, wire-codec.ts). */
export const EMIT_LISTENERS = VAR_HEADER;

/** The bytes of an emit record after its header: listeners 0, name, cls, padding. */
function emitBody(name: string, cls: string): Uint8Array {
  const ev = { k: 'emit', t: 0, tid: 0, name, cls, listeners: 0 } as const;
  const u8 = new Uint8Array(maxSize(ev));
  const end = writeEvent({ u8, dv: new DataView(u8.buffer) }, 0, ev);
  return u8.slice(VAR_HEADER, end);
}

const MAX_NAMES = 256;
/** Bodies by constructor (the emitter's class), then by event name. */
const byClass = new WeakMap<object, Map<string | symbol, Uint8Array>>();
/** Objects without a constructor function (Object.create(null) and the like). */
const noClass = new Map<string | symbol, Uint8Array>();

/** The emitter's class name as the trace shows it. */
export function className(emitter: any): string {
  return String(emitter.constructor?.name ?? 'Object');
}

/** The cached body of an emit of `name` by `emitter`, made the first time. */
export function emitBodyOf(emitter: any, name: string | symbol): Uint8Array {
  const ctor = emitter.constructor;
  let names = typeof ctor === 'function' ? byClass.get(ctor) : noClass;
  if (names === undefined) byClass.set(ctor, (names = new Map()));
  let body = names.get(name);
  if (body === undefined) {
    body = emitBody(typeof name === 'symbol' ? name.toString() : String(name), className(emitter));
    if (names.size < MAX_NAMES) names.set(name, body);
  }
  return body;
}
