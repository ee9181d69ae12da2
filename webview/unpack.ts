/**
 * The view's end of the span columns' transport: base64, then gunzip (the browser's
 * DecompressionStream), then the core decoder (src/core/columns/decode.ts).
 */
import type { PackedSpans } from '../src/core/columns/format';
import { decodeColumns } from '../src/core/columns/decode';
import type { SpanTable } from '../src/core/columns/table';

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

/** The span table of packed columns (throws on a blob that is not base64 or not gzip). */
export async function unpackSpans(p: PackedSpans): Promise<SpanTable> {
  const raw = base64Bytes(p.data);
  return decodeColumns(p, p.gzip ? await gunzip(raw) : raw);
}
