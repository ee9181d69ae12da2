/**
 * The encoded bodies of emit records (wire-codec's emitBody), cached per emitter class and event
 * name: a server's sockets, requests and responses emit ~9 times a request, and encoding two
 * strings each time (TextEncoder, a DataView) was the largest part of the recorder's cost per
 * request. Per class at most MAX_NAMES names are kept (a program that emits made-up names, say
 * `emit('item' + i)`, gets its records encoded each time instead of a cache that grows).
 */
import { emitBody } from '../core/wire-codec';

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
