import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { api, fixture, isAlive, isGroupAlive, openFixture, until } from './helpers';
import type { FinishedRun } from '../../../src/extension/runs';
import { isTrace } from '../../../src/core/protocol';

const lineOf = (doc: vscode.TextDocument, needle: string) => doc.getText().split('\n').findIndex((t) => t.includes(needle));

const get = (port: number, p: string) =>
  new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve(body));
    }).on('error', reject);
  });

suite('running snippets', () => {
  suiteSetup(async () => {
    await api();
  });

  test('Visualize Async runs the active file: trace with the main lane, awaits, panel and inline hints', async () => {
    const a = await api();
    const editor = await openFixture('timers.ts');
    const run = await vscode.commands.executeCommand<FinishedRun>('asyncViz.visualize');
    assert.ok(run, 'the command returned a run');
    const t = run.result.trace;
    assert.strictEqual(run.result.outcome, 'ok', t.meta.exit.error);
    assert.strictEqual(t.lanes[0].kind, 'main');
    assert.strictEqual(t.lanes.length, 1);
    assert.ok(t.asyncCalls.some((c) => c.name === 'main'), 'async call main');
    const awaitLine = lineOf(editor.document, 'await sleep(50)') + 1;
    const waits = t.spans.filter((s) => s.kind === 'await' && s.line === awaitLine);
    assert.strictEqual(waits.length, 1, 'one await span on the sleep line');
    assert.ok(waits[0].end - waits[0].start >= 45, `awaited ${waits[0].end - waits[0].start} ms`);
    const out = t.events.filter((e) => e.kind === 'console').map((e) => (e as { text: string }).text);
    assert.deepStrictEqual(out.slice(0, 2), ['start', 'after sleep']);

    const panel = a.panel();
    assert.ok(panel, 'panel open');
    assert.strictEqual(panel.shown?.trace, t);
    assert.strictEqual(panel.panel.viewType, 'asyncViz.timeline');

    const hints = a.services.hints.current;
    const hint = hints.find((h) => h.range.start.line === awaitLine - 1);
    assert.ok(hint, `a hint on line ${awaitLine}: ${JSON.stringify(hints.map((h) => h.range.start.line))}`);
    assert.match(String(hint.renderOptions?.after?.contentText), /^⏸ awaited \d+(\.\d)? ms/);
  });

  test('inline hints clear on edit', async () => {
    const a = await api();
    const editor = await openFixture('timers.ts');
    await vscode.commands.executeCommand('asyncViz.visualize');
    assert.ok(a.services.hints.current.length > 0);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), ' '));
    try {
      assert.strictEqual(a.services.hints.current.length, 0);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('▶ Visualize on a function runs the module then calls it (entryFunction)', async () => {
    const run = await vscode.commands.executeCommand<FinishedRun>('asyncViz.visualizeFunction', fixture('timers.ts'), 'concurrent');
    assert.ok(run);
    assert.strictEqual(run.result.trace.meta.entryFunction, 'concurrent');
    assert.ok(run.result.trace.asyncCalls.some((c) => c.name === 'concurrent'));
    assert.ok(run.result.trace.events.some((e) => e.kind === 'console' && e.text === 'both done'));
  });

  test('a selection runs alone and its lines map back to the document', async () => {
    const editor = await openFixture('timers.ts');
    const doc = editor.document;
    const first = lineOf(doc, 'const sleep');
    editor.selection = new vscode.Selection(first, 0, lineOf(doc, 'export function needsArg') - 1, 0);
    try {
      const run = await vscode.commands.executeCommand<FinishedRun>('asyncViz.visualize');
      assert.ok(run);
      assert.strictEqual(run.target.lineOffset, first);
      // Only the selected code ran: main() is declared but never called there.
      assert.ok(!run.result.trace.events.some((e) => e.kind === 'console' && e.text === 'start'));
    } finally {
      editor.selection = new vscode.Selection(0, 0, 0, 0);
    }
  });

  test('an untitled editor runs too', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: "setTimeout(() => console.log('late'), 5);\nconsole.log('early');\n" });
    await vscode.window.showTextDocument(doc);
    const run = await vscode.commands.executeCommand<FinishedRun>('asyncViz.visualize');
    assert.ok(run);
    assert.strictEqual(run.result.outcome, 'ok', run.result.trace.meta.exit.error);
    const out = run.result.trace.events.filter((e) => e.kind === 'console').map((e) => (e as { text: string }).text);
    assert.deepStrictEqual(out, ['early', 'late']);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('openSource from the webview reveals the line in the editor the trace came from', async () => {
    const a = await api();
    await openFixture('timers.ts');
    await vscode.commands.executeCommand('asyncViz.visualize');
    await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
    const editor = await a.panel()!.openSource(6, 3, 0);
    assert.ok(editor);
    assert.strictEqual(path.basename(editor.document.uri.fsPath), 'timers.ts');
    assert.strictEqual(editor.selection.active.line, 5);
    assert.strictEqual(editor.selection.active.character, 2);
  });

  test('Stop Async Run kills the run and leaves no process', async () => {
    const a = await api();
    await openFixture('forever.ts');
    const pending = vscode.commands.executeCommand<FinishedRun>('asyncViz.visualize');
    await until('the run to start', () => a.services.runs.isRunning);
    // Past the transpile and start-up, into the ticking.
    await new Promise((r) => setTimeout(r, 2500));
    const t0 = Date.now();
    assert.strictEqual(await vscode.commands.executeCommand('asyncViz.stop'), true);
    const run = await pending;
    assert.ok(Date.now() - t0 < 5000, 'stopped promptly');
    assert.ok(run);
    assert.strictEqual(run.result.outcome, 'cancelled');
    assert.strictEqual(run.result.trace.meta.exit.cancelled, true);
    assert.ok(run.result.trace.events.some((e) => e.kind === 'console' && e.text === 'tick'), 'the partial trace is kept');
    const pid = run.result.trace.lanes[0].pid;
    assert.ok(pid > 0);
    await until(`process ${pid} to be gone`, () => !isAlive(pid), 3000);
    await until(`process group ${pid} to be gone`, () => !isGroupAlive(pid), 3000);
    assert.strictEqual(a.services.runs.isRunning, false);
  });

  test('Stop on a running server keeps the partial trace in the panel, which says it was stopped', async () => {
    const a = await api();
    const portFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'async-viz-port-')), 'port');
    // The recorded server inherits the extension host's environment, and writes its port there.
    process.env.ASYNC_VIZ_TEST_PORT_FILE = portFile;
    try {
      await openFixture('server.ts');
      const pending = vscode.commands.executeCommand<FinishedRun>('asyncViz.visualize');
      const port = await until('the server to listen', () => existsSync(portFile) && Number(readFileSync(portFile, 'utf8')), 30_000);
      for (const p of ['/one', '/two']) assert.strictEqual(await get(port, p), 'hi\n');
      assert.strictEqual(await vscode.commands.executeCommand('asyncViz.stop'), true);
      const run = await pending;
      assert.ok(run, 'a stopped run is still a finished run');
      const t = run.result.trace;
      assert.strictEqual(run.result.outcome, 'cancelled');
      assert.strictEqual(t.meta.exit.cancelled, true);
      assert.strictEqual(t.meta.exit.stoppedBy, 'stop');
      assert.match(t.meta.exit.error ?? '', /^Stopped with Stop Async Run after /);
      const answered = t.events.filter((e) => e.kind === 'console').map((e) => (e as { text: string }).text).filter((x) => x.startsWith('answered'));
      assert.deepStrictEqual(answered, ['answered /one', 'answered /two'], 'every request answered before Stop is in the trace');
      const panel = a.panel();
      assert.ok(panel, 'the panel is open');
      await until('the panel to show the stopped run', () => panel.shown?.trace === t);
      const pid = t.lanes[0].pid;
      await until(`server ${pid} to be gone`, () => !isAlive(pid) && !isGroupAlive(pid), 3000);
    } finally {
      delete process.env.ASYNC_VIZ_TEST_PORT_FILE;
      rmSync(path.dirname(portFile), { recursive: true, force: true });
    }
  });

  test('Export Trace writes valid trace JSON', async () => {
    await openFixture('timers.ts');
    await vscode.commands.executeCommand('asyncViz.visualize');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'async-viz-export-'));
    try {
      const target = vscode.Uri.file(path.join(dir, 'timers.trace.json'));
      const written = await vscode.commands.executeCommand<vscode.Uri>('asyncViz.exportTrace', 'json', target);
      assert.strictEqual(written?.fsPath, target.fsPath);
      assert.ok(existsSync(target.fsPath));
      assert.ok(isTrace(JSON.parse(readFileSync(target.fsPath, 'utf8'))));
      const chrome = vscode.Uri.file(path.join(dir, 'timers.chrome-trace.json'));
      await vscode.commands.executeCommand('asyncViz.exportTrace', 'chrome', chrome);
      const events = JSON.parse(readFileSync(chrome.fsPath, 'utf8')).traceEvents;
      assert.ok(Array.isArray(events) && events.length > 0, 'Chrome trace events');
      const html = vscode.Uri.file(path.join(dir, 'timers.html'));
      await vscode.commands.executeCommand('asyncViz.exportTrace', 'html', html);
      const page = readFileSync(html.fsPath, 'utf8');
      assert.match(page, /<script type="application\/json" id="async-viz-data">/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Compare Async Runs shows two runs on one axis', async () => {
    const a = await api();
    const res = await vscode.commands.executeCommand<{ a: FinishedRun; b: FinishedRun }>('asyncViz.compare', fixture('timers.ts'), { first: 'main', second: { fn: 'concurrent' } });
    assert.ok(res);
    const shown = a.panel()?.shown;
    assert.ok(shown?.compare, 'panel in compare mode');
    assert.deepStrictEqual(shown.labels, ['timers.ts: main()', 'timers.ts: concurrent()']);
    assert.strictEqual(a.panel()?.sources.length, 2);
  });

  test('the webview says ready and receives the trace (when the webview bundle is built)', async function () {
    const root = vscode.extensions.getExtension('async-viz.async-viz')!.extensionUri.fsPath;
    if (!existsSync(path.join(root, 'dist', 'webview.js'))) this.skip();
    const a = await api();
    await openFixture('timers.ts');
    await vscode.commands.executeCommand('asyncViz.visualize');
    const panel = a.panel()!;
    panel.panel.reveal();
    await until('webview ready', () => panel.isReady, 20_000);
    assert.ok(panel.posted.some((m) => m.type === 'show'), 'a show message was posted');
  });
});
