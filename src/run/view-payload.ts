/**
 * The payload of the view (src/core/show.ts) for a bundle: the traces without their span objects
 * (the title is the page's or the panel's, not the view's), the spans packed as columns
 * (run/pack.ts: the core's encoder, gzip, base64), and the core's summary of each run. The
 * standalone HTML embeds it; the VS Code panel posts it.
 */
import type { ShowBundle, ViewPayload } from '../core/show';
import { summarize } from '../core/summary';
import { packSpans } from './pack';

export function viewPayload(b: ShowBundle): ViewPayload {
  const p: ViewPayload = { trace: { ...b.trace, spans: [] }, spanColumns: [packSpans(b.trace.spans)], summaries: [summarize(b.trace)] };
  if (b.compare) {
    p.compare = { ...b.compare, spans: [] };
    p.spanColumns.push(packSpans(b.compare.spans));
    p.summaries.push(summarize(b.compare));
  }
  if (b.labels) p.labels = b.labels;
  if (b.locale !== undefined) p.locale = b.locale;
  if (b.note !== undefined) p.note = b.note;
  if (b.python !== undefined) p.python = b.python;
  if (b.predict === true) p.predict = true;
  return p;
}
