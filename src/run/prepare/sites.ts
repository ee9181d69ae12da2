/**
 * Where a piece of esbuild's output came from in the user's file: 1-based positions through the
 * source map, and the user's own text of an awaited expression (not esbuild's reprint of it).
 */
import * as acorn from 'acorn';
import { lineOf, lineStarts } from './edits';
import { skipTrivia } from '../../core/js-text';
import type { PositionSource } from './sourcemap';

const MAX_TEXT = 60;
const TOKENIZER_OPTIONS: acorn.Options = { ecmaVersion: 'latest', allowAwaitOutsideFunction: true };

export class SiteLocator {
  private readonly outStarts: number[];
  private readonly srcStarts: number[];

  constructor(private readonly out: string, private readonly src: string, private readonly map: PositionSource) {
    this.outStarts = lineStarts(out);
    this.srcStarts = lineStarts(src);
  }

  /** Original position of output offset `pos`, 0-based, with whether a mapping starts exactly there. */
  private origin(pos: number): { line: number; col: number; exact: boolean } | null {
    const line = lineOf(this.outStarts, pos);
    return this.map.find(line, pos - this.outStarts[line]);
  }

  private srcOffset(line: number, col: number): number {
    return (this.srcStarts[line] ?? this.src.length) + col;
  }

  /**
   * 1-based original position of the token at output offset `pos` (a keyword such as `await`).
   * When esbuild put no mapping exactly there, `follower` (the start of the next expression, which
   * esbuild does map) is used to find the keyword just before it in the user's text.
   */
  position(pos: number, follower?: number): { line: number; col: number } {
    const o = this.origin(pos);
    if (o?.exact) return { line: o.line + 1, col: o.col + 1 };
    if (follower !== undefined) {
      const f = this.origin(follower);
      if (f?.exact) {
        const word = this.out.slice(pos, pos + 5);
        const fOff = this.srcOffset(f.line, f.col);
        const k = this.src.lastIndexOf(word, fOff);
        if (k >= 0 && /^[\s(]*$/.test(this.src.slice(k + word.length, fOff))) {
          const l = lineOf(this.srcStarts, k);
          return { line: l + 1, col: k - this.srcStarts[l] + 1 };
        }
        return { line: f.line + 1, col: f.col + 1 };
      }
    }
    return o ? { line: o.line + 1, col: o.col + 1 } : { line: lineOf(this.outStarts, pos) + 1, col: 1 };
  }

  /**
   * 1-based original position of the `await` in a `for await` whose iterable starts at output
   * offset `iterable` (esbuild maps the iterable but not the `for` keyword): the last `for await`
   * before it in the user's text.
   */
  forAwaitPosition(iterable: number): { line: number; col: number } {
    const o = this.origin(iterable);
    if (o?.exact) {
      const off = this.srcOffset(o.line, o.col);
      const from = Math.max(0, off - 500);
      let k = -1;
      for (const m of this.src.slice(from, off).matchAll(/\bfor\s*await\b/g)) k = from + m.index + m[0].length - 5;
      if (k >= 0) {
        const l = lineOf(this.srcStarts, k);
        return { line: l + 1, col: k - this.srcStarts[l] + 1 };
      }
    }
    return this.position(iterable);
  }

  /** 1-based original position of a function starting at output offset `pos`, past any `export`/`export default`. */
  functionPosition(pos: number): { line: number; col: number } {
    const at = this.position(pos);
    const off = this.srcOffset(at.line - 1, at.col - 1);
    const m = /^export\s+(?:default\s+)?/.exec(this.src.slice(off, off + 40));
    if (!m) return at;
    const k = off + m[0].length;
    const l = lineOf(this.srcStarts, k);
    return { line: l + 1, col: k - this.srcStarts[l] + 1 };
  }

  /** The user's text of the output expression [start, end), whitespace collapsed, at most 60 characters. */
  text(start: number, end: number): string {
    const outText = this.out.slice(start, end);
    return clip(this.originalText(start, outText) ?? outText);
  }

  /** Follows the output's tokens through the user's text from the mapped start; undefined on a mismatch (e.g. TS-only syntax). */
  private originalText(start: number, outText: string): string | undefined {
    const o = this.origin(start);
    if (!o?.exact) return undefined;
    const src = this.src;
    const from = this.srcOffset(o.line, o.col);
    if (src.startsWith(outText, from)) return outText; // the common case: nothing to follow
    let at = from;
    try {
      for (const tok of acorn.tokenizer(outText, TOKENIZER_OPTIONS)) {
        at = skipTrivia(src, at);
        const t = outText.slice(tok.start, tok.end);
        if (src.startsWith(t, at)) at += t.length;
        else if (tok.type === acorn.tokTypes.string && (src[at] === '"' || src[at] === "'")) at = skipString(src, at);
        else return undefined;
      }
    } catch {
      return undefined;
    }
    return src.slice(from, at);
  }
}

function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= MAX_TEXT ? t : `${t.slice(0, MAX_TEXT - 1)}…`;
}

function skipString(s: string, i: number): number {
  const q = s[i++];
  while (i < s.length && s[i] !== q) i += s[i] === '\\' ? 2 : 1;
  return i + 1;
}
