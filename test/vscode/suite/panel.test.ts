import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { api, until } from './helpers';
import type { TimelinePanel } from '../../../src/extension/panel';

suite('timeline panel', () => {
  test('strict CSP with a nonce, local resources only, the webview says ready', async function () {
    const a = await api();
    const root = vscode.extensions.getExtension('async-viz.async-viz')!.extensionUri.fsPath;
    const panel = await vscode.commands.executeCommand<TimelinePanel>('asyncViz.showPanel');
    assert.ok(panel);
    assert.strictEqual(panel.panel.viewType, 'asyncViz.timeline');
    const html = panel.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const nonce = /script-src 'nonce-([\w-]+)'/.exec(csp)?.[1];
    assert.ok(nonce, `nonce in ${csp}`);
    assert.match(csp, /^default-src 'none'; /);
    assert.ok(csp.includes(`style-src ${panel.panel.webview.cspSource} 'nonce-${nonce}'`), csp);
    assert.ok(csp.includes(`img-src ${panel.panel.webview.cspSource} data:`), csp);
    assert.ok(html.includes(`<script nonce="${nonce}" src=`), 'the script carries the nonce');
    assert.ok(!/src="https?:\/\/(?!.*vscode)/.test(html.replace(/src="[^"]*vscode-(?:resource|cdn|webview)[^"]*"/g, '')), 'no remote script');
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((u) => path.relative(root, u.fsPath)).sort();
    assert.deepStrictEqual(roots, ['dist', 'media']);
    if (!existsSync(path.join(root, 'dist', 'webview.js'))) this.skip();
    await until('the webview to say ready', () => panel.isReady, 30_000);
    assert.strictEqual(a.panel(), panel);
  });

  test('malformed messages from the webview are ignored', async () => {
    const a = await api();
    const panel = a.panel() ?? (await vscode.commands.executeCommand<TimelinePanel>('asyncViz.showPanel'));
    // Through the same path as the webview's messages: the guard drops them, nothing throws.
    const handler = (panel as unknown as { onMessage(m: unknown): void }).onMessage.bind(panel);
    for (const m of [null, 42, 'x', { type: 'openSource', line: -1 }, { type: 'openSource', line: 1.5 }, { type: 'nope' }, { type: 'state', state: 3 }]) handler(m);
    assert.ok(true);
  });
});
