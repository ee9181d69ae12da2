/** Small scans over JavaScript source text (no parser): used by prepare and by the recorder. Pure. */

/** Index of the first character at or after `i` that is neither whitespace nor inside a comment. */
export function skipTrivia(s: string, i: number): number {
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s.startsWith('//', i)) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
    } else if (s.startsWith('/*', i)) {
      const e = s.indexOf('*/', i + 2);
      i = e < 0 ? s.length : e + 2;
    } else return i;
  }
}
