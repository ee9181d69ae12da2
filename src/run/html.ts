/**
 * The standalone timeline: one self-contained HTML file (no server, no network) with the webview
 * bundle and its CSS inlined under a strict CSP with a fresh nonce, and the view's payload
 * (src/core/show.ts: each trace as .avtrace bytes, base64) embedded as JSON in
 * <script type="application/json"> (every `<` escaped as \u003c, so no text from the user's
 * program can close the script element). The webview boots from that JSON. The served page
 * (`servedHtml`, run/view-server.ts) is the same page whose traces are fetched from its own origin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ShowBundle, ViewPayload } from '../core/show';
import { viewPayload } from './view-payload';

/** Finds a built file from dist/cli.js, dist/extension.js or the TypeScript sources under tsx. */
function findAsset(rel: string[]): string {
  const roots = [path.join(__dirname, '..'), __dirname, path.join(__dirname, '..', '..'), process.cwd()];
  for (const r of roots) {
    const p = path.join(r, ...rel);
    if (existsSync(p)) return p;
  }
  throw new Error(`Async Viz: ${rel.join('/')} is missing. Run \`npm run build\` first.`);
}

/** JSON that is safe inside a <script> element: no `<` (so no `</script>` or `<!--`), no U+2028/9. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text safe inside HTML text and quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A fresh nonce for a page's CSP. */
export const pageNonce = (): string => randomBytes(16).toString('base64');

/** One self-contained HTML page showing the bundle (its trace, and the compared one). */
export function renderHtml(opts: ShowBundle): string {
  return page(opts, viewPayload(opts), pageNonce(), false);
}

/**
 * The page a local server serves for the bundle (`nonce`: the one its CSP header names too): the
 * same page, its payload's traces replaced by the addresses (relative, same origin) they are
 * fetched from, `trace-0.avtrace`, `trace-1.avtrace`.
 */
export function servedHtml(opts: ShowBundle, payload: ViewPayload, nonce: string): string {
  return page(opts, { ...payload, traces: payload.traces.map((_, i) => `trace-${i}.avtrace`) }, nonce, true);
}

/** The Content-Security-Policy of the page: nothing but its own inlined code; a served page may also fetch from its origin. */
export function pageCsp(nonce: string, served: boolean): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    ...(served ? ["connect-src 'self'"] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function page(opts: ShowBundle, payload: ViewPayload, nonce: string, served: boolean): string {
  const js = readFileSync(findAsset(['dist', 'webview.js']), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const css = readFileSync(findAsset(['media', 'timeline.css']), 'utf8');
  const file = opts.trace.meta?.file ?? '';
  const title = opts.title ?? `Async Viz — ${file.split(/[\\/]/).pop() || 'trace'}`;
  const csp = pageCsp(nonce, served);
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
<script type="application/json" id="async-viz-data"${served ? ' data-fetch="traces"' : ''}>${scriptSafeJson(payload)}</script>
<script nonce="${nonce}">${safeJs}</script>
</body>
</html>
`;
}
