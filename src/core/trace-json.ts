/**
 * A trace's JSON (the format of docs/trace-format.md, what `--json` writes) as a sequence of
 * strings, so a writer streams it instead of building one string (which V8 caps at 512 MB).
 * For a plain trace the concatenation is exactly `JSON.stringify(trace)`; a trace whose spans are
 * columns writes each span as the object `spanAt` makes.
 */
import type { Trace } from './trace';
import { spanAt, type ColumnarTrace } from './columns/table';

/** Array items joined per string. */
const ITEMS_PER_PIECE = 4096;

function* arrayText(n: number, item: (i: number) => string | undefined): Generator<string> {
  yield '[';
  let parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(item(i) ?? 'null');
    if (parts.length === ITEMS_PER_PIECE) { yield (i + 1 > ITEMS_PER_PIECE ? ',' : '') + parts.join(','); parts = []; }
  }
  if (parts.length) yield (n > parts.length ? ',' : '') + parts.join(',');
  yield ']';
}

export function* traceJsonText(trace: Trace | ColumnarTrace): Generator<string> {
  yield '{';
  let first = true;
  for (const [key, value] of Object.entries(trace)) {
    // JSON.stringify leaves out what has no JSON (undefined, functions, symbols).
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key === 'spans' && !Array.isArray(value)) {
      const t = (trace as ColumnarTrace).spans;
      yield* arrayText(t.n, (i) => JSON.stringify(spanAt(t, i)));
    } else if (Array.isArray(value)) {
      yield* arrayText(value.length, (i) => JSON.stringify(value[i]));
    } else {
      yield JSON.stringify(value);
    }
  }
  yield '}';
}
