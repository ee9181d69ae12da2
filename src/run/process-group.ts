/**
 * Killing a run: the user's process is spawned `detached`, so it leads its own process group and
 * one signal to `-pgid` reaches its workers' process and every grandchild that did not detach.
 * Children that detached themselves (new process group) are killed by pid, from the recorder's
 * `spawn` events.
 */

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

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
