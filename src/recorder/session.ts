/**
 * The main thread's side of the flusher's inspector session: the debugger warmed up once before
 * the program runs, and the session released before the process exits.
 */
import { ENV } from '../core/wire';
import { own } from './hide';
import { C, SESSION, type Views } from './shared';
import { builtin, debugLog, proc } from './util';

/**
 * Enables and disables the V8 debugger once, here, before the user's code runs. The flusher
 * enables it again only while it looks at a long callback, and that enable runs on this thread,
 * inside the callback: the first enable of a process costs ~20-30 ms (it made a blocked
 * `execSync` callback 35 ms longer), a later one ~2-5 ms. Left enabled, the debugger would make
 * every await several times slower.
 */
export function enableDebuggerHere(debugOn: boolean): void {
  if (proc.env[ENV.noInspector] === '1') return;
  own(() => {
    try {
      const { Session } = builtin<typeof import('node:inspector')>('node:inspector');
      const s = new Session();
      s.connect();
      s.post('Debugger.enable', () => undefined);
      s.post('Debugger.disable', () => undefined);
      s.disconnect();
    } catch (e) {
      debugLog(debugOn, 'debugger warm-up', e);
    }
  });
}

/**
 * Before this process exits (an uncaught exception, process.exit(), the end): the flusher's
 * inspector session, if it has one, is a debugger connection to this thread, and Node would
 * print "Waiting for the debugger to disconnect..." after its own output. The flusher disconnects
 * on request; we spin (servicing the inspector's interrupt) until it has, at most 200 ms. A
 * flusher that never connected is told not to connect any more.
 */
export function releaseFlusherSession(views: Views): void {
  const deadline = Date.now() + 200;
  for (;;) {
    const state = Atomics.load(views.i32, C.ready);
    if (state === SESSION.none) {
      if (Atomics.compareExchange(views.i32, C.ready, SESSION.none, SESSION.closed) === SESSION.none) return;
    } else if (state === SESSION.connecting) {
      if (Date.now() > deadline) return;
    } else if (state === SESSION.connected) {
      if (Atomics.compareExchange(views.i32, C.ready, SESSION.connected, SESSION.releaseAsked) !== SESSION.connected) continue;
      while (Atomics.load(views.i32, C.ready) !== SESSION.released && Date.now() < deadline) {
        // spin
      }
      return;
    } else return;
  }
}
