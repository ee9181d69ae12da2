/**
 * CodeLenses: `▶ Visualize file` and `⇄ Compare…` above line 1, `▶ Visualize` above every
 * top-level function that needs no argument. The scan (src/core/top-level-functions.ts, the one
 * prepare checks an entry function against) is cached per document version;
 * while the braces do not balance (mid-edit) the last good lenses are returned as they were, so
 * lenses neither flicker nor shift the code while typing. Setting: asyncViz.codeLens.enabled.
 */
import * as vscode from 'vscode';
import { scanFunctions, type FunctionSite } from '../core/top-level-functions';
import { isRunnable } from './target';

interface CacheEntry {
  version: number;
  functions: FunctionSite[];
}

export class AsyncCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('asyncViz.codeLens')) this.changed.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
    );
  }

  /** The functions with lenses for a document (cached per version; last good while unbalanced). */
  functionsFor(doc: vscode.TextDocument): FunctionSite[] {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.functions;
    const scan = scanFunctions(doc.getText());
    if (!scan.balanced && hit) {
      // Keep the last good lenses (same count, same lines): no flicker, no jumping code.
      const lines = doc.lineCount;
      const kept = hit.functions.filter((f) => f.line < lines);
      this.cache.set(key, { version: doc.version, functions: kept });
      return kept;
    }
    this.cache.set(key, { version: doc.version, functions: scan.functions });
    return scan.functions;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('asyncViz', doc.uri).get<boolean>('codeLens.enabled', true)) return [];
    if (!isRunnable(doc)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, { title: vscode.l10n.t('▶ Visualize file'), tooltip: vscode.l10n.t('Run this file and show its async timeline'), command: 'asyncViz.visualize', arguments: [doc.uri] }),
      new vscode.CodeLens(top, { title: vscode.l10n.t('⇄ Compare…'), tooltip: vscode.l10n.t('Run this file and another variant on one time axis'), command: 'asyncViz.compare', arguments: [doc.uri] }),
    ];
    for (const f of this.functionsFor(doc)) {
      const range = new vscode.Range(f.line, f.col, f.line, f.col);
      lenses.push(
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('▶ Visualize'),
          tooltip: vscode.l10n.t('Run the module, then call {0}() and show its timeline', f.name),
          command: 'asyncViz.visualizeFunction',
          arguments: [doc.uri, f.name],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.cache.clear();
  }
}
