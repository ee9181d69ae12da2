/**
 * The jobs of a job-queue program (lesson 8): each job's states queued → running → done, as bars
 * per job. They come from what the program reports as its jobs change state, in its recorded
 * output, on whichever lane reports it (the producer says `job 2: queued`, the worker
 * `worker: job 2 running`): a queue's states are the program's own facts, not the event loop's.
 */
import type { ConsoleEvent, TraceEvent } from './trace';

export const JOB_STATES = ['queued', 'running', 'done'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** One job: when it entered each state (ms since run start), as far as reported. */
export interface JobBar {
  /** The job's name as reported (`1`, `thumbnail`). */
  job: string;
  queued?: number;
  running?: number;
  done?: number;
}

/** `job 2: running`, `worker: job 2 running`, `job 1: queued (welcome e-mail)`. */
const STATE_LINE = /\bjob ([\w-]+):? (queued|running|done)\b/;

/** The jobs in the order they were first reported; empty when the program reports none. */
export function jobBars(events: TraceEvent[]): JobBar[] {
  const byName = new Map<string, JobBar>();
  for (const e of events) {
    if (e.kind !== 'console') continue;
    for (const line of (e as ConsoleEvent).text.split('\n')) {
      const m = STATE_LINE.exec(line);
      if (!m) continue;
      let bar = byName.get(m[1]);
      if (!bar) byName.set(m[1], (bar = { job: m[1] }));
      const state = m[2] as JobState;
      if (bar[state] === undefined) bar[state] = e.t;
    }
  }
  return [...byName.values()];
}

/** The stretches of one job's bar: each state from when it began until the next one began (or `end`); `done` is a moment. */
export function jobSegments(bar: JobBar, end: number): { state: JobState; from: number; to: number }[] {
  const out: { state: JobState; from: number; to: number }[] = [];
  for (let i = 0; i < JOB_STATES.length; i++) {
    const state = JOB_STATES[i];
    const from = bar[state];
    if (from === undefined) continue;
    const next = JOB_STATES.slice(i + 1).map((s) => bar[s]).find((t) => t !== undefined);
    out.push({ state, from, to: state === 'done' ? from : (next ?? end) });
  }
  return out;
}
