/**
 * Runs with workspace trust on (the bridge omits --disable-workspace-trust): the folder opens in
 * Restricted Mode, so nothing may run.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import path from 'node:path';
import { api, fixture, openFixture } from './helpers';

suite('untrusted workspace', () => {
  test('the folder is in Restricted Mode', function () {
    if (vscode.workspace.isTrusted) this.skip(); // a host that cannot open untrusted (desktop runTests)
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  test('Visualize Async refuses to run and starts no process', async function () {
    if (vscode.workspace.isTrusted) this.skip();
    const a = await api();
    await openFixture('timers.ts');
    const result = await vscode.commands.executeCommand('asyncViz.visualize', fixture('timers.ts'));
    assert.strictEqual(result, undefined);
    assert.strictEqual(a.services.runs.isRunning, false);
    assert.strictEqual(a.services.last, undefined);
    assert.strictEqual(a.panel(), undefined, 'no panel opened');
    for (const cmd of ['asyncViz.visualizeFunction', 'asyncViz.compare']) {
      assert.strictEqual(await vscode.commands.executeCommand(cmd, fixture('timers.ts'), cmd === 'asyncViz.compare' ? { second: { fn: 'concurrent' } } : 'main'), undefined, cmd);
    }
    assert.strictEqual(a.services.last, undefined);
  });

  test('Open Async Example opens the lesson to read but runs nothing', async function () {
    if (vscode.workspace.isTrusted) this.skip();
    const a = await api();
    const opened = await vscode.commands.executeCommand<{ editor: vscode.TextEditor; run?: unknown; compare?: unknown }>('asyncViz.openExample', 2);
    assert.ok(opened?.editor, 'the example is open in the editor');
    assert.match(opened.editor.document.uri.fsPath, /promise-all\.ts$/);
    assert.strictEqual(opened.run, undefined);
    assert.strictEqual(a.services.last, undefined);
    assert.strictEqual(a.panel(), undefined, 'no panel opened');
  });

  test('CodeLenses are still shown (reading is safe), the commands explain', async function () {
    if (vscode.workspace.isTrusted) this.skip();
    await api();
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fixture('timers.ts'));
    assert.ok((lenses ?? []).some((l) => l.command?.command === 'asyncViz.visualize'));
  });

  // Last: it opens the panel, which the tests above check stays closed.
  test('Open Trace… shows a saved trace in Restricted Mode too: reading runs nothing', async function () {
    if (vscode.workspace.isTrusted) this.skip();
    const a = await api();
    const file = vscode.Uri.file(path.join(process.env.ASYNC_VIZ_TEST_ROOT!, 'test', 'fixtures', 'traces', 'workers.json'));
    const panel = await vscode.commands.executeCommand<{ shown?: { trace: { meta: { file: string } } } }>('asyncViz.openTrace', file);
    assert.strictEqual(panel?.shown?.trace.meta.file, '/w/user.ts');
    assert.strictEqual(a.services.runs.isRunning, false);
    assert.strictEqual(a.services.last, undefined, 'nothing ran');
  });
});
