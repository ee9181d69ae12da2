/**
 * Source positions in recorded stacks: find `file:line:col` frames, tell the run file (the prepared
 * copy that ran) from everything else, map its positions back to the user's file, name the user's
 * file in messages, and name scripts readably. Pure string work (no node:path, no node:url).
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

/** The local path a file:// URL names (percent-decoded; `file:///C:/a` → `C:\\a`), or undefined for anything else. */
export function pathOfFileUrl(url: string): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  let p: string;
  try {
    p = decodeURIComponent(url.slice('file://'.length).replace(/[?#].*$/, ''));
  } catch {
    return undefined;
  }
  return /^\/[A-Za-z]:\//.test(p) ? p.slice(1).replace(/\//g, '\\') : p;
}

/** A file:// URL for an absolute path (POSIX or Windows), percent-encoded so that it reads back as the same path. */
export function fileUrl(absPath: string): string {
  const posix = absPath.replace(/\\/g, '/');
  const enc = encodeURI(posix).replace(/[#?]/g, (c) => encodeURIComponent(c));
  return /^[A-Za-z]:\//.test(posix) ? `file:///${enc}` : `file://${enc}`;
}

/**
 * True when `file` names the run file, as a path or a file:// URL (Node writes either in stacks
 * and samples). The one answer to "is this the run file?" for the build, the stacks and the labels.
 */
export function isRunFile(file: string, runFile: string | undefined): boolean {
  if (!runFile) return false;
  return file === runFile || pathOfFileUrl(file) === runFile;
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/** A file:// URL (up to a quote, bracket or space) in message text. */
const URL_IN_TEXT = /file:\/\/[^\s'"()<>]+/g;

/**
 * `text` with every mention of the run file replaced by the user's file: its path by `userFile`,
 * a file:// URL of it (with or without `:line:col`) by the user's file's URL. Messages and stacks
 * then name the file the learner wrote, not its prepared copy in a temporary folder.
 */
export function nameUserFile(text: string, runFile: string | undefined, userFile: string): string {
  if (!runFile || !text) return text;
  const named = text.replace(URL_IN_TEXT, (url) => {
    const m = /^(.*?)((?::\d+)*)$/.exec(url)!;
    return isRunFile(m[1], runFile) ? fileUrl(userFile) + m[2] : url;
  });
  return named.split(runFile).join(userFile);
}

/**
 * The mapping of stack positions to the user's file: positions in the user's file as they are
 * (the recorder mapped them in the process), positions still in the run file (a copy in the run
 * folder) through `mapPosition` (the same position when absent); without a run file, anything
 * that is not Node's own code or a package, as it is.
 */
export function makeMapper(runFile: string | undefined, mapPosition?: (line: number, col: number) => { line: number; col: number } | null, userFile?: string): MapLocation {
  if (runFile !== undefined) {
    return (file, line, col) => {
      if (userFile && isRunFile(file, userFile)) return { line, col };
      if (!isRunFile(file, runFile)) return null;
      return mapPosition ? mapPosition(line, col) : { line, col };
    };
  }
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
 * Positions in a cpu event's `where`: stack frames one a line (`fn (url:line:col)`), or one or
 * more `url:line:col` samples separated by newlines, commas, semicolons or spaces (a path with
 * spaces then must be URL-encoded). Returns the first that maps to user code.
 */
export function firstUserPosition(where: string, map: MapLocation): { line: number; col: number } | undefined {
  if (!where) return undefined;
  for (const part of where.split('\n').flatMap((l) => (l.endsWith(')') ? [l] : l.split(/[,;]+|\s+/)))) {
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
