/**
 * .avtrace files on disk (the format: src/core/avtrace/format.ts, docs/avtrace-format.md): writing
 * streams the core's sections, gzip'd by node:zlib on the thread pool a few at a time while the
 * next chunk is encoded, into the file with back-pressure; reading streams the file through the
 * core's section reader and assembler, un-gzipping section by section. Neither holds the file, or
 * its JSON, as one string. `AvtraceWriter` is the piecewise form, for a trace that arrives in parts.
 */
import { createReadStream } from 'node:fs';
import { gunzip, gzip, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { Trace } from '../core/trace';
import type { ColumnarTrace, SpanTable } from '../core/columns/table';
import { fileHeader, sectionBytes } from '../core/avtrace/format';
import { SectionReader } from '../core/avtrace/reader';
import { TraceAssembler, type Assembled } from '../core/avtrace/assemble';
import { avtraceSections, endSection, itemSections, spanSections, traceSection, type PlannedSection } from '../core/avtrace/write-plan';
import { FileSink } from './file-sink';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
/** Sections being compressed at once (the thread pool has 4 threads). */
const IN_FLIGHT = 4;
const EMPTY = new Uint8Array(0);

/** Compresses sections as they come, a few at a time, and writes them in order. */
class SectionPipe {
  private queue: Promise<Uint8Array>[] = [];
  constructor(private readonly sink: FileSink) {}

  async add(s: PlannedSection): Promise<void> {
    const body = s.body;
    const data = body === undefined || body.length === 0 ? Promise.resolve(EMPTY) : gzipAsync(body, { level: 6 });
    const framed = data.then((d) => sectionBytes(s.kind, s.header, d));
    framed.catch(() => undefined); // awaited in order below
    this.queue.push(framed);
    if (this.queue.length >= IN_FLIGHT) await this.writeOne();
  }

  async drain(): Promise<void> {
    while (this.queue.length) await this.writeOne();
  }

  private async writeOne(): Promise<void> {
    await this.sink.write(await this.queue.shift()!);
  }
}

/** Writes a whole trace as an .avtrace file; returns the file's size in bytes. */
export async function writeAvtrace(file: string, trace: Trace | ColumnarTrace): Promise<number> {
  const sink = new FileSink(file);
  try {
    await sink.write(fileHeader());
    const pipe = new SectionPipe(sink);
    for (const s of avtraceSections(trace)) await pipe.add(s);
    await pipe.drain();
    await sink.close();
    return sink.bytes;
  } catch (e) {
    sink.abort();
    throw e;
  }
}

/**
 * A trace written as it arrives: the spans in order (a table at a time), the items of each
 * array in order, and the trace's other fields (again at the end, when they are known: the last
 * trace section wins), then `finish`. A file cut off before `finish` is still read, with a warning.
 */
export class AvtraceWriter {
  private readonly sink: FileSink;
  private readonly pipe: SectionPipe;
  private spans = 0;
  private readonly items = new Map<string, number>();
  private readonly started: Promise<void>;

  constructor(file: string) {
    this.sink = new FileSink(file);
    this.pipe = new SectionPipe(this.sink);
    this.started = this.sink.write(fileHeader());
    this.started.catch(() => undefined); // rethrown by the next call
  }

  /** The run's facts so far: the trace without its spans and arrays (any arrays in it are written empty). */
  async trace(rest: object): Promise<void> {
    await this.started;
    await this.pipe.add(traceSection(rest));
  }

  /** The next spans: all rows of `table`, which are spans `spans written so far` onwards. */
  async addSpans(table: SpanTable): Promise<void> {
    await this.started;
    for (const s of spanSections(table, 0, table.n, this.spans)) await this.pipe.add(s);
    this.spans += table.n;
  }

  /** The next items of the trace's array `field` (events, asyncCalls, blocked, lanes, ...). */
  async addItems(field: string, items: readonly unknown[]): Promise<void> {
    await this.started;
    const first = this.items.get(field) ?? 0;
    for (const s of itemSections(field, items, first)) await this.pipe.add(s);
    this.items.set(field, first + items.length);
  }

  /** The end section; closes the file. Returns its size in bytes. */
  async finish(): Promise<number> {
    await this.started;
    await this.pipe.add(endSection(this.spans, Object.fromEntries(this.items)));
    await this.pipe.drain();
    await this.sink.close();
    return this.sink.bytes;
  }
}

/** Files up to this size keep their bytes with the trace read from them (a payload reuses them instead of encoding again). */
const KEEP_BYTES = 256 * 1024 * 1024;
/** The .avtrace bytes of a trace, when it was read from them whole (see `avtraceBytesOf`). */
const bytesOfTrace = new WeakMap<object, Uint8Array>();

/**
 * Reads an .avtrace file (`shown`: its name in messages). Throws AvtraceError for a file that is
 * not one or is damaged. A complete file's bytes (up to 256 MB) stay with the trace.
 */
export async function readAvtrace(file: string, shown = file): Promise<Assembled> {
  const reader = new SectionReader(shown);
  const assembler = new TraceAssembler(shown);
  let kept: Buffer[] | undefined = [];
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (const s of reader.push(chunk as Buffer)) assembler.add(s);
    size += (chunk as Buffer).length;
    if (kept && size <= KEEP_BYTES) kept.push(chunk as Buffer);
    else kept = undefined;
  }
  const got = await assembler.finish((d) => gunzipAsync(d), reader.leftover());
  if (kept && got.complete) bytesOfTrace.set(got.trace, Buffer.concat(kept));
  return got;
}

/** Reads an .avtrace file's bytes, all in memory (an editor's document, a payload). */
export async function readAvtraceBytes(bytes: Uint8Array, shown = 'the file'): Promise<Assembled> {
  const reader = new SectionReader(shown);
  const assembler = new TraceAssembler(shown);
  for (const s of reader.push(bytes)) assembler.add(s);
  const got = await assembler.finish((d) => gunzipAsync(d), reader.leftover());
  if (got.complete) bytesOfTrace.set(got.trace, bytes);
  return got;
}

/** A whole trace as .avtrace bytes, in memory. */
export function avtraceBytes(trace: Trace | ColumnarTrace): Uint8Array {
  const parts: Uint8Array[] = [fileHeader()];
  for (const s of avtraceSections(trace)) parts.push(sectionBytes(s.kind, s.header, s.body === undefined || s.body.length === 0 ? EMPTY : gzipSync(s.body, { level: 6 })));
  return Buffer.concat(parts);
}

/** The .avtrace bytes of a trace: those it was read from (nothing changes a trace read from a file), else made now. */
export function avtraceBytesOf(trace: Trace | ColumnarTrace): Uint8Array {
  return bytesOfTrace.get(trace) ?? avtraceBytes(trace);
}
