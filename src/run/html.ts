/**
 * The standalone timeline: one self-contained HTML file (no server, no network) with the webview
 * bundle and its CSS inlined under a strict CSP with a fresh nonce, and the view's payload
 * (src/core/show.ts: the traces, their spans as packed columns) embedded as JSON in
 * <script type="application/json"> (every `<` escaped as \u003c, so no text from the user's
 * program can close the script element). The webview boots from that JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { ShowBundle } from '../core/show';
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

/** One self-contained HTML page showing the bundle (its trace, and the compared one). */
export function renderHtml(opts: ShowBundle): string {
  const js = readFileSync(findAsset(['dist', 'webview.js']), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const css = readFileSync(findAsset(['media', 'timeline.css']), 'utf8');
  const nonce = randomBytes(16).toString('base64');
  const file = opts.trace.meta?.file ?? '';
  const title = opts.title ?? `Async Viz — ${file.split(/[\\/]/).pop() || 'trace'}`;
  // The view's payload: spans as columns, the rest of each trace as JSON (the panel posts the same).
  const payload = viewPayload(opts);
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
