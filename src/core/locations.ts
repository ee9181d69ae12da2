/**
 * Source positions in recorded stacks: find `file:line:col` frames, map those that belong to the
 * run file back to the user's file, and name scripts readably. Pure string work (no node:path).
 */

/** Maps a run-file position to the user's file; null when the position is not user code. */
export type MapLocation = (fileOrUrl: string, line: number, col: number) => { line: number; col: number } | null;

/** One `file:line:col` position as it appears in a stack frame or a `where` sample. */
export interface RawPosition {
  file: string;
  line: number;
  col: number;
}

/** Last `:line:col` of a string, with what comes before it as the file. */
const TAIL = /^(.*):(\d+):(\d+)$/;

/**
 * The position in one stack line: `at fn (file:1:2)`, `at file:1:2`, `at async fn (file:1:2)`,
 * or a bare `file:1:2`. Returns null for lines without a position (`at new Promise (<anonymous>)`).
 */
export function parseFrame(line: string): RawPosition | null {
  let s = line.trim();
  if (s.startsWith('at ')) s = s.slice(3);
  // `at async file:1:2` (an awaiting ES module's top level): the position is what follows.
  if (s.startsWith('async ') && !s.endsWith(')')) s = s.slice(6);
  // `fn (file:1:2)`: the position sits in the last parentheses.
  if (s.endsWith(')')) {
    const open = s.lastIndexOf('(');
    if (open >= 0) s = s.slice(open + 1, -1);
  }
  const m = TAIL.exec(s);
  if (!m || !m[1]) return null;
  return { file: m[1], line: Number(m[2]), col: Number(m[3]) };
}

/** True when `file` names the run file, as a path or a `file://` URL. */
export function isRunFile(file: string, runFile: string | undefined): boolean {
  if (!runFile) return false;
  if (file === runFile) return true;
  const url = runFile.startsWith('/') ? `file://${encodeURI(runFile)}` : `file:///${encodeURI(runFile.replace(/\\/g, '/'))}`;
  return file === url || safeDecode(file) === `file://${runFile}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/**
 * The mapping to use: the given one, else identity for positions in the run file, else (no run
 * file known) identity for anything that is not Node's own code or a package.
 */
export function makeMapper(map: MapLocation | undefined, runFile: string | undefined): MapLocation {
  if (map) return map;
  if (runFile !== undefined) return (file, line, col) => (isRunFile(file, runFile) ? { line, col } : null);
  return (file, line, col) => (/^(node:|internal\/)|[\\/]node_modules[\\/]/.test(file) ? null : { line, col });
}

/**
 * Rewrites every frame of `stack` that maps to user code as `userFile:line:col` and returns the
 * first such (innermost user) position. Lines that do not map are kept as they are.
 */
export function mapStack(stack: string, map: MapLocation, userFile: string): { stack: string; line?: number; col?: number } {
  if (!stack) return { stack };
  let first: { line: number; col: number } | undefined;
  const lines = stack.split('\n').map((text) => {
    const p = parseFrame(text);
    if (!p) return text;
    const to = map(p.file, p.line, p.col);
    if (!to) return text;
    if (!first) first = to;
    const raw = `${p.file}:${p.line}:${p.col}`;
    const at = text.lastIndexOf(raw);
    return at < 0 ? text : text.slice(0, at) + `${userFile}:${to.line}:${to.col}` + text.slice(at + raw.length);
  });
  return { stack: lines.join('\n'), line: first?.line, col: first?.col };
}

/**
 * Positions in a cpu event's `where`: one or more `url:line:col` samples, most frequent first,
 * separated by newlines, commas, semicolons or spaces (a path with spaces must be URL-encoded).
 * Returns the first that maps to user code.
 */
export function firstUserPosition(where: string, map: MapLocation): { line: number; col: number } | undefined {
  if (!where) return undefined;
  for (const part of where.split(/[\n,;]+|\s+/)) {
    const p = parseFrame(part);
    if (!p) continue;
    const to = map(p.file, p.line, p.col);
    if (to) return to;
  }
  return undefined;
}

/** The last path segment of a path or URL (`/a/b/c.js` → `c.js`, `file:///a/b.mjs?x` → `b.mjs`). */
export function baseName(p: string): string {
  const clean = p.replace(/[?#].*$/, '').replace(/[\\/]+$/, '');
  const i = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'));
  return safeDecode(i >= 0 ? clean.slice(i + 1) : clean) || p;
}
