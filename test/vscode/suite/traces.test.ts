/**
 * Saved traces in a real VS Code: Export Trace writes an .avtrace that reads back as the trace
 * shown; Open Trace… shows an .avtrace or a trace .json in the panel (the webview receives it, a
 * bar's line opens the recorded file); opening an .avtrace file opens its timeline in the trace
 * editor, which follows the file when it is written again, shows a damaged file's reason, and is
 * what Export Trace exports while it is in front.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, fixture, openFixture, postedShows, until } from './helpers';
import { readAvtrace, writeAvtrace } from '../../../src/run/avtrace-file';
import { spanAt, type ColumnarTrace } from '../../../src/core/columns/table';
import type { Trace } from '../../../src/core/trace';
import type { TimelinePanel } from '../../../src/extension/panel';
import { TRACE_EDITOR } from '../../../src/extension/trace-editor';

/** The trace's spans as objects (for comparing a columnar trace with a plain one). */
const spansOf = (t: Trace | ColumnarTrace): unknown[] => (Array.isArray(t.spans) ? t.spans : Array.from({ length: t.spans.n }, (_, i) => spanAt((t as ColumnarTrace).spans, i)));

suite('saved traces: Open Trace…, the .avtrace editor, Export Trace', () => {
  let dir: string;
  let recorded: Trace;
  let avtrace: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(120_000);
    const a = await api();
    dir = mkdtempSync(path.join(os.tmpdir(), 'async-viz-traces-'));
    await openFixture('timers.ts');
    await vscode.commands.executeCommand('asyncViz.visualize', fixture('timers.ts'));
    recorded = a.services.last!.trace;
    avtrace = vscode.Uri.file(path.join(dir, 'timers.avtrace'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  test('Export Trace writes an .avtrace that reads back as the trace shown, smaller than its JSON', async () => {
    const written = await vscode.commands.executeCommand<vscode.Uri>('asyncViz.exportTrace', 'avtrace', avtrace);
    assert.strictEqual(written?.fsPath, avtrace.fsPath);
    const back = (await readAvtrace(avtrace.fsPath)).trace;
    assert.deepStrictEqual(spansOf(back), JSON.parse(JSON.stringify(recorded.spans)));
    assert.deepStrictEqual(back.events, JSON.parse(JSON.stringify(recorded.events)));
    const json = vscode.Uri.file(path.join(dir, 'timers.trace.json'));
    await vscode.commands.executeCommand('asyncViz.exportTrace', 'json', json);
    // A six-span trace: the fixed parts of the file (its header, the meta, each section's frame)
    // weigh most; the ratio on real sizes is bench:files' and the show tests'.
    assert.ok(readFileSync(avtrace.fsPath).length < readFileSync(json.fsPath).length, 'the .avtrace is the smaller file');
  });

  test('Open Trace… shows an .avtrace, and a trace .json, in the panel; a bar\'s line opens the recorded file', async () => {
    const a = await api();
    for (const file of [avtrace, vscode.Uri.file(path.join(dir, 'timers.trace.json'))]) {
      const panel = await vscode.commands.executeCommand<TimelinePanel>('asyncViz.openTrace', file);
      assert.ok(panel, `opened ${file.fsPath}`);
      assert.strictEqual(a.panel(), panel);
      assert.strictEqual(panel.panel.title, vscode.l10n.t('Trace: {0}', path.basename(file.fsPath)));
      assert.deepStrictEqual(spansOf(panel.shown!.trace), JSON.parse(JSON.stringify(recorded.spans)));
      panel.panel.reveal(undefined, false);
      await until('the webview to receive the saved trace', async () => panel.isReady && postedShows(panel.posted, recorded.meta.startedAt, recorded.spans.length), 30_000);
    }
    const line = recorded.spans.find((s) => s.line !== undefined)!.line!;
    const editor = await a.panel()!.openSource(line, undefined, 0);
    assert.strictEqual(editor?.document.uri.fsPath, fixture('timers.ts').fsPath);
    assert.strictEqual(editor?.selection.active.line, line - 1);
  });

  test('opening an .avtrace file opens its timeline in the trace editor; written again, it shows the new trace', async () => {
    const a = await api();
    const file = vscode.Uri.file(path.join(dir, 'opened.avtrace'));
    writeFileSync(file.fsPath, readFileSync(avtrace.fsPath));
    await vscode.commands.executeCommand('vscode.open', file);
    const tab = await until('a trace editor tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === file.fsPath), 15_000);
    assert.strictEqual((tab.input as vscode.TabInputCustom).viewType, TRACE_EDITOR);
    const view = await until('the trace editor\'s view', () => a.traceEditors().find((v) => v.shown && spansOf(v.shown.trace).length === recorded.spans.length), 15_000);
    assert.notStrictEqual(view, a.panel(), 'the editor is not the panel');
    await until('the editor\'s webview to receive the trace', async () => view.isReady && postedShows(view.posted, recorded.meta.startedAt, recorded.spans.length), 30_000);
    // Export Trace exports the timeline in front: this editor's trace.
    const exported = vscode.Uri.file(path.join(dir, 'from-editor.trace.json'));
    await vscode.commands.executeCommand('asyncViz.exportTrace', 'json', exported);
    assert.strictEqual(JSON.parse(readFileSync(exported.fsPath, 'utf8')).meta.startedAt, recorded.meta.startedAt);
    // The file written again (another run): the editor follows.
    const other = JSON.parse(readFileSync(path.join(process.env.ASYNC_VIZ_TEST_ROOT!, 'test', 'fixtures', 'traces', 'workers.json'), 'utf8')) as Trace;
    await writeAvtrace(file.fsPath, other);
    await until('the editor to show the file as written again', async () => view.isReady && postedShows(view.posted, other.meta.startedAt, other.spans.length), 30_000);
  });

  test('a damaged .avtrace opens with its reason, in one sentence, in the editor', async () => {
    const a = await api();
    const file = vscode.Uri.file(path.join(dir, 'damaged.avtrace'));
    writeFileSync(file.fsPath, 'this is not a trace');
    await vscode.commands.executeCommand('vscode.open', file);
    const view = await until('the damaged file\'s editor', () => a.traceEditors().find((v) => v.panel.title === 'damaged.avtrace' || v.posted.some((m) => m.type === 'status' && m.text.includes('damaged.avtrace'))), 15_000);
    await until('its reason', () => view.posted.some((m) => m.type === 'status' && m.state === 'error' && m.text.includes('damaged.avtrace is not an .avtrace file')), 15_000);
    assert.ok(!view.shown, 'nothing shown');
    assert.ok(!view.posted.some((m) => m.type === 'show'));
  });
});
