/**
 * Text insertions into esbuild's output (plus the replacement of import specifier strings; never a
 * newline, so lines stay put), and the reverse column mapping from the run file back to esbuild's output.
 */

export interface Insertion {
  pos: number;
  text: string;
  /** Sort key among insertions at the same position: opens outer-first, closes inner-first, closes before opens. */
  key: number;
  /** Characters of the original replaced from pos (0 for a pure insertion). */
  del: number;
}

const OPEN = 1e7;

export class Edits {
  private readonly list: Insertion[] = [];

  /** Text that opens a construct owned by a node at `depth` (outer nodes' opens come first). */
  open(pos: number, text: string, depth: number): void {
    this.list.push({ pos, text, key: OPEN + depth, del: 0 });
  }

  /** Replaces [start, end) (a token with no other edit inside it, e.g. a string literal). */
  replace(start: number, end: number, text: string): void {
    this.list.push({ pos: start, text, key: OPEN + 1e6, del: end - start });
  }

  /** Text that closes a construct owned by a node at `depth` (inner nodes' closes come first). */
  close(pos: number, text: string, depth: number): void {
    this.list.push({ pos, text, key: OPEN - 1 - depth, del: 0 });
  }

  /** Applies the insertions; returns the new text and a column mapper. */
  apply(code: string): { code: string; columns: ColumnMap } {
    const ins = this.list.slice().sort((a, b) => a.pos - b.pos || a.key - b.key);
    const parts: string[] = [];
    let at = 0;
    for (const i of ins) {
      parts.push(code.slice(at, i.pos), i.text);
      at = i.pos + i.del;
    }
    parts.push(code.slice(at));
    return { code: parts.join(''), columns: new ColumnMap(code, ins) };
  }
}

/** Sorted offsets of line starts in `text`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based line of offset `pos`. */
export function lineOf(starts: number[], pos: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Maps a run-file column back to the esbuild-output column on the same line (and forward). */
export class ColumnMap {
  /** Per 0-based line: [original column, inserted length, deleted length] in order. */
  private readonly byLine = new Map<number, [number, number, number][]>();

  constructor(code: string, sorted: Insertion[]) {
    const starts = lineStarts(code);
    for (const i of sorted) {
      const line = lineOf(starts, i.pos);
      let arr = this.byLine.get(line);
      if (!arr) this.byLine.set(line, (arr = []));
      arr.push([i.pos - starts[line], i.text.length, i.del]);
    }
  }

  /** 0-based run-file (line, col) to the 0-based column in esbuild's output (inserted text maps to where it was inserted). */
  toOutput(line: number, col: number): number {
    const arr = this.byLine.get(line);
    if (!arr) return col;
    let shift = 0;
    for (const [at, len, del] of arr) {
      if (col < at + shift) break;
      if (col < at + shift + len) return at;
      shift += len - del;
    }
    return col - shift;
  }

  /** 0-based column in the run file of 0-based column `col` of esbuild's output (text inserted at `col` comes first). */
  toRun(line: number, col: number): number {
    const arr = this.byLine.get(line);
    if (!arr) return col;
    let shift = 0;
    for (const [at, len, del] of arr) {
      if (at > col) break;
      if (del > 0 && col < at + del) return at + shift;
      shift += len - del;
    }
    return col + shift;
  }

  /** The insertions as a position table's `cols` (see core/positions.ts). */
  table(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [line, arr] of this.byLine) out[line] = arr.flat();
    return out;
  }
}
