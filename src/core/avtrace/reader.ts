/**
 * Reads an .avtrace file's sections (format.ts) from bytes as they arrive, in chunks of any size
 * (a file stream, a fetch): it holds only the section being completed, never the whole file.
 * The file header is checked first (the magic, then the version: a newer file is refused by name).
 */
import { AVTRACE_MAGIC, AVTRACE_VERSION, AvtraceError, FILE_HEADER_BYTES, SECTION_FRAME_BYTES, type Section } from './format';

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class SectionReader {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private headerRead = false;
  /** Bytes consumed so far (for messages). */
  private offset = 0;

  constructor(private readonly name = 'the file') {}

  /** Takes the next bytes of the file; returns the sections they complete, in order. */
  push(chunk: Uint8Array): Section[] {
    if (chunk.length) { this.pending.push(chunk); this.pendingBytes += chunk.length; }
    const out: Section[] = [];
    if (!this.headerRead) {
      if (this.pendingBytes < FILE_HEADER_BYTES) {
        // Not even the magic yet: say so early when what came is already not ours.
        const head = this.peek(Math.min(this.pendingBytes, AVTRACE_MAGIC.length));
        if (!head.every((b, i) => b === AVTRACE_MAGIC[i])) throw this.notOurs();
        return out;
      }
      const head = this.take(FILE_HEADER_BYTES);
      if (!AVTRACE_MAGIC.every((b, i) => head[i] === b)) throw this.notOurs();
      const version = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(8, true);
      if (version > AVTRACE_VERSION) throw new AvtraceError(`${this.name} is an .avtrace file of format ${version}, written by a newer Async Viz; this one reads format ${AVTRACE_VERSION}`);
      if (version < 1) throw new AvtraceError(`${this.name} is damaged: its format version is ${version}`);
      this.headerRead = true;
    }
    while (this.pendingBytes >= SECTION_FRAME_BYTES) {
      const frame = this.peek(SECTION_FRAME_BYTES);
      const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
      const size = dv.getUint32(4, true);
      const hsize = dv.getUint32(8, true);
      if (hsize + 4 > size) throw new AvtraceError(`${this.name} is damaged at byte ${this.offset}: a section's header is longer than the section`);
      if (this.pendingBytes < 8 + size) break;
      const at = this.offset;
      const bytes = this.take(8 + size);
      const kind = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
      let header: unknown;
      try {
        header = JSON.parse(utf8.decode(bytes.subarray(SECTION_FRAME_BYTES, SECTION_FRAME_BYTES + hsize)));
      } catch {
        throw new AvtraceError(`${this.name} is damaged at byte ${at}: the header of its ${kind} section is not JSON`);
      }
      if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new AvtraceError(`${this.name} is damaged at byte ${at}: the header of its ${kind} section is not an object`);
      out.push({ kind, at, header: header as Record<string, unknown>, data: bytes.subarray(SECTION_FRAME_BYTES + hsize) });
    }
    return out;
  }

  /** After the last bytes: the number of bytes left over in an incomplete section (0 for a whole file). */
  leftover(): number {
    if (!this.headerRead) throw this.pendingBytes ? this.notOurs() : new AvtraceError(`${this.name} is empty`);
    return this.pendingBytes;
  }

  private notOurs(): AvtraceError {
    return new AvtraceError(`${this.name} is not an .avtrace file (it does not begin with the .avtrace signature)`);
  }

  /** The first n pending bytes, without consuming them. */
  private peek(n: number): Uint8Array {
    if (this.pending[0] && this.pending[0].length >= n) return this.pending[0].subarray(0, n);
    const out = new Uint8Array(n);
    let got = 0;
    for (const c of this.pending) {
      const k = Math.min(c.length, n - got);
      out.set(c.subarray(0, k), got);
      got += k;
      if (got === n) break;
    }
    return out;
  }

  /** Consumes the first n pending bytes (n <= pendingBytes). */
  private take(n: number): Uint8Array {
    this.offset += n;
    this.pendingBytes -= n;
    const first = this.pending[0];
    if (first.length >= n) {
      if (first.length === n) this.pending.shift();
      else this.pending[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const c = this.pending[0];
      const k = Math.min(c.length, n - got);
      out.set(c.subarray(0, k), got);
      got += k;
      if (k === c.length) this.pending.shift();
      else this.pending[0] = c.subarray(k);
    }
    return out;
  }
}
