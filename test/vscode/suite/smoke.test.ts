import * as assert from 'node:assert';
import * as vscode from 'vscode';

suite('host', () => {
  test('runs inside a real VS Code extension host', () => {
    assert.ok(vscode.version, 'vscode.version');
    assert.ok(vscode.workspace.workspaceFolders?.length, 'a workspace folder is open');
  });
});
