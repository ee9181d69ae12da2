/**
 * "Why is it still running?": what keeps the entry process's main thread alive, listed on the
 * runner's request just before a time-out or a stop kills the run.
 *
 * Two halves. On the main thread, `installAliveProbe` puts the probe in a global lexical binding
 * with a random name (no property of globalThis, nothing the program can list). On the flusher
 * thread, `answerAlive` reaches it through the flusher's inspector session: Runtime.evaluate the
 * Timeout prototype, Runtime.queryObjects for every Timeout in the heap (Node keeps timers out of
 * `process._getActiveHandles()`), then Runtime.callFunctionOn the probe's `list`, which adds the
 * ref'd handles (servers, sockets, child processes, workers, watchers). The inspector runs these
 * on the main thread whether it is idle in the event loop (a server waiting: the usual case) or
 * stuck in a loop (at its next interrupt check). No handle, timer callback, hook callback or
 * output of the program's is involved; the one timer the probe makes to find the prototype is
 * made in the recorder's own id range and cleared at once.
 */
import type { Session } from 'node:inspector';
import type { AliveWireEvent } from '../core/wire';
import { isOwn, own } from './hide';
import { builtin, proc } from './util';
import { defineGlobalLexical } from './api';

type Item = AliveWireEvent['items'][number];

/** What the probe offers the flusher (evaluated on the main thread). */
interface AliveProbe {
  /** `Timeout.prototype`, for Runtime.queryObjects. */
  proto(): object;
  /** What keeps the thread alive, given every Timeout object in the heap. */
  list(timers: unknown[]): Item[];
}

const timers = builtin<typeof import('node:timers')>('node:timers');
const noop = () => {};
/** A delay no probe timer can reach before it is cleared (below Node's 2^31-1 ms maximum). */
const FAR_MS = 2 ** 30;

/** Descriptions of the symbol Node keeps an async id under: on a Timeout, on a socket. */
const ASYNC_ID_SYMBOLS = new Set(['asyncId', 'async_id_symbol']);

/** The async id of a handle (its native handle's) or a Timeout (a symbol-keyed field). */
function asyncIdOf(o: any): number {
  try {
    if (typeof o?._handle?.getAsyncId === 'function') return o._handle.getAsyncId();
    const sym = Object.getOwnPropertySymbols(o).find((s) => ASYNC_ID_SYMBOLS.has(s.description ?? ''));
    const id = sym ? o[sym] : 0;
    return typeof id === 'number' && id > 0 ? id : 0;
  } catch {
    return 0;
  }
}

/** `127.0.0.1:3000`, `[::1]:3000`, or a pipe's path. */
function addressText(a: unknown): string {
  if (typeof a === 'string') return a;
  const o = a as { address?: string; port?: number } | null;
  if (!o || o.address === undefined) return '';
  return `${o.address.includes(':') ? `[${o.address}]` : o.address}:${o.port}`;
}

/** One ref'd handle of `process._getActiveHandles()` as an item, or undefined to leave it out. */
function handleItem(h: any, skip: Set<unknown>): Item | undefined {
  if (skip.has(h)) return undefined;
  const cls = String(h?.constructor?.name ?? '');
  const id = asyncIdOf(h);
  switch (cls) {
    case 'Server':
      return { kind: 'server', id, detail: addressText(h.address?.()) };
    case 'Socket':
    case 'TLSSocket':
      return { kind: 'socket', id, detail: h.remoteAddress ? addressText({ address: h.remoteAddress, port: h.remotePort }) : '' };
    case 'ChildProcess':
      return { kind: 'child', id, detail: Array.isArray(h.spawnargs) ? h.spawnargs.join(' ') : '' };
    case 'Worker':
      return { kind: 'worker', id, detail: String(h.threadId ?? '') };
    case 'FSWatcher':
    case 'StatWatcher':
      return { kind: 'watcher', id, detail: '' };
    default:
      return { kind: 'other', id, detail: cls };
  }
}

function list(heap: unknown[]): Item[] {
  const out: Item[] = [];
  for (const t of heap as any[]) {
    // Pending and ref'd: a cleared or finished timer is destroyed, an unref'd one keeps nothing alive.
    if (!t || t._destroyed || !(t._idleTimeout >= 0) || t.hasRef?.() === false) continue;
    const id = asyncIdOf(t);
    if (isOwn(id)) continue;
    out.push({ kind: t._repeat != null ? 'interval' : 'timer', id, detail: String(t._idleTimeout) });
  }
  const handles: unknown[] = (proc as any)._getActiveHandles?.() ?? [];
  // The program's own stdio (by fd: reading process.stdout would make it), and a child's pipes
  // (the child is listed), are not reasons of their own.
  const skip = new Set<unknown>(handles.filter((h: any) => h?.fd === 0 || h?.fd === 1 || h?.fd === 2));
  for (const h of handles as any[]) if (h?.constructor?.name === 'ChildProcess') for (const s of h.stdio ?? []) skip.add(s);
  for (const h of handles) {
    const item = handleItem(h, skip);
    if (item && !isOwn(item.id)) out.push(item);
  }
  return out;
}

/** Installs the probe on the main thread of the entry process; returns the name the flusher reaches it by. */
export function installAliveProbe(): string {
  const probe: AliveProbe = {
    proto: () =>
      own(() => {
        const t = timers.setTimeout(noop, FAR_MS);
        timers.clearTimeout(t);
        return Object.getPrototypeOf(t) as object;
      }),
    list: (heap) => {
      try {
        return list(heap);
      } catch {
        return [];
      }
    },
  };
  const name = `$avAlive${Math.random().toString(36).slice(2)}$`;
  defineGlobalLexical(name, probe);
  return name;
}

/** Objects the flusher's queries hold on the main thread; released once answered. */
const GROUP = 'async-viz-alive';

/**
 * On the flusher: asks the probe named `name` through `session` (connected to the main thread);
 * `done` gets the items, or undefined when the main thread could not answer.
 */
export function answerAlive(session: Session, name: string, done: (items: Item[] | undefined) => void): void {
  const fail = () => done(undefined);
  const post = (method: string, params: object, next: (r: any) => void) => {
    try {
      session.post(method, params, (err, r) => (err ? fail() : next(r)));
    } catch {
      fail();
    }
  };
  const listWith = (objectId: string | undefined) => {
    const call = { functionDeclaration: `function () { return ${name}.list(Array.isArray(this) ? this : []); }`, returnByValue: true };
    const got = (r: any) => {
      post('Runtime.releaseObjectGroup', { objectGroup: GROUP }, () => undefined);
      done(Array.isArray(r?.result?.value) ? r.result.value : undefined);
    };
    if (objectId) post('Runtime.callFunctionOn', { ...call, objectId }, got);
    else post('Runtime.evaluate', { expression: `${name}.list([])`, returnByValue: true }, got);
  };
  post('Runtime.evaluate', { expression: `${name}.proto()`, objectGroup: GROUP, silent: true }, (r) => {
    const proto = r?.result?.objectId;
    if (!proto) return listWith(undefined);
    post('Runtime.queryObjects', { prototypeObjectId: proto, objectGroup: GROUP }, (q) => listWith(q?.objects?.objectId));
  });
}
