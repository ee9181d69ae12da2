/**
 * Text from the user's program on its way to a terminal: control characters (ANSI escapes, C1
 * controls, carriage returns, newlines) are shown as escapes, never sent, so a program cannot
 * move the cursor, recolour or rewrite what the CLI prints.
 */

/** `s` with every control character written as `\xNN` (newline as `\n`, tab as `\t`). */
export function terminalSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** A quoted, escaped string: `"1 script start"`. */
export function quoted(s: string): string {
  return `"${terminalSafe(s).replace(/"/g, '\\"')}"`;
}
