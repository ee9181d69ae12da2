/**
 * A blocked stretch in words (English or Korean): what it delayed and what caused it
 * (core/delayed.ts), "3 requests and 2 timers waited 180–240 ms because of `slowHash` at
 * hash.ts:12, called from `handler` at server.ts:8", and its stack one frame a line. Files are
 * named relative to the folder of the run's file.
 */
import type { BlockedStretch, DelayedSummary, StackFrame, Trace } from '../trace';
import { formatDuration as fd } from '../duration';
import { blockCause, type DelayedKind } from '../delayed';
import { phrase, type Lang, type PhraseKey } from './phrases';

const KINDS: DelayedKind[] = ['requests', 'timers', 'immediates', 'network', 'io'];

/** `file` relative to the folder of the run's file `runFile` when inside it, else as it is. */
export function shortFile(file: string, runFile: string): string {
  const cut = Math.max(runFile.lastIndexOf('/'), runFile.lastIndexOf('\\'));
  const dir = cut >= 0 ? runFile.slice(0, cut + 1) : '';
  return dir && file.startsWith(dir) ? file.slice(dir.length) : file;
}

const where = (f: StackFrame, runFile: string) => `${shortFile(f.file, runFile)}:${f.line}`;

/** "3 requests and 2 timers". */
function countsText(d: DelayedSummary, lang: Lang): string {
  const parts = KINDS.filter((k) => d[k] > 0).map((k) => phrase(lang, `delayed_${k}_${d[k] === 1 ? '1' : 'n'}` as PhraseKey, d[k]));
  return parts.length < 2 ? (parts[0] ?? '') : parts.slice(0, -1).join(', ') + phrase(lang, 'blockAnd') + parts[parts.length - 1];
}

/** "180–240 ms" (one unit when both share it), or one duration when they round the same. */
export function rangeText(min: number, max: number): string {
  const a = fd(min), b = fd(max);
  if (a === b) return b;
  const unit = / (\S+)$/.exec(a)?.[1];
  return unit && b.endsWith(` ${unit}`) ? `${a.slice(0, -unit.length - 1)}–${b}` : `${a}–${b}`;
}

/** "`slowHash` at hash.ts:12, called from `handler` at server.ts:8", or "this blocked stretch (line 4)" without a stack. */
export function causeText(b: BlockedStretch, runFile: string, lang: Lang): string {
  const c = blockCause(b);
  if (!c) return phrase(lang, 'blockThis', b.line !== undefined ? phrase(lang, 'whatLine', b.line) : '');
  const at = phrase(lang, 'blockCause', c.at.fn, where(c.at, runFile));
  return c.caller ? phrase(lang, 'blockCalledFrom', at, c.caller.fn, where(c.caller, runFile)) : at;
}

/** What the stretch delayed and why, one sentence; `blockNoDelay` when it delayed nothing. */
export function delayedText(trace: Pick<Trace, 'meta'>, b: BlockedStretch, lang: Lang): string {
  const d = b.delayed;
  if (!d || !d.count) return phrase(lang, 'blockNoDelay');
  return phrase(lang, 'blockDelayed', countsText(d, lang), rangeText(d.minMs, d.maxMs), causeText(b, trace.meta.file, lang));
}

/** The stack, one `fn  file:line` per frame, innermost first (empty without one). */
export function stackLines(trace: Pick<Trace, 'meta'>, b: BlockedStretch): string[] {
  return (b.stack ?? []).map((f) => `${f.fn}  ${where(f, trace.meta.file)}`);
}
