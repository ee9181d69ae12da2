/**
 * Text from the user's program on its way to a terminal: every control character (C0, DEL, C1:
 * ANSI escapes, carriage returns, newlines) and every bidirectional override is shown escaped
 * (`\x1b`, `\n`, `\u202e`), never sent, so a program cannot move the cursor, recolour, erase the
 * summary's lines or reorder what the CLI prints. The HTML view escapes for the DOM instead.
 */

/** C0 controls, DEL, C1 controls, and the Unicode bidi embedding/override/isolate characters. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` with every character that could drive the terminal written as an escape sequence. */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A quoted, escaped string: `"1 script start"`. */
export function quoted(s: string): string {
  return `"${terminalSafe(s).replace(/"/g, '\\"')}"`;
}
