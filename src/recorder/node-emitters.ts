/**
 * Node's own emitter classes (a socket, a request, a response, a stream of Node's), recognised by
 * identity: an emit on one of them with no listener runs none of the program's code, is none of
 * its work, and is not recorded (a server's sockets, requests and responses emit `prefinish`,
 * `readable`, `close`, ... about six times a request that nobody listens to: recording them cost
 * the recorded server a tenth of its throughput). A class of the program's own, even one that
 * extends Node's, is never one of them, so an emit that nobody hears there (an `emit` before the
 * `on`, a classic bug) is still in the trace.
 */
import { builtin } from './util';

/** Class name → the built-in modules that export a class of that name. */
const CANDIDATES: Record<string, [string, string][]> = {
  Socket: [['node:net', 'Socket'], ['node:dgram', 'Socket']],
  Server: [['node:net', 'Server'], ['node:http', 'Server'], ['node:https', 'Server'], ['node:tls', 'Server']],
  IncomingMessage: [['node:http', 'IncomingMessage']],
  ServerResponse: [['node:http', 'ServerResponse']],
  ClientRequest: [['node:http', 'ClientRequest']],
  OutgoingMessage: [['node:http', 'OutgoingMessage']],
  Agent: [['node:http', 'Agent'], ['node:https', 'Agent']],
  TLSSocket: [['node:tls', 'TLSSocket']],
  ReadStream: [['node:fs', 'ReadStream'], ['node:tty', 'ReadStream']],
  WriteStream: [['node:fs', 'WriteStream'], ['node:tty', 'WriteStream']],
  ChildProcess: [['node:child_process', 'ChildProcess']],
  Readable: [['node:stream', 'Readable']],
  Writable: [['node:stream', 'Writable']],
  Duplex: [['node:stream', 'Duplex']],
  Transform: [['node:stream', 'Transform']],
  PassThrough: [['node:stream', 'PassThrough']],
};

/** Decisions so far, by constructor. */
const known = new WeakMap<object, boolean>();

/**
 * Whether `ctor` is one of Node's emitter classes. Decided once per class: a class with one of the
 * names is compared with the module's export (that module is loaded already when Node made the
 * object; only a program's own class of the same name may load it, once).
 */
export function isNodeEmitterClass(ctor: unknown): boolean {
  if (typeof ctor !== 'function') return false;
  let is = known.get(ctor);
  if (is === undefined) {
    is = false;
    for (const [id, name] of CANDIDATES[ctor.name] ?? []) {
      try {
        if ((builtin<Record<string, unknown>>(id))[name] === ctor) is = true;
      } catch {
        // not in this Node
      }
      if (is) break;
    }
    known.set(ctor, is);
  }
  return is;
}
