/**
 * A recording's work folder in the system's temp folder (the prepared files, the recorder's
 * streams): removed when the recording ends. A runner that could not remove it (killed with
 * SIGKILL, out of memory) leaves it behind, and a busy server's streams are gigabytes; so each
 * folder names its owner (OWNER_FILE: the runner's pid), and the next recording removes the
 * folders whose owner is gone. A folder without that file, or whose owner is alive, is kept.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Names of recordings' work folders start with this. */
export const WORK_PREFIX = 'async-viz-';
/** The file in a work folder that names the pid of the runner that made it. */
export const OWNER_FILE = 'owner.pid';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

let swept = false;

/** Removes the work folders in `dir` left by runners that are gone (once a process, unless `again`). */
export function sweepStale(dir = os.tmpdir(), again = false): string[] {
  if (swept && !again) return [];
  swept = true;
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(WORK_PREFIX));
  } catch {
    return removed;
  }
  for (const n of names) {
    const folder = path.join(dir, n);
    let pid = 0;
    try {
      pid = Number(readFileSync(path.join(folder, OWNER_FILE), 'utf8'));
    } catch {
      continue; // not one of ours, or made by an older version
    }
    if (!(pid > 0) || pid === process.pid || alive(pid)) continue;
    try {
      rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // someone else's to clean
    }
  }
  return removed;
}

/** A new work folder (`kind`: `run` for a command, '' for a single file), its owner named; stale ones swept first. */
export function makeWorkDir(kind: string, dir = os.tmpdir()): string {
  sweepStale(dir);
  const work = mkdtempSync(path.join(dir, `${WORK_PREFIX}${kind ? `${kind}-` : ''}`));
  writeFileSync(path.join(work, OWNER_FILE), String(process.pid));
  return work;
}
