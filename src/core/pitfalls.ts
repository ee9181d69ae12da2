/**
 * Common async mistakes, found in a recorded trace (lesson 11). Each finding names the line to
 * look at and says why, in a sentence the webview and the extension show as is (English) or
 * through its `key` and `params` (localised).
 */
import type { Trace } from './trace';

export type PitfallKind = 'forgottenAwait' | 'unhandledRejection' | 'neverSettled' | 'blockingInAsync';

export interface Pitfall {
  /** Which mistake. */
  kind: PitfallKind;
  /** Lane where it shows. */
  lane: number;
  /** When it shows, ms since run start. */
  t: number;
  /** 1-based line in the user's file to look at, when known. */
  line?: number;
  /** The async function involved, when there is one. */
  fn?: string;
  /** English explanation. */
  message: string;
  /** Localisation key (`pitfall.<kind>`) and its parameters. */
  key: string;
  params: Record<string, string | number>;
}

const ms = (v: number) => `${Math.round(v)} ms`;

export function findPitfalls(trace: Trace): Pitfall[] {
  const out: Pitfall[] = [];
  const calls = trace.asyncCalls;

  // A call still running after the async function that called it had returned: its promise was
  // not awaited (fire-and-forget is sometimes meant, often a forgotten await).
  for (const c of calls) {
    if (c.parent === undefined) continue;
    const p = calls[c.parent];
    if (!p || p.end === undefined || p.name === '<top-level>') continue;
    if (c.end === undefined || c.end > p.end + 0.5) {
      const params = { fn: c.name, caller: p.name };
      out.push({
        kind: 'forgottenAwait', lane: c.lane, t: p.end, line: c.line, fn: c.name, key: 'pitfall.forgottenAwait', params,
        message: `${c.name}() was still running when ${p.name}() returned: is an await missing before the call?`,
      });
    }
  }

  for (const e of trace.events) {
    if (e.kind !== 'unhandledRejection') continue;
    out.push({
      kind: 'unhandledRejection', lane: e.lane, t: e.t, line: e.line, key: 'pitfall.unhandledRejection', params: { message: e.message },
      message: `A promise rejected and nothing handled it ("${e.message}"): await it inside try/catch, or add .catch().`,
    });
  }

  // An await that never resumed although the program ended on its own: the promise never settled.
  const endedNormally = !trace.meta.exit.timedOut && !trace.meta.exit.cancelled && !trace.meta.truncated && trace.meta.exit.signal === null;
  if (endedNormally) {
    for (const s of trace.spans) {
      if (s.kind !== 'await' || !s.open) continue;
      const fn = s.call !== undefined ? calls[s.call]?.name : undefined;
      out.push({
        kind: 'neverSettled', lane: s.lane, t: s.start, line: s.line, fn, key: 'pitfall.neverSettled', params: { fn: fn ?? '?', text: s.label },
        message: `${fn ?? 'An async function'} waited at \`await ${s.label}\` and never resumed: that promise never settled, and the program ended with the work unfinished.`,
      });
    }
  }

  const waitsByCall = new Map<number, { start: number; end: number }[]>();
  for (const s of trace.spans) if (s.kind === 'await' && s.call !== undefined) (waitsByCall.get(s.call) ?? waitsByCall.set(s.call, []).get(s.call)!).push(s);
  // A blocking stretch while an async function was running on the same lane: synchronous work
  // (a *Sync call, a CPU loop) inside async code holds the event loop.
  for (const b of trace.blocked) {
    // The innermost async call that was running (not suspended at an await) through the stretch.
    const running = calls.filter(
      (c) => c.lane === b.lane && c.name !== '<top-level>' && c.start <= b.start + 0.5 && (c.end ?? Infinity) >= b.end - 0.5 &&
        !(waitsByCall.get(c.id) ?? []).some((w) => w.start < b.end - 0.5 && w.end > b.start + 0.5),
    );
    const inside = running.sort((x, y) => y.start - x.start)[0];
    if (!inside) continue;
    out.push({
      kind: 'blockingInAsync', lane: b.lane, t: b.start, line: b.line, fn: inside.name, key: 'pitfall.blockingInAsync', params: { fn: inside.name, ms: Math.round(b.durationMs) },
      message: `${inside.name}() is async, but it blocked the event loop for ${ms(b.durationMs)}: synchronous work inside async code stops everything else. Use the async API or a worker thread.`,
    });
  }
  return out.sort((a, b) => a.t - b.t);
}
