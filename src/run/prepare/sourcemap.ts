/**
 * A minimal source map reader: segments per generated line, so a position can be looked up
 * on its own line only (a line with no mapping maps to nothing instead of to a previous line).
 */

/** One mapping segment: generated column, original line and column (all 0-based). */
type Segment = [genCol: number, srcLine: number, srcCol: number];

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

export class LineSourceMap {
  private readonly lines: Segment[][] = [];

  constructor(mapJson: string) {
    const mappings = (JSON.parse(mapJson) as { mappings: string }).mappings;
    let line: Segment[] = [];
    let genCol = 0, src = 0, srcLine = 0, srcCol = 0;
    const fields: number[] = [];
    let i = 0;
    const n = mappings.length;
    while (i <= n) {
      const ch = i < n ? mappings[i] : ';';
      if (ch === ';' || ch === ',') {
        if (ch === ';') {
          this.lines.push(line);
          line = [];
          genCol = 0;
        }
        i++;
        continue;
      }
      fields.length = 0;
      while (i < n && mappings[i] !== ',' && mappings[i] !== ';') {
        let value = 0, shift = 0, digit: number;
        do {
          digit = B64_VALUE[mappings.charCodeAt(i++)];
          value += (digit & 31) << shift;
          shift += 5;
        } while (digit & 32);
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      }
      genCol += fields[0];
      if (fields.length >= 4) {
        src += fields[1];
        srcLine += fields[2];
        srcCol += fields[3];
        line.push([genCol, srcLine, srcCol]);
      }
    }
    void src;
  }

  /**
   * Original position (0-based) of generated (line, col) (0-based): the last segment at or before
   * col on that line, else the first one on it; null when the line has no mapping.
   * `exact` is true when the segment starts exactly at col.
   */
  find(line: number, col: number): { line: number; col: number; exact: boolean } | null {
    const segs = this.lines[line];
    if (!segs || segs.length === 0) return null;
    let lo = 0, hi = segs.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid][0] <= col) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const s = segs[best < 0 ? 0 : best];
    return { line: s[1], col: s[2], exact: s[0] === col };
  }
}
