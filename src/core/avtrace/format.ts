/**
 * The .avtrace file: one trace, compact, written and read a section at a time (docs/avtrace-format.md
 * describes every byte). A 12-byte file header (magic, format version), then sections:
 *
 *   kind    4 ASCII bytes: TRAC, SPAN, ITEM or END. (a reader skips kinds it does not know)
 *   size    u32 LE: bytes after this field (the header length field, the header, the data)
 *   hsize   u32 LE: bytes of the header
 *   header  UTF-8 JSON object (small: what the data is)
 *   data    gzip (RFC 1952), possibly empty
 *
 *   TRAC  the trace without its spans, its other top-level arrays left empty (they follow as ITEM
 *         sections): meta, lanes' place, version and any field a later trace format adds, as JSON.
 *         May appear more than once (a streaming writer can write one first and one last): the
 *         last one counts.
 *   SPAN  header: {first, v, n, tick, layout, labels} (the core's span columns, format.ts, of the
 *         spans first .. first + n - 1); data: their column bytes. The chunks follow each other
 *         (each `first` is the sum of the `n`s before it); the data is exactly the view's
 *         transport blob (gzip'd columns), so it can travel to the view as it is.
 *   ITEM  header: {field, first, count}; data: a JSON array of `count` items of the trace's
 *         top-level array `field` (events, asyncCalls, blocked, lanes, or a field added later),
 *         items first .. first + count - 1. Items of one field follow each other.
 *   END.  header: {spans, items: {field: count}}: what a complete file holds; no data. Last.
 * Pure: no Node, no compression (the caller gzips and gunzips, src/run/avtrace-file.ts).
 */

/** The file's first 8 bytes: not text (0x89), and mangled line endings (CR LF, ^Z, LF) show. */
export const AVTRACE_MAGIC: readonly number[] = [0x89, 0x41, 0x56, 0x54, 0x0d, 0x0a, 0x1a, 0x0a]; // \x89 A V T \r \n ^Z \n
/** The container's version, after the magic (u32 LE). Bumped when a reader of this one could not read a newer file. */
export const AVTRACE_VERSION = 1;
/** Magic + version. */
export const FILE_HEADER_BYTES = 12;
/** kind + size + hsize. */
export const SECTION_FRAME_BYTES = 12;

export const SECTION = { trace: 'TRAC', spans: 'SPAN', items: 'ITEM', end: 'END.' } as const;
export type SectionKind = (typeof SECTION)[keyof typeof SECTION];

/** Spans per SPAN section when writing (a reader takes any size). */
export const SPANS_PER_SECTION = 1 << 16;
/** At most this many items per ITEM section, and about this many bytes of JSON. */
export const ITEMS_PER_SECTION = 1 << 14;
export const ITEM_BYTES_PER_SECTION = 1 << 20;

/** Header of a SPAN section: where its spans go, and their columns' header (columns/format.ts). */
export interface SpanSectionHeader {
  /** Index (= span id) of the section's first span. */
  first: number;
  v: number;
  n: number;
  tick: number;
  layout: [string, number, number][];
  labels: string[];
}

/** Header of an ITEM section. */
export interface ItemSectionHeader {
  /** The trace's top-level array these items belong to. */
  field: string;
  /** Index in that array of the section's first item. */
  first: number;
  /** Number of items in the section. */
  count: number;
}

/** Header of the END. section: what the complete file holds. */
export interface EndSectionHeader {
  spans: number;
  items: Record<string, number>;
}

/** A section as read: its kind, header and (still compressed) data. */
export interface Section {
  kind: string;
  /** Byte offset of the section in the file (for messages). */
  at: number;
  header: Record<string, unknown>;
  data: Uint8Array;
}

/** A file that is not an .avtrace, is damaged, or is of a newer format; the message is one readable sentence. */
export class AvtraceError extends Error {}

const utf8 = new TextEncoder();

/** The file header. */
export function fileHeader(): Uint8Array {
  const b = new Uint8Array(FILE_HEADER_BYTES);
  b.set(AVTRACE_MAGIC);
  new DataView(b.buffer).setUint32(8, AVTRACE_VERSION, true);
  return b;
}

/** One section's bytes: its frame and header, then the (already compressed) data. */
export function sectionBytes(kind: SectionKind, header: object, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = utf8.encode(JSON.stringify(header));
  const out = new Uint8Array(SECTION_FRAME_BYTES + h.length + data.length);
  for (let i = 0; i < 4; i++) out[i] = kind.charCodeAt(i);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, 4 + h.length + data.length, true);
  dv.setUint32(8, h.length, true);
  out.set(h, SECTION_FRAME_BYTES);
  out.set(data, SECTION_FRAME_BYTES + h.length);
  return out;
}

/** True when the bytes begin like an .avtrace file (the magic). */
export function isAvtrace(bytes: Uint8Array): boolean {
  return bytes.length >= AVTRACE_MAGIC.length && AVTRACE_MAGIC.every((b, i) => bytes[i] === b);
}
