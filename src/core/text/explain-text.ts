/**
 * Explanations (core/explain.ts) and steps in words, English or Korean: the one place where a
 * fact becomes a sentence, for the view and the CLI alike.
 */
import type { SpanKind } from '../trace';
import { spanAt, type ColumnarTrace } from '../columns/table';
import { formatDuration as fd } from '../duration';
import { callById } from '../calls';
import type { Explanation, Fact } from '../explain';
import type { StepRule } from '../steps';
import type { Pitfall } from '../pitfalls';
import { phrase, type Lang, type PhraseKey } from './phrases';

/** A lane's label, or `lane N`. */
export function laneName(data: Pick<ColumnarTrace, 'lanes'>, lane: number): string {
  return data.lanes.find((l) => l.id === lane)?.label ?? `lane ${lane}`;
}

/** The main thread in words, any other lane by its label. */
function who(data: ColumnarTrace, lane: number, lang: Lang): string {
  return lane === 0 ? phrase(lang, 'theMainThread') : laneName(data, lane);
}

const callName = (data: ColumnarTrace, call: number): string => (call >= 0 ? callById(data, call)?.name : undefined) ?? '?';
const kindName = (kind: SpanKind | 'blocked' | 'running', lang: Lang): string => phrase(lang, `kind_${kind}` as PhraseKey);

/** One fact as a sentence. */
export function factText(f: Fact, data: ColumnarTrace, lang: Lang): string {
  const line = (l?: number): string => (l !== undefined ? phrase(lang, 'whatLine', l) : '');
  switch (f.fact) {
    case 'script': return phrase(lang, 'what_script', laneName(data, f.lane), fd(f.dur));
    case 'resumed': return phrase(lang, 'what_resumed', callName(data, f.call), f.text || '…', f.line ?? '?', fd(f.at), fd(f.dur));
    case 'ran':
      return f.kind === 'io'
        ? phrase(lang, 'what_io', line(f.line), fd(f.at), fd(f.dur), f.label || 'I/O')
        : phrase(lang, `what_${f.kind}` as PhraseKey, line(f.line), fd(f.at), fd(f.dur));
    case 'scheduledBy': return f.at !== undefined ? phrase(lang, 'whatScheduledBy', f.by, kindName(f.kind, lang), fd(f.at)) : phrase(lang, 'whatCausedBy', f.by, kindName(f.kind, lang));
    case 'waitBlocked': return phrase(lang, 'whatWaitBlocked', fd(f.setAt), fd(f.start), fd(f.wait), who(data, f.lane, lang), fd(f.from), fd(f.to), line(f.line));
    case 'waitTimer': return phrase(lang, 'whatWaitTimer', fd(f.setAt), fd(f.wait));
    case 'waitDue': {
      if (f.start - f.due < 1) return phrase(lang, 'whatDueOnTime', fd(f.setAt), fd(f.delay), fd(f.due), fd(f.start));
      const why = f.from !== undefined ? phrase(lang, 'whatLateBusy', who(data, f.lane, lang), fd(f.from), line(f.line)) : phrase(lang, 'whatLateOther', who(data, f.lane, lang));
      return phrase(lang, 'whatDueLate', fd(f.due), fd(f.start), fd(f.start - f.due), why);
    }
    case 'waitOther': return phrase(lang, 'whatWaitOther', fd(f.setAt), fd(f.wait));
    case 'blocking': return phrase(lang, 'whatBlocking', who(data, f.lane, lang), fd(f.dur), line(f.line));
    case 'otherLane': return phrase(lang, 'whatOtherLane', laneName(data, f.lane));
    case 'paused': return phrase(lang, 'what_await', callName(data, f.call), f.text || '…', f.line ?? '?', fd(f.dur));
  }
}

/** A pitfall in words. */
export function pitfallText(p: Pitfall, lang: Lang): string {
  switch (p.kind) {
    case 'forgottenAwait': return phrase(lang, 'pitfall_forgottenAwait', p.fn, p.caller);
    case 'unhandledRejection': return phrase(lang, 'pitfall_unhandledRejection', p.message);
    case 'neverSettled': return phrase(lang, 'pitfall_neverSettled', p.fn ?? '?', p.text);
    case 'blockingInAsync': return phrase(lang, 'pitfall_blockingInAsync', p.fn, fd(p.ms));
  }
}

/** A rule in words. */
export function ruleText(rule: StepRule, lang: Lang): string {
  return phrase(lang, `rule_${rule}` as PhraseKey);
}

/** An explanation in words: what happened (one sentence per fact) and why. */
export function explanationText(ex: Explanation, data: ColumnarTrace, lang: Lang): { what: string[]; why: string } {
  return { what: ex.facts.map((f) => factText(f, data, lang)), why: ruleText(ex.rule, lang) };
}

/** A span in a few words: `nextTick #2 TickObject (L5)`. */
export function spanTitle(data: ColumnarTrace, i: number, lang: Lang): string {
  const s = spanAt(data.spans, i);
  if (!s) return `#${i}`;
  return `${kindName(s.kind, lang)} #${s.id}${s.label ? ` ${s.label}` : ''}${s.line !== undefined ? ` (L${s.line})` : ''}`;
}

/** An async call in a few words: `main :6`. */
export function callTitle(data: ColumnarTrace, call: number): string {
  const c = callById(data, call);
  return c ? c.name + (c.line !== undefined ? ` :${c.line}` : '') : '?';
}
