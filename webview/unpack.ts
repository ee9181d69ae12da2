/**
 * The view's end of the transport: a trace's .avtrace bytes (base64 text from the embedded page,
 * or bytes from a message), read by the core's section reader and assembler, each section
 * un-gzip'd by the browser's DecompressionStream: the trace, its spans as columns.
 */
import { SectionReader } from '../src/core/avtrace/reader';
import { TraceAssembler } from '../src/core/avtrace/assemble';
import type { ColumnarTrace } from '../src/core/columns/table';

function base64Bytes(s: string): Uint8Array {
  const from = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (from) return from(s);
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The trace in .avtrace bytes (throws on bytes that are not base64, not an .avtrace file, or damaged). */
export async function unpackTrace(data: string | Uint8Array): Promise<ColumnarTrace> {
  const bytes = typeof data === 'string' ? base64Bytes(data) : data;
  const reader = new SectionReader('the trace');
  const assembler = new TraceAssembler('the trace');
  for (const s of reader.push(bytes)) assembler.add(s);
  return (await assembler.finish(gunzip, reader.leftover())).trace;
}
