import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';

suite('activation and commands', () => {
  test('every contributed command is registered', async () => {
    await api();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ['asyncViz.visualize', 'asyncViz.visualizeFunction', 'asyncViz.compare', 'asyncViz.stop', 'asyncViz.exportTrace', 'asyncViz.openExample']) {
      assert.ok(contributed.includes(id), `${id} contributed`);
    }
    for (const id of contributed) assert.ok(registered.has(id), `${id} registered`);
  });

  test('settings have their documented defaults', () => {
    const c = vscode.workspace.getConfiguration('asyncViz');
    assert.strictEqual(c.get('timeoutMs'), 10000);
    assert.strictEqual(c.get('maxEvents'), 1000000);
    assert.strictEqual(c.get('blockingThresholdMs'), 10);
    assert.strictEqual(c.get('nodePath'), '');
    assert.strictEqual(c.get('codeLens.enabled'), true);
    assert.strictEqual(c.get('inlineHints.enabled'), true);
  });

  test('the workspace is trusted in this run', () => {
    assert.strictEqual(vscode.workspace.isTrusted, true);
  });
});
