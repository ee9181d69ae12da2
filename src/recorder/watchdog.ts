/**
 * The watchdog: nothing the user's program started may outlive the runner that records it. The
 * runner normally kills the run's process group itself (time-out, Ctrl+C, Stop, the end of the
 * run); this covers the runner dying without cleaning up (kill -9 of the CLI, a crash, a VS Code
 * window reload). It runs on the flusher thread, so it works while the user's main thread is stuck
 * in `while (true)`. Every few hundred ms it checks that the runner is alive and, for the entry
 * process, that its parent is still the runner (a dead parent's children are re-parented at once,
 * even while the dead parent is an unreaped zombie). When the runner is gone it SIGKILLs this
 * process's descendants (detached ones included), its process group when it leads one, and itself;
 * the entry process first removes the run's temporary folder, which the runner can no longer do.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';

/** How often the runner is checked: well inside the 1 s in which an orphaned run must be gone. */
export const WATCHDOG_INTERVAL_MS = 200;

/** State letter and parent pid from /proc/<pid>/stat (Linux), or undefined. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]) };
  } catch {
    return undefined;
  }
}

/** True while `pid` exists and is not a zombie (a killed runner whose parent has not reaped it yet). */
function runnerAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const st = procStat(pid)?.state;
  return st !== 'Z' && st !== 'X';
}

/** Pids of every live descendant of `root`, from /proc's parent links (empty without /proc). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (!st) continue;
    const list = children.get(st.ppid);
    if (list) list.push(Number(name));
    else children.set(st.ppid, [Number(name)]);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length) {
    for (const c of children.get(todo.pop()!) ?? []) {
      out.push(c);
      todo.push(c);
    }
  }
  return out;
}

const kill = (pid: number) => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
};

/** Ends this process and everything it started, the way the runner's kill would have. */
function killEverything(runDir: string | undefined): void {
  if (runDir) {
    try {
      rmSync(runDir, { recursive: true, force: true });
    } catch {
      // best effort: the folder is in the system's temp directory
    }
  }
  // Descendants first: once this process dies, its children are re-parented and lost to /proc.
  for (const pid of descendants(process.pid)) kill(pid);
  // A group with this pid as its id exists only when this process leads it (the entry process).
  kill(-process.pid);
  kill(process.pid);
}

/**
 * Starts watching. `runnerPid` is the runner's pid (ASYNC_VIZ_RUNNER_PID); 0 or NaN: no runner
 * to watch (the recorder was loaded by hand). `runDir` is the run's temporary folder, removed by
 * the entry process (the one the runner started) when it finds the runner gone. `parentWasRunner`:
 * the runner started this process, as the main thread saw it at start-up (the flusher thread,
 * which runs this, starts later, and on a loaded machine it started after a killed runner had
 * left: its ppid was already init's, and the folder was left behind). The timer is unref'd: it
 * never keeps a thread alive.
 */
export function startWatchdog(runnerPid: number, runDir: string, parentWasRunner: boolean): void {
  if (!Number.isInteger(runnerPid) || runnerPid <= 0) return;
  const timer = setInterval(() => {
    try {
      const orphaned = (parentWasRunner && process.ppid !== runnerPid) || !runnerAlive(runnerPid);
      if (orphaned) killEverything(parentWasRunner && runDir ? runDir : undefined);
    } catch {
      // never let the watchdog itself fail the program
    }
  }, WATCHDOG_INTERVAL_MS);
  timer.unref?.();
}
