/**
 * Killing a run: the user's process is spawned `detached`, so it leads its own process group and
 * one signal to `-pgid` reaches its workers' process and every grandchild that did not detach.
 * Children that detached themselves (new process group) are killed by pid, from the recorder's
 * `spawn` events.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Sends SIGKILL to a whole process group; ignores groups that are already gone. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** Sends SIGKILL to each pid that is still alive. */
export function killPids(pids: Iterable<number>): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/**
 * True when a process with this pid exists and is not a zombie. A killed child whose parent died
 * too is re-parented to PID 1, and where PID 1 does not reap (some containers and VMs) it stays a
 * zombie forever: dead, but still answering kill(pid, 0).
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = procStat(pid)?.state;
  return state !== 'Z' && state !== 'X';
}

/** True when some live (non-zombie) process belongs to process group `pgid`. */
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true; // no /proc: trust kill()
  }
  return entries.some((d) => {
    if (!/^\d+$/.test(d)) return false;
    const st = procStat(Number(d));
    return st !== undefined && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X';
  });
}

/** State letter and process group from /proc/<pid>/stat (Linux), or undefined. */
function procStat(pid: number): { state: string; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], pgrp: Number(rest[2]) };
  } catch {
    return undefined;
  }
}
