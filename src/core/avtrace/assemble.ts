/**
 * Puts a trace back together from an .avtrace file's sections (reader.ts): checks each section as
 * it comes (kinds, headers, that chunks follow each other), keeps their data compressed until
 * the end, then un-gzips them (the caller's function, Node's zlib or the browser's
 * DecompressionStream: the core does not compress), a few at a time, and decodes the spans into
 * one span table (columns/decode.ts) and the items into the trace's arrays, one section after
 * another. A file cut off before its end section still gives what it holds, with a warning; a
 * damaged one is refused with one readable sentence (AvtraceError).
 */
import { TRACE_VERSION } from '../trace';
import type { ColumnarTrace } from '../columns/table';
import { COLUMN_NAMES, COLUMNS_VERSION, OLDEST_COLUMNS_VERSION, readableColumnsVersion, type ColumnsHeader } from '../columns/format';
import { SpanTableBuilder } from '../columns/decode';
import { AvtraceError, SECTION, type ItemSectionHeader, type Section, type SpanSectionHeader } from './format';

/** Un-gzips one section's data. */
export type Gunzip = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** Sections being un-gzip'd at once (ahead of the one being decoded). */
const AHEAD = 4;

export interface Assembled {
  trace: ColumnarTrace;
  /** False when the file ended before its END. section (the trace holds what was written until then). */
  complete: boolean;
  /** Readable sentences about what was odd (cut off, counts that do not match). */
  warnings: string[];
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** Field names that would reach an object's prototype. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

function isSpanHeader(h: Record<string, unknown>): h is Record<string, unknown> & SpanSectionHeader {
  return isInt(h.first) && isInt(h.n) && readableColumnsVersion(h.v) && typeof h.tick === 'number' && Array.isArray(h.labels) &&
    Array.isArray(h.layout) && h.layout.every((e) => Array.isArray(e) && e.length === 3 && (COLUMN_NAMES as readonly string[]).includes(e[0]) && isInt(e[1]) && isInt(e[2]));
}

export class TraceAssembler {
  private trace?: Section;
  private readonly spans: Section[] = [];
  private spanCount = 0;
  private readonly items = new Map<string, Section[]>();
  private readonly itemCounts = new Map<string, number>();
  private end?: Record<string, unknown>;

  constructor(private readonly name = 'the file') {}

  /** Takes the next section (in file order). */
  add(s: Section): void {
    const where = `${this.name} is damaged at byte ${s.at}`;
    if (this.end) throw new AvtraceError(`${where}: a ${s.kind} section follows the end section`);
    switch (s.kind) {
      case SECTION.trace:
        this.trace = s;
        break;
      case SECTION.spans: {
        const h = s.header;
        if (!isSpanHeader(h)) throw new AvtraceError(`${where}: the header of a span section is not one of span columns versions ${OLDEST_COLUMNS_VERSION} to ${COLUMNS_VERSION}`);
        if (h.first !== this.spanCount) throw new AvtraceError(`${where}: a span section starts at span ${h.first}, after ${this.spanCount} spans`);
        this.spans.push(s);
        this.spanCount += h.n;
        break;
      }
      case SECTION.items: {
        const h = s.header as Partial<ItemSectionHeader>;
        if (typeof h.field !== 'string' || !h.field || h.field === 'spans' || UNSAFE.has(h.field) || !isInt(h.first) || !isInt(h.count)) throw new AvtraceError(`${where}: the header of an item section is not {field, first, count}`);
        const have = this.itemCounts.get(h.field) ?? 0;
        if (h.first !== have) throw new AvtraceError(`${where}: an item section of ${h.field} starts at item ${h.first}, after ${have}`);
        this.itemCounts.set(h.field, have + h.count);
        let list = this.items.get(h.field);
        if (!list) this.items.set(h.field, (list = []));
        list.push(s);
        break;
      }
      case SECTION.end:
        this.end = s.header;
        break;
      default:
        // A section of a later format revision that this reader does not know: skipped.
        break;
    }
  }

  /** The trace, decoded. `leftover`: bytes after the last whole section (a section cut off). */
  async finish(gunzip: Gunzip, leftover = 0): Promise<Assembled> {
    const warnings: string[] = [];
    if (!this.trace) {
      throw new AvtraceError(this.spanCount || this.items.size
        ? `${this.name} was cut off before its trace section: it holds ${this.spanCount} spans but not the facts of the run`
        : `${this.name} holds no trace`);
    }
    const unzip = async (s: Section): Promise<Uint8Array> => {
      try {
        return await gunzip(s.data);
      } catch (e) {
        throw new AvtraceError(`${this.name} is damaged at byte ${s.at}: its ${s.kind} section does not decompress (${(e as Error).message})`);
      }
    };
    const json = (s: Section, bytes: Uint8Array): unknown => {
      try {
        return JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        throw new AvtraceError(`${this.name} is damaged at byte ${s.at}: its ${s.kind} section is not JSON`);
      }
    };
    /** Each section's data, un-gzip'd a few ahead of the one in hand. */
    const unzipped = async function* (sections: Section[]): AsyncGenerator<[Section, Uint8Array]> {
      const ahead: Promise<Uint8Array>[] = [];
      for (let i = 0; i < sections.length; i++) {
        while (ahead.length < AHEAD && i + ahead.length < sections.length) {
          const p = unzip(sections[i + ahead.length]);
          p.catch(() => undefined); // awaited below, in order
          ahead.push(p);
        }
        yield [sections[i], await ahead.shift()!];
      }
    };
    const skeleton = json(this.trace, await unzip(this.trace)) as Record<string, unknown>;
    if (typeof skeleton !== 'object' || skeleton === null || Array.isArray(skeleton)) throw new AvtraceError(`${this.name} is damaged: its trace section is not a trace`);
    if (skeleton.version !== TRACE_VERSION) throw new AvtraceError(`${this.name} holds a trace of version ${String(skeleton.version)}; this Async Viz reads version ${TRACE_VERSION}`);
    if (typeof skeleton.meta !== 'object' || skeleton.meta === null) throw new AvtraceError(`${this.name} is damaged: its trace has no meta`);

    const builder = new SpanTableBuilder(this.spanCount);
    for await (const [s, bytes] of unzipped(this.spans)) {
      const h = s.header as unknown as SpanSectionHeader;
      builder.add(h as unknown as ColumnsHeader, bytes, h.first);
    }
    for (const [field, sections] of this.items) {
      const all: unknown[] = [];
      for await (const [s, bytes] of unzipped(sections)) {
        const items = json(s, bytes);
        const count = (s.header as unknown as ItemSectionHeader).count;
        if (!Array.isArray(items) || items.length !== count) throw new AvtraceError(`${this.name} is damaged at byte ${s.at}: an item section of ${field} does not hold ${count} items`);
        for (const it of items) all.push(it);
      }
      skeleton[field] = all;
    }
    for (const f of ['lanes', 'events', 'blocked', 'asyncCalls']) if (!Array.isArray(skeleton[f])) skeleton[f] = [];

    const complete = this.end !== undefined && leftover === 0;
    if (!complete) warnings.push(`${this.name} was cut off: the trace holds what was written before the cut (${this.spanCount} spans)`);
    if (this.end) {
      const want = this.end;
      if (want.spans !== this.spanCount) warnings.push(`${this.name} says it holds ${String(want.spans)} spans but holds ${this.spanCount}`);
      const items = (typeof want.items === 'object' && want.items) || {};
      for (const [field, n] of Object.entries(items)) {
        const got = this.itemCounts.get(field) ?? 0;
        if (n !== got) warnings.push(`${this.name} says it holds ${String(n)} ${field} but holds ${got}`);
      }
    }
    const trace = { ...skeleton, spans: builder.table() } as unknown as ColumnarTrace;
    return { trace, complete, warnings };
  }
}
