/**
 * "Compare Async Runs": the current file (or function) against a second function of the same
 * file, another file, or the lesson's partner file; both run one after the other (never at the
 * same time, so neither slows the other) and show on one time axis with the speedup.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import { scanFunctions } from '../core/top-level-functions';
import { targetFor, type RunTarget } from './target';
import { comparePartner } from './examples';

/** The second variant: a function of the same document or another file. */
export type CompareChoice = { fn: string } | { file: string };

export async function pickSecond(extensionUri: vscode.Uri, doc: vscode.TextDocument, first?: string): Promise<CompareChoice | undefined> {
  type Item = vscode.QuickPickItem & { choice?: CompareChoice; browse?: boolean };
  const items: Item[] = [];
  const partner = doc.uri.scheme === 'file' ? comparePartner(extensionUri, doc.uri.fsPath) : undefined;
  if (partner) items.push({ label: `$(beaker) ${path.basename(partner)}`, description: vscode.l10n.t('the other variant of this lesson'), choice: { file: partner } });
  for (const f of scanFunctions(doc.getText()).functions) {
    if (f.name !== first) items.push({ label: `$(symbol-function) ${f.name}()`, description: vscode.l10n.t('line {0}', f.line + 1), choice: { fn: f.name } });
  }
  items.push({ label: `$(file) ${vscode.l10n.t('Another file…')}`, browse: true });
  const item = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Compare {0} with…', first ? `${first}()` : path.basename(doc.uri.path)) });
  if (!item) return undefined;
  if (item.choice) return item.choice;
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    defaultUri: doc.uri.scheme === 'file' ? vscode.Uri.file(path.dirname(doc.uri.fsPath)) : undefined,
    filters: { 'TypeScript / JavaScript': ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'] },
  });
  return files?.[0] ? { file: files[0].fsPath } : undefined;
}

/** The run target for the second variant. */
export async function secondTarget(doc: vscode.TextDocument, choice: CompareChoice): Promise<RunTarget> {
  if ('fn' in choice) return targetFor(doc, undefined, choice.fn);
  const other = await vscode.workspace.openTextDocument(vscode.Uri.file(choice.file));
  return targetFor(other);
}
