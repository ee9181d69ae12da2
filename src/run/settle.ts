/**
 * Before a stopped run is killed, the recorder gets a moment to deliver what it has: each process's
 * flusher copies its rings to disk every few ms, and a SIGKILL loses whatever the rings still hold
 * (a server's last request, the output written just before Ctrl+C). So the runner waits until the
 * stream files stop growing for a few polls in a row, or a short cap passes (a busy program never
 * goes quiet; by then everything recorded before the stop has been drained), then kills.
 * First, it asks the entry process what still keeps it alive (`aliveReported`).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALIVE_ANSWERED, ALIVE_REQUEST } from '../core/wire';
import type { StreamReader } from './stream-reader';

export const SETTLE = {
  /** Polls in a row that must bring nothing new. */
  quietPolls: 3,
  /** Time between polls, ms. */
  everyMs: 5,
  /** The longest wait, ms: the flusher drains every 2 ms, so this is many rounds of it. */
  maxMs: 150,
} as const;

/** Resolves once the streams have settled (or `done()` says the program ended by itself). */
export function streamsSettled(reader: StreamReader, done: () => boolean): Promise<void> {
  const t0 = Date.now();
  let quiet = 0;
  return new Promise((resolve) => {
    const check = () => {
      quiet = reader.poll() === 0 ? quiet + 1 : 0;
      if (done() || quiet >= SETTLE.quietPolls || Date.now() - t0 >= SETTLE.maxMs) return resolve();
      setTimeout(check, SETTLE.everyMs);
    };
    check();
  });
}

/** The longest wait for the entry process's answer to the alive request, ms (a heap walk on a large heap takes a while). */
export const ALIVE_WAIT_MS = 600;

/**
 * Asks the entry process (`pid`) what still keeps it alive (a request file its flusher looks for,
 * see recorder/alive.ts) and resolves once it says it answered (ALIVE_ANSWERED: the streams need
 * not be read), the program ended, or ALIVE_WAIT_MS passed (a main thread stuck in native code).
 */
export function aliveReported(runDir: string, pid: number | undefined, reader: StreamReader, done: () => boolean): Promise<void> {
  try {
    writeFileSync(path.join(runDir, ALIVE_REQUEST), '');
  } catch {
    return Promise.resolve();
  }
  const answered = path.join(runDir, `${ALIVE_ANSWERED}.${pid}`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const check = () => {
      reader.poll();
      if (reader.sawAlive || existsSync(answered) || done() || Date.now() - t0 >= ALIVE_WAIT_MS) return resolve();
      setTimeout(check, SETTLE.everyMs);
    };
    check();
  });
}
