/**
 * "Why is it still running?" in one sentence, English or Korean, from `meta.alive`: "still
 * running because of: the setInterval at line 3 (every 50 ms, ran 198 times), the server
 * listening at line 9 (127.0.0.1:3000)". The exit sentence (meta.exit.error), the CLI summary and
 * the view all take it from here.
 */
import type { StillAlive, Trace } from '../trace';
import { phrase, type Lang, type PhraseKey } from './phrases';

/** At most this many things are named; the rest are counted. */
const NAMED = 5;

/** `, ran 198 times` (the runs of a timer), empty when unknown. */
function runsText(a: StillAlive, lang: Lang): string {
  if (a.runs === undefined) return '';
  const n = a.runs;
  return `, ${n === 0 ? phrase(lang, 'aliveRunsNone') : n === 1 ? phrase(lang, 'aliveRunsOne') : phrase(lang, 'aliveRuns', n)}`;
}

/** One thing that kept the program alive, in words. */
export function aliveItemText(a: StillAlive, lang: Lang): string {
  const at = a.line !== undefined ? phrase(lang, 'aliveAtLine', a.line) : '';
  const key = `alive_${a.kind}` as PhraseKey;
  const paren = a.detail ? ` (${a.detail})` : '';
  switch (a.kind) {
    case 'interval':
    case 'timer':
      return phrase(lang, key, at, a.detail ?? '?', runsText(a, lang));
    case 'worker':
      return phrase(lang, key, at, a.detail ? ` (#${a.detail})` : '');
    default:
      return phrase(lang, key, at, paren);
  }
}

/** `still running because of: …`, or undefined when nothing was listed. */
export function aliveText(alive: StillAlive[] | undefined, lang: Lang): string | undefined {
  if (!alive?.length) return undefined;
  const named = alive.slice(0, NAMED).map((a) => aliveItemText(a, lang));
  if (alive.length > NAMED) named.push(phrase(lang, 'aliveMore', alive.length - NAMED));
  return phrase(lang, 'aliveBecause', named.join(', '));
}

/**
 * The reason a stopped program was still running, for the summary and the view: the alive list,
 * unless the main thread was stuck in one callback until the end (then the stuck line, which the
 * exit sentence names, is the reason: nothing else could run anyway).
 */
export function whyStillRunning(trace: Pick<Trace, 'meta' | 'events'>, lang: Lang): string | undefined {
  if (trace.events.some((e) => e.kind === 'stall' && e.lane === 0)) return undefined;
  return aliveText(trace.meta.alive, lang);
}
