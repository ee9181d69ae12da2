/**
 * The phrasebook of the analyses (en.ts, ko.ts): a language from a locale, and a phrase in it
 * with its `{n}` placeholders filled. The view merges these tables into its own; the CLI reads
 * them directly.
 */
import { EN, type PhraseKey } from './en';
import { KO } from './ko';

export type Lang = 'en' | 'ko';
export type { PhraseKey };

export const PHRASES: Record<Lang, Record<PhraseKey, string>> = { en: EN, ko: KO };

/** `ko`, `ko-KR` → Korean; anything else → English. */
export function langOf(locale: string | undefined): Lang {
  return (locale ?? 'en').toLowerCase().split(/[-_]/)[0] === 'ko' ? 'ko' : 'en';
}

/** Fills `{0}`, `{1}`, … in a template. */
export function fill(template: string, args: (string | number)[]): string {
  return template.replace(/\{(\d)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}

/** The phrase `key` in `lang` (English when missing), placeholders filled. */
export function phrase(lang: Lang, key: PhraseKey, ...args: (string | number)[]): string {
  return fill(PHRASES[lang][key] ?? EN[key], args);
}
