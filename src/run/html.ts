/**
 * The standalone timeline: one self-contained HTML file (no server, no network) with the webview
 * bundle and its CSS inlined under a strict CSP with a fresh nonce, and the trace embedded as JSON
 * in <script type="application/json"> (every `<` escaped as \u003c, so no text from the user's
 * program can close the script element). The webview boots from that JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { Trace, Span } from '../core/trace';
import { summarize } from '../core/summary';

export interface RenderHtmlOptions {
  trace: Trace;
  /** A second trace drawn below the first on the same axis, with the speedup. */
  compare?: Trace;
  /** Labels of the two variants (default: the file names). */
  labels?: [string, string];
  /** Page title (default: "Async Viz — <file>"). */
  title?: string;
  /** UI language (`en`, `ko`). */
  locale?: string;
  /** The lesson's "what to notice" text, shown beside the timeline (plain text). */
  note?: string;
  /** The lesson's bridge from Python (its twin's name and the mapping), shown with the note (plain text). */
  python?: string;
  /** Predict, then reveal: the learner guesses the order of the console lines before seeing the run. */
  predict?: boolean;
}

/** Finds a built file from dist/cli.js, dist/extension.js or the TypeScript sources under tsx. */
function findAsset(rel: string[]): string {
  const roots = [path.join(__dirname, '..'), __dirname, path.join(__dirname, '..', '..'), process.cwd()];
  for (const r of roots) {
    const p = path.join(r, ...rel);
    if (existsSync(p)) return p;
  }
  throw new Error(`Async Viz: ${rel.join('/')} is missing. Run \`npm run build\` first.`);
}

const KIND_CODE: Record<string, number> = { script: 0, nextTick: 1, microtask: 2, timer: 3, immediate: 4, io: 5, await: 6 };

/** Growable byte buffer of LEB128 varints (non-negative integers below 2^53). */
class Varints {
  buf = Buffer.alloc(1 << 12);
  len = 0;
  push(v: number): void {
    if (this.len + 10 > this.buf.length) { const nb = Buffer.alloc(this.buf.length * 2); this.buf.copy(nb, 0, 0, this.len); this.buf = nb; }
    while (v >= 0x80) { this.buf[this.len++] = (v % 0x80) | 0x80; v = Math.floor(v / 0x80); }
    this.buf[this.len++] = v;
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}
const zigzag = (v: number): number => (v >= 0 ? 2 * v : -2 * v - 1);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** True when every time of these spans is a whole number of microseconds (as the recorder writes them). */
function wholeMicroseconds(spans: Span[]): boolean {
  const whole = (ms: unknown): boolean => !isNum(ms) || Math.abs(ms * 1e3 - Math.round(ms * 1e3)) < 1e-6;
  for (const s of spans) if (!whole(s.start) || !whole(s.end) || !whole(s.scheduled)) return false;
  return true;
}

/** The span columns of the standalone HTML (decoded by webview/span-table.ts `tableFromColumns`). */
export interface PackedSpans {
  v: 2;
  n: number;
  /** Time unit of the time columns, in ns: 1000 when every time is whole µs, else 1. */
  tick: number;
  gzip: boolean;
  /** The varint columns one after another, gzip'd, base64. */
  data: string;
  /** [column, byteOffset, byteLength] of each column present. */
  layout: [string, number, number][];
  /** Distinct span labels; the `label` column indexes them. */
  labels: string[];
}

/**
 * The spans as columns of varints in one gzip'd base64 blob (format v2; each column's encoding is
 * described in webview/span-table.ts): a million spans load in the page without a million objects
 * being parsed. Times are whole microseconds when they all are (the recorder's precision), else
 * whole nanoseconds. Columns holding only defaults are left out.
 */
export function packSpans(spans: Span[]): PackedSpans {
  const n = spans.length;
  const tick = wholeMicroseconds(spans) ? 1000 : 1;
  const perMs = 1e6 / tick;
  const ticks = (ms: unknown): number => (isNum(ms) ? Math.round(ms * perMs) : 0);
  const labels: string[] = [];
  const labelIdx = new Map<string, number>();
  const names = ['start', 'dur', 'lane', 'kind', 'label', 'line', 'col', 'trigger', 'parent', 'call', 'asyncId', 'scheduled', 'ids', 'open'] as const;
  type Col = (typeof names)[number];
  const col = Object.fromEntries(names.map((k) => [k, new Varints()])) as Record<Col, Varints>;
  const used = new Set<Col>(['start', 'dur', 'lane', 'kind', 'label']);
  const plusOne = (k: Col, v: unknown): void => {
    if (isNum(v) && v >= 0) { col[k].push(Math.floor(v) + 1); used.add(k); } else col[k].push(0);
  };
  const relative = (k: Col, i: number, id: unknown): void => {
    if (isNum(id)) { col[k].push(zigzag(i - Math.floor(id)) + 1); used.add(k); } else col[k].push(0);
  };
  let prev = 0, prevAsync = 0;
  for (let i = 0; i < n; i++) {
    const s = spans[i];
    const st = ticks(s.start);
    col.start.push(zigzag(st - prev));
    prev = st;
    col.dur.push(Math.max(0, ticks(s.end) - st));
    col.lane.push(isNum(s.lane) && s.lane >= 0 ? Math.floor(s.lane) : 0);
    col.kind.push(KIND_CODE[s.kind] ?? 5);
    const label = typeof s.label === 'string' ? s.label : '';
    let li = labelIdx.get(label);
    if (li === undefined) { li = labels.length; labels.push(label); labelIdx.set(label, li); }
    col.label.push(li);
    plusOne('line', s.line);
    plusOne('col', s.col);
    plusOne('call', s.call);
    if (isNum(s.asyncId) && s.asyncId >= 0) {
      const a = Math.floor(s.asyncId);
      col.asyncId.push(zigzag(a - prevAsync) + 1);
      prevAsync = a;
      used.add('asyncId');
    } else col.asyncId.push(0);
    relative('trigger', i, s.trigger);
    relative('parent', i, s.parent);
    if (isNum(s.scheduled)) { col.scheduled.push(zigzag(st - ticks(s.scheduled)) + 1); used.add('scheduled'); } else col.scheduled.push(0);
    const id = isNum(s.id) ? Math.floor(s.id) : i;
    col.ids.push(zigzag(id - i));
    if (id !== i) used.add('ids');
    col.open.push(s.open ? 1 : 0);
    if (s.open) used.add('open');
  }
  const layout: [string, number, number][] = [];
  const parts: Buffer[] = [];
  let off = 0;
  for (const k of names) {
    if (!used.has(k)) continue;
    const b = col[k].bytes();
    layout.push([k, off, b.length]);
    parts.push(b);
    off += b.length;
  }
  return { v: 2, n, tick, gzip: true, data: gzipSync(Buffer.concat(parts), { level: 6 }).toString('base64'), layout, labels };
}

/** JSON that is safe inside a <script> element: no `<` (so no `</script>` or `<!--`), no U+2028/9. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text safe inside HTML text and quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One self-contained HTML page showing the trace (and the compared one). */
export function renderHtml(opts: RenderHtmlOptions): string {
  const js = readFileSync(findAsset(['dist', 'webview.js']), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const css = readFileSync(findAsset(['media', 'timeline.css']), 'utf8');
  const nonce = randomBytes(16).toString('base64');
  const file = opts.trace.meta?.file ?? '';
  const title = opts.title ?? `Async Viz — ${file.split(/[\\/]/).pop() || 'trace'}`;
  // Spans travel as columns (see packSpans); the rest of each trace as JSON.
  const traces = opts.compare ? [opts.trace, opts.compare] : [opts.trace];
  const spanColumns = traces.map((tr) => packSpans(tr.spans));
  const lean = traces.map((tr) => ({ ...tr, spans: [] }));
  const payload = { summaries: traces.map(summarize), trace: lean[0], compare: lean[1], labels: opts.labels, locale: opts.locale, note: opts.note, python: opts.python, predict: opts.predict === true ? true : undefined, spanColumns };
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  // A literal `</script` inside the bundle would end the element early; escape it defensively.
  const safeJs = js.replace(/<\/(script)/gi, '<\\/$1');
  const safeCss = css.replace(/<\/(style)/gi, '<\\/$1');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(opts.locale?.split(/[-_]/)[0] || 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${safeCss}</style>
</head>
<body class="standalone">
<div id="app"></div>
<script type="application/json" id="async-viz-data">${scriptSafeJson(payload)}</script>
<script nonce="${nonce}">${safeJs}</script>
</body>
</html>
`;
}
