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

/** Un-gzips one section's data: the bytes written straight into a DecompressionStream (half the time of a Blob → Response round). */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  writer.write(bytes as unknown as ArrayBufferView<ArrayBuffer>).catch(() => undefined); // the reader below reports a failure
  writer.close().catch(() => undefined);
  const reader = ds.readable.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.length;
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** The trace in .avtrace bytes (throws on bytes that are not base64, not an .avtrace file, or damaged). */
export async function unpackTrace(data: string | Uint8Array): Promise<ColumnarTrace> {
  const bytes = typeof data === 'string' ? base64Bytes(data) : data;
  const reader = new SectionReader('the trace');
  const assembler = new TraceAssembler('the trace');
  for (const s of reader.push(bytes)) assembler.add(s);
  return (await assembler.finish(gunzip, reader.leftover())).trace;
}
