/**
 * The payload of the view (src/core/show.ts) for a bundle: each trace as .avtrace bytes (the
 * core's sections gzip'd, run/avtrace-file.ts; the bytes a trace was read from when it came from
 * an .avtrace file), base64'd for a JSON payload or left as bytes for a structured-cloned message,
 * and the core's summary of each run. The standalone HTML embeds it; the VS Code panel posts it.
 */
import type { ShowBundle, ViewPayload } from '../core/show';
import type { Trace } from '../core/trace';
import type { ColumnarTrace } from '../core/columns/table';
import { summarize } from '../core/summary';
import { avtraceBytesOf } from './avtrace-file';

export interface PayloadOptions {
  /** Carry the traces as bytes (a message to a webview), not as base64 text (JSON). */
  bytes?: boolean;
}

export function viewPayload(b: ShowBundle, opts: PayloadOptions = {}): ViewPayload {
  const runs: (Trace | ColumnarTrace)[] = b.compare ? [b.trace, b.compare] : [b.trace];
  const traces = runs.map((t) => {
    const bytes = avtraceBytesOf(t);
    // Bytes of their own (not a view into a shared pool): a message carries exactly these.
    return opts.bytes ? new Uint8Array(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  });
  const p: ViewPayload = { traces, summaries: runs.map((t) => summarize(t)) };
  if (b.labels) p.labels = b.labels;
  if (b.locale !== undefined) p.locale = b.locale;
  if (b.note !== undefined) p.note = b.note;
  if (b.python !== undefined) p.python = b.python;
  if (b.predict === true) p.predict = true;
  return p;
}
