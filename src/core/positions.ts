/**
 * Position tables: how a position in code that ran (the prepared copy of a user's file: transpiled
 * and/or with the recorder's marks inserted) maps back to the user's own file. `prepare` writes
 * one table per run; the recorder reads it to rewrite stack frames, inspector samples and stall
 * stacks before they leave the process, so that every position a program or a trace shows is the
 * user's. Pure: no Node APIs.
 */

/** Every prepared file of one run. */
export interface PositionTable {
  files: PositionFile[];
}

/** One file that ran, and where its positions come from. */
export interface PositionFile {
  /** The names frames of this file carry (`CallSite.getFileName()`: a path for CommonJS, a file URL for ES modules). */
  names: string[];
  /** What a mapped frame names instead, for frames named by a path. */
  path: string;
  /** ... and for frames named by a URL. */
  url: string;
  /**
   * Insertions of the mark rewrite, per 0-based line of the file that ran: flattened triples
   * `[column in the untouched text, inserted length, replaced length]` in column order. Text
   * between insertions keeps its place; inserted text maps to where it was inserted.
   */
  cols?: Record<string, number[]>;
  /**
   * When the untouched text is itself generated (TypeScript through esbuild): per 0-based line of
   * that text, flattened triples `[generated column, original line, original column]` (0-based),
   * in column order. A position maps to the last segment at or before it on its line.
   */
  segs?: Record<string, number[]>;
}

/** 0-based column of the untouched text for a 0-based column of the file that ran. */
export function untouchedColumn(f: PositionFile, line: number, col: number): number {
  const ins = f.cols?.[line];
  if (!ins) return col;
  let shift = 0;
  for (let i = 0; i < ins.length; i += 3) {
    const at = ins[i], len = ins[i + 1], del = ins[i + 2];
    if (col < at + shift) break;
    if (col < at + shift + len) return at;
    shift += len - del;
  }
  return col - shift;
}

/** 1-based position in the user's file of a 1-based position in the file that ran, or null (no mapping on that line). */
export function mapToUser(f: PositionFile, line: number, col: number): { line: number; col: number } | null {
  if (line < 1 || col < 1) return null;
  const c = untouchedColumn(f, line - 1, col - 1);
  if (!f.segs) return { line, col: c + 1 };
  const seg = f.segs[line - 1];
  if (!seg || seg.length < 3) return null;
  let best = 0;
  for (let i = 0; i < seg.length; i += 3) {
    if (seg[i] <= c) best = i;
    else break;
  }
  return { line: seg[best + 1] + 1, col: seg[best + 2] + 1 };
}

/** The name a mapped frame carries: the user's URL for a frame named by a URL, else the user's path. */
export function userName(f: PositionFile, frameName: string): string {
  return frameName.startsWith('file:') ? f.url : f.path;
}
