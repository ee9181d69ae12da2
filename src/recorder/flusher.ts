/**
 * The flusher: one unref'd worker thread in the recorded entry process (child processes have
 * none), running this bundle with `workerData.asyncVizFlusher`. Every few ms it copies all rings
 * to `<out>/<pid>.bin` (and frees the rings of workers that have exited), and it watches the main
 * thread's published busy state: a run longer than the block threshold gets its CPU share sampled
 * and its position read (inspector: Debugger.pause on the main thread, read the program's stack,
 * resume at once); one longer than the stall threshold gets a `stall` event with the whole
 * stack, written while the main thread is still stuck. Positions are mapped to the user's file
 * here (stacks.ts), like every other position the recorder sends. The inspector session is
 * connected the first time a long run is seen: a program without one never has a debugger
 * attached. It also answers the runner's alive request (alive.ts), just before a stop kills the run.
 */
import { closeSync, existsSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from 'node:inspector';
import { encodeWire } from '../core/wire-codec';
import { ALIVE_ANSWERED, ALIVE_REQUEST, ENV, type AliveWireEvent, type WireEvent } from '../core/wire';
import { answerAlive } from './alive';
import { drainAll, tryLock, unlock } from './drain';
import { C, F, SESSION, Views, WHERE_BYTES, type Shared } from './shared';
import { configureStacks, mapPosition } from './stacks';
import { builtin, now } from './util';
import { startWatchdog } from './watchdog';
import { lowerPriority } from './priority';

export interface FlusherData {
  asyncVizFlusher: true;
  shared: Shared;
  file: string;
  blockMs: number;
  stallMs: number;
  recorder: string;
  /** The run's position table and the names of its prepared files. */
  positions: string;
  prepared: string[];
  /** The runner's pid, watched by the watchdog (0: none). */
  runnerPid: number;
  /** The runner is this process's parent (the main thread's `process.ppid` at start-up). */
  runnerIsParent: boolean;
  /** The run's temporary folder (the parent of the streams folder). */
  runDir: string;
  /** Name of the main thread's probe of what keeps it alive (alive.ts). */
  aliveProbe: string;
}


/** The runner's alive request is looked for every this many ticks (~20 ms). */
const ALIVE_CHECK_TICKS = 10;

/** A blocked stretch's stack keeps at most this many frames (innermost first). */
const STACK_FRAMES = 24;

export function runFlusher(d: FlusherData): void {
  lowerPriority();
  startWatchdog(d.runnerPid, d.runDir, d.runnerIsParent);
  configureStacks(d.positions, d.prepared);
  const v = new Views(d.shared);
  const fd = openSync(d.file, 'a');
  const f = v.f64;
  let sampledSeq = -1;
  let stalledSeq = -1;
  let session: Session | undefined;
  let scripts: Map<string, string> | undefined;
  let pending: { seq: number; stall: boolean; at: number } | undefined;

  const tick = () => {
    f[F.clock] = now();
    if (Atomics.load(v.i32, C.stop) === 1) {
      clearInterval(timer);
      try {
        closeSync(fd);
      } catch {
        // ignore
      }
      return;
    }
    if (tryLock(v)) {
      try {
        if (Atomics.load(v.i32, C.stop) !== 1) drainAll(v, fd);
      } catch {
        // disk full, folder gone: nothing to do about it here
      } finally {
        unlock(v);
      }
    }
    if (Atomics.load(v.i32, C.ready) === SESSION.releaseAsked) release();
    else {
      watch();
      disableWhenDone();
      if (++ticks % ALIVE_CHECK_TICKS === 0) aliveAsked();
    }
  };

  /** The runner asked what keeps the main thread alive (it is about to kill the run): answer once. */
  let ticks = 0;
  let aliveDone = false;
  const aliveAsked = () => {
    if (aliveDone || !existsSync(join(d.runDir, ALIVE_REQUEST))) return;
    aliveDone = true;
    const answered = () => {
      try { writeFileSync(join(d.runDir, `${ALIVE_ANSWERED}.${process.pid}`), ''); } catch { /* the runner waits its while */ }
    };
    if (!connected() || !session) return answered();
    answerAlive(session, d.aliveProbe, (items) => {
      if (items) writeRecord({ k: 'alive', t: now(), tid: 0, items } satisfies AliveWireEvent);
      answered();
    });
  };

  /** The main thread is about to die of an uncaught exception: let go of it (see index.ts). */
  const release = () => {
    try {
      session?.disconnect();
    } catch {
      // gone already
    }
    session = undefined;
    pending = undefined;
    Atomics.store(v.i32, C.ready, SESSION.released);
  };

  const watch = () => {
    const seq = f[F.seq];
    if (seq % 2 !== 1) return;
    if (f[F.obsSeq] !== seq) {
      const u = process.cpuUsage();
      f[F.obsCpu] = (u.user + u.system) / 1000;
      f[F.obsTime] = now();
      f[F.obsSeq] = seq;
    }
    const ran = now() - f[F.start];
    // A pause asked for a run that has ended is dropped (Debugger.paused resumes whatever it hits).
    if (pending && pending.seq !== seq && phase === 'on') pending = undefined;
    if (pending) return;
    if (ran >= d.blockMs && sampledSeq !== seq) {
      sampledSeq = seq;
      pause(seq, false);
    } else if (ran >= d.stallMs && stalledSeq !== seq) {
      stalledSeq = seq;
      pause(seq, true);
    }
  };

  /**
   * The debugger is enabled only while a long callback is being looked at: enabled, V8 reports
   * every promise and await to it, which made 100k awaits 8x slower (measured). The preload has
   * already enabled and disabled it once on the main thread, so enabling here costs ~2-5 ms of
   * the main thread instead of ~30 (the scripts are known). Then Debugger.pause, read the frames,
   * resume and disable at once (onPaused); disableWhenDone covers a pause that never came.
   */
  let phase: 'off' | 'enabling' | 'on' = 'off';
  /** The busy-state seq of the run the debugger was enabled for. */
  let enabledSeq = -1;
  /** Connects the session the first time it is needed; false when there is none (failed, off, or the main thread is exiting). */
  const connected = (): boolean => {
    if (session) return Atomics.load(v.i32, C.ready) === SESSION.connected;
    if (noInspector || Atomics.compareExchange(v.i32, C.ready, SESSION.none, SESSION.connecting) !== SESSION.none) return false;
    try {
      session = new (builtin<typeof import('node:inspector')>('node:inspector').Session)();
      session.connectToMainThread();
      scripts = new Map();
      session.on('Debugger.scriptParsed', (m: any) => scripts!.set(m.params.scriptId, m.params.url));
      session.on('Debugger.paused', (m: any) => onPaused(m.params.callFrames));
      Atomics.store(v.i32, C.ready, SESSION.connected);
      return true;
    } catch {
      session = undefined;
      Atomics.store(v.i32, C.ready, SESSION.failed);
      return false;
    }
  };
  const pause = (seq: number, stall: boolean) => {
    if (!connected() || !session) return;
    const s = session;
    try {
      pending = { seq, stall, at: now() };
      if (phase === 'on') {
        s.post('Debugger.pause', () => undefined);
        return;
      }
      if (phase === 'enabling') return;
      phase = 'enabling';
      enabledSeq = seq;
      const t0 = now();
      s.post('Debugger.enable', () => {
        phase = 'on';
        if (process.env[ENV.debug] === '1') (process as any)._rawDebug(`[async-viz flusher] Debugger.enable took ${(now() - t0).toFixed(1)} ms, ${scripts!.size} scripts`);
      });
      // Right behind the enable, not in its answer: the main thread handles both at its next JS
      // statement, still inside a callback stuck in native code (Atomics.wait, execSync); waiting
      // for the answer would let that callback end first.
      s.post('Debugger.pause', () => undefined);
    } catch {
      pending = undefined;
    }
  };
  /** Debugger off again when the pause it was enabled for never came (the callback ended first). */
  const disableWhenDone = () => {
    if (phase !== 'on' || pending || f[F.seq] === enabledSeq) return;
    phase = 'off';
    try {
      session?.post('Debugger.disable', () => undefined);
    } catch {
      // gone
    }
  };

  const frameText = (c: any) => {
    const url = scripts?.get(c.location.scriptId) || c.url || '';
    const line = c.location.lineNumber + 1;
    const col = (c.location.columnNumber ?? 0) + 1;
    const to = mapPosition(url, line, col);
    return to ? `${to.name}:${to.line}:${to.col}` : `${url}:${line}:${col}`;
  };
  const isUser = (url: string) => url !== '' && !url.startsWith('node:') && !url.includes(d.recorder);
  /**
   * The program's stack at the pause, innermost first, one `fn (file:line:col)` line per frame
   * outside Node and the recorder (`(anonymous)` for a nameless function), as much as fits in
   * WHERE_BYTES: the blocked stretch's line (its first line) and who called it.
   */
  const userStack = (frames: any[], texts: string[], urls: string[]): string => {
    let out = '';
    for (let i = 0; i < frames.length && i < STACK_FRAMES; i++) {
      if (!isUser(urls[i])) continue;
      const next = `${out ? '\n' : ''}${frames[i].functionName || '(anonymous)'} (${texts[i]})`;
      if (new TextEncoder().encode(out + next).length > WHERE_BYTES) break;
      out += next;
    }
    return out;
  };

  let pendingAt = 0;
  const onPaused = (frames: any[]) => {
    try {
      const p = pending;
      pendingAt = p?.at ?? 0;
      pending = undefined;
      if (!p || f[F.seq] !== p.seq) return;
      const texts = frames.map(frameText);
      const urls = frames.map((c) => scripts?.get(c.location.scriptId) || c.url || '');
      const where = userStack(frames, texts, urls) || (texts[0] ?? '');
      const bytes = new TextEncoder().encode(where).subarray(0, WHERE_BYTES);
      v.where.set(bytes);
      f[F.whereLen] = bytes.length;
      f[F.whereSeq] = p.seq;
      if (p.stall) writeStall(p.seq, [...texts.filter((_, i) => isUser(urls[i])), ...texts.filter((_, i) => !isUser(urls[i]))].join('\n'));
      else writeWhere(p.seq, where);
    } catch {
      // swallow
    } finally {
      const t0 = now();
      // Off again at once (a stall, later, enables it anew): while it is on, awaits are slow.
      session?.post('Debugger.resume', () => undefined);
      if (phase === 'on') {
        phase = 'off';
        session?.post('Debugger.disable', () => {
          if (process.env[ENV.debug] === '1') (process as any)._rawDebug(`[async-viz flusher] paused ${pendingAt ? (t0 - pendingAt).toFixed(1) : '?'} ms after the request, resumed and disabled ${(now() - t0).toFixed(1)} ms later`);
        });
      }
    }
  };

  /**
   * Where a long run is, as soon as it is known: a provisional `cpu` record (no CPU figure) for
   * the run still going. The main thread sends the real one when the run ends; this one is what
   * remains when it never ends (an out-of-memory abort, a kill), so the blocked stretch keeps its
   * line.
   */
  const writeWhere = (seq: number, where: string) => {
    if (where) writeRecord({ k: 'cpu', t: now(), tid: 0, id: f[F.id], cpuMs: -1, where }, seq);
  };

  /** A record of the flusher's own, after everything the rings hold (so it lands on disk in order); `seq`: only while that run goes on. */
  const writeRecord = (e: WireEvent, seq?: number) => {
    if (!tryLock(v)) return;
    try {
      if (Atomics.load(v.i32, C.stop) === 1 || (seq !== undefined && f[F.seq] !== seq)) return;
      drainAll(v, fd);
      writeSync(fd, encodeWire([e]));
    } finally {
      unlock(v);
    }
  };
  const writeStall = (seq: number, stack: string) => writeRecord({ k: 'stall', t: now(), tid: 0, since: f[F.start], stack }, seq);

  const noInspector = process.env[ENV.noInspector] === '1';
  const timer = setInterval(tick, 2);
  // A stall needs no pause to be reported: if the main thread cannot be paused (native code),
  // report it without a stack once it is long past the threshold.
  setInterval(() => {
    const seq = f[F.seq];
    if (seq % 2 === 1 && stalledSeq !== seq && now() - f[F.start] >= d.stallMs + 200) {
      stalledSeq = seq;
      pending = undefined;
      writeStall(seq, '');
    }
  }, 50);
}
