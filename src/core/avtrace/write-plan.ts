/**
 * What an .avtrace file holds for a trace, as the sections to write (format.ts), one at a time:
 * the trace section (the trace without its spans, its other arrays left empty), the spans in
 * chunks of the core's span columns, the items of every other top-level array in chunks of JSON,
 * and the end section. A generator, so a writer holds one chunk at a time; each piece is also
 * exported for a writer that gets a trace piece by piece (a recording streaming to disk). The
 * bodies are uncompressed: the writer gzips them.
 */
import type { Trace } from '../trace';
import { columnar, type ColumnarTrace, type SpanTable } from '../columns/table';
import { encodeTable } from '../columns/encode';
import { ITEM_BYTES_PER_SECTION, ITEMS_PER_SECTION, SECTION, SPANS_PER_SECTION, type EndSectionHeader, type ItemSectionHeader, type SectionKind, type SpanSectionHeader } from './format';

/** A section to write: its kind, its header, and its data before compression. */
export interface PlannedSection {
  kind: SectionKind;
  header: object;
  body?: Uint8Array | string;
}

/** The trace's top-level arrays other than `spans`, in field order: they travel as ITEM sections. */
export function itemFields(trace: object): string[] {
  return Object.keys(trace).filter((k) => k !== 'spans' && Array.isArray((trace as Record<string, unknown>)[k]));
}

/** The TRAC section: every top-level field, each array (spans included) left empty. */
export function traceSection(trace: object): PlannedSection {
  const skeleton: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(trace)) skeleton[k] = k === 'spans' || Array.isArray(v) ? [] : v;
  return { kind: SECTION.trace, header: {}, body: JSON.stringify(skeleton) };
}

/** SPAN sections for rows [from, to) of a span table whose row `from` is span `firstId`. */
export function* spanSections(t: SpanTable, from = 0, to = t.n, firstId = from): Generator<PlannedSection> {
  for (let a = from; a < to; a += SPANS_PER_SECTION) {
    const b = Math.min(to, a + SPANS_PER_SECTION);
    const { header, bytes } = encodeTable(t, a, b, firstId + (a - from));
    const h: SpanSectionHeader = { first: firstId + (a - from), ...header };
    yield { kind: SECTION.spans, header: h, body: bytes };
  }
}

/** ITEM sections for `items` of array `field`, the first of them at index `first` of that array. */
export function* itemSections(field: string, items: readonly unknown[], first = 0): Generator<PlannedSection> {
  let parts: string[] = [];
  let bytes = 0;
  let from = 0;
  const flush = (to: number): PlannedSection => {
    const h: ItemSectionHeader = { field, first: first + from, count: to - from };
    const s: PlannedSection = { kind: SECTION.items, header: h, body: `[${parts.join(',')}]` };
    parts = [];
    bytes = 0;
    from = to;
    return s;
  };
  for (let i = 0; i < items.length; i++) {
    // JSON.stringify of undefined (a hole) is not JSON: it is written as null, as JSON.stringify of the array would.
    const text = JSON.stringify(items[i]) ?? 'null';
    parts.push(text);
    bytes += text.length + 1;
    if (parts.length >= ITEMS_PER_SECTION || bytes >= ITEM_BYTES_PER_SECTION) yield flush(i + 1);
  }
  if (parts.length) yield flush(items.length);
}

/** The END. section. */
export function endSection(spans: number, items: Record<string, number>): PlannedSection {
  const h: EndSectionHeader = { spans, items };
  return { kind: SECTION.end, header: h };
}

/** Every section of a whole trace, in file order (the trace section first, so a reader learns the run's facts first). */
export function* avtraceSections(trace: Trace | ColumnarTrace): Generator<PlannedSection> {
  const data = columnar(trace);
  yield traceSection(data);
  yield* spanSections(data.spans);
  const counts: Record<string, number> = {};
  const fields = data as unknown as Record<string, unknown[]>;
  for (const f of itemFields(data)) {
    counts[f] = fields[f].length;
    yield* itemSections(f, fields[f]);
  }
  yield endSection(data.spans.n, counts);
}
