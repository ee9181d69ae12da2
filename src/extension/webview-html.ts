/**
 * The timeline webview's HTML: the webview bundle and stylesheet through asWebviewUri, a strict
 * CSP with a fresh nonce, and nothing remote. The same bundle renders the CLI's standalone HTML.
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import { escapeHtml } from '../run/html';

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''));
}

/** Content-Security-Policy for a nonce and the webview's resource origin. */
export function timelineCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function timelineHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { locale: string; title: string }, joinPath: (base: vscode.Uri, ...p: string[]) => vscode.Uri): string {
  const nonce = makeNonce();
  const script = webview.asWebviewUri(joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(joinPath(extensionUri, 'media', 'timeline.css'));
  return `<!DOCTYPE html>
<html lang="${escapeHtml(opts.locale)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${timelineCsp(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(style.toString())}" nonce="${nonce}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body data-host="vscode" data-locale="${escapeHtml(opts.locale)}">
<div id="app"></div>
<script nonce="${nonce}" src="${escapeHtml(script.toString())}"></script>
</body>
</html>`;
}
