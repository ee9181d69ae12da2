/**
 * Common async mistakes, found in a recorded run (lesson 11), as data: which mistake, where (the
 * line to look at) and its facts. The view lists them above the timeline and the CLI under its
 * summary, in words from the phrasebook (core/text: `pitfall_<kind>`).
 */
import type { Trace } from './trace';
import { columnar, labelAt, type ColumnarTrace } from './columns/table';
import { KIND } from './span-kinds';
import { awaitsByCall, callById } from './calls';

interface At {
  /** Lane where it shows. */
  lane: number;
  /** When it shows, ms since run start. */
  t: number;
  /** 1-based line in the user's file to look at, when known. */
  line?: number;
}

export type Pitfall = At & (
  /** `fn` was still running after the async function that called it (`caller`) had returned: its promise was not awaited. */
  | { kind: 'forgottenAwait'; fn: string; caller: string }
  /** A promise rejected and nothing handled it. */
  | { kind: 'unhandledRejection'; message: string }
  /** `fn` waited at `await text` and never resumed although the program ended on its own. */
  | { kind: 'neverSettled'; fn?: string; text: string }
  /** The async function `fn` ran a blocked stretch of `ms`. */
  | { kind: 'blockingInAsync'; fn: string; ms: number }
);

export type PitfallKind = Pitfall['kind'];

export function findPitfalls(trace: Trace | ColumnarTrace): Pitfall[] {
  const data = columnar(trace);
  const T = data.spans;
  const out: Pitfall[] = [];
  const calls = data.asyncCalls;

  // A call still running after the async function that called it had returned: its promise was
  // not awaited (fire-and-forget is sometimes meant, often a forgotten await).
  for (const c of calls) {
    if (c.parent === undefined) continue;
    const p = callById(data, c.parent);
    if (!p || p.end === undefined || p.name === '<top-level>') continue;
    if (c.end === undefined || c.end > p.end + 0.5) out.push({ kind: 'forgottenAwait', lane: c.lane, t: p.end, line: c.line, fn: c.name, caller: p.name });
  }

  for (const e of data.events) {
    if (e.kind === 'unhandledRejection') out.push({ kind: 'unhandledRejection', lane: e.lane, t: e.t, line: e.line, message: e.message });
  }

  // An await that never resumed although the program ended on its own: the promise never settled.
  const x = data.meta.exit;
  if (!x.timedOut && !x.cancelled && !data.meta.truncated && x.signal === null) {
    for (let i = 0; i < T.n; i++) {
      if (T.kind[i] !== KIND.await || !T.open[i]) continue;
      const fn = T.call[i] >= 0 ? callById(data, T.call[i])?.name : undefined;
      out.push({ kind: 'neverSettled', lane: T.lane[i], t: T.start[i], line: T.line[i] >= 0 ? T.line[i] : undefined, fn, text: labelAt(T, i) });
    }
  }

  // A blocking stretch while an async function was running on the same lane: synchronous work
  // (a *Sync call, a CPU loop) inside async code holds the event loop.
  const waits = awaitsByCall(data);
  for (const b of data.blocked) {
    // The innermost async call that was running (not suspended at an await) through the stretch.
    const running = calls.filter(
      (c) => c.lane === b.lane && c.name !== '<top-level>' && c.start <= b.start + 0.5 && (c.end ?? Infinity) >= b.end - 0.5 &&
        !(waits.get(c.id) ?? []).some((w) => T.start[w] < b.end - 0.5 && T.end[w] > b.start + 0.5),
    );
    const inside = running.sort((p, q) => q.start - p.start)[0];
    if (inside) out.push({ kind: 'blockingInAsync', lane: b.lane, t: b.start, line: b.line, fn: inside.name, ms: Math.round(b.durationMs) });
  }
  return out.sort((a, b) => a.t - b.t);
}
