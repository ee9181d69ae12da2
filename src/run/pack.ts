/**
 * The writing end of the span columns' transport: the core encoder (src/core/columns/encode.ts),
 * then gzip and base64, so the columns fit in a JSON payload (the standalone HTML's embedded data
 * and the VS Code panel's message).
 */
import { gzipSync } from 'node:zlib';
import type { Span } from '../core/trace';
import { encodeColumns } from '../core/columns/encode';
import type { PackedSpans } from '../core/columns/format';

export function packSpans(spans: Span[]): PackedSpans {
  const { header, bytes } = encodeColumns(spans);
  return { ...header, gzip: true, data: gzipSync(bytes, { level: 6 }).toString('base64') };
}
