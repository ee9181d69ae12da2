/** Shared helpers for the extension-host tests. */
import * as vscode from 'vscode';
import path from 'node:path';
import type { AsyncVizApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'async-viz.async-viz';

export async function api(): Promise<AsyncVizApi> {
  const ext = vscode.extensions.getExtension<AsyncVizApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

export function fixture(name: string): vscode.Uri {
  const dir = process.env.ASYNC_VIZ_TEST_FIXTURES ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
  return vscode.Uri.file(path.join(dir, name));
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
}

export async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Our CodeLenses for a document (other extensions' lenses filtered out). */
export async function lensesFor(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return all.filter((l) => l.command?.command.startsWith('asyncViz.'));
}

export { isAlive, isGroupAlive } from '../../../src/run/process-group';
