import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, lensesFor, openFixture, until } from './helpers';

suite('CodeLens', () => {
  suiteSetup(async () => {
    await api();
  });

  test('file lenses on line 1, ▶ Visualize above zero-argument top-level functions only', async () => {
    const editor = await openFixture('timers.ts');
    const lenses = await until('lenses', async () => {
      const l = await lensesFor(editor.document.uri);
      return l.length > 0 && l;
    });
    const described = lenses.map((l) => `${l.range.start.line}:${l.command!.command}:${l.command!.arguments?.[1] ?? ''}`).sort();
    const lineOf = (needle: string) => editor.document.getText().split('\n').findIndex((t) => t.includes(needle));
    assert.deepStrictEqual(described, [
      '0:asyncViz.compare:',
      '0:asyncViz.visualize:',
      `${lineOf('export async function main')}:asyncViz.visualizeFunction:main`,
      `${lineOf('export const concurrent')}:asyncViz.visualizeFunction:concurrent`,
    ].sort());
  });

  test('typing an unbalanced brace keeps the last lenses (no flicker, no shift)', async () => {
    const editor = await openFixture('timers.ts');
    const before = (await lensesFor(editor.document.uri)).map((l) => l.range.start.line);
    await editor.edit((e) => e.insert(new vscode.Position(editor.document.lineCount - 1, 0), 'function half() {\n'));
    try {
      const during = (await lensesFor(editor.document.uri)).map((l) => l.range.start.line);
      assert.deepStrictEqual(during, before);
    } finally {
      await vscode.commands.executeCommand('undo');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('asyncViz.codeLens.enabled = false hides them', async () => {
    const editor = await openFixture('timers.ts');
    const c = vscode.workspace.getConfiguration('asyncViz');
    await c.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.strictEqual((await lensesFor(editor.document.uri)).length, 0);
    } finally {
      await c.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok((await lensesFor(editor.document.uri)).length > 0);
  });
});
