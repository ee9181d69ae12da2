/**
 * Inline hints after a run: at the end of each line that awaited (`⏸ awaited 1 s`) or blocked the
 * thread (`⛔ blocked 212 ms`), with a hover that explains. The totals are the core's (lineHints),
 * the durations read as everywhere else (formatDuration). Cleared when the document is
 * edited or the next run starts. Setting: asyncViz.inlineHints.enabled.
 */
import * as vscode from 'vscode';
import type { Trace } from '../core/trace';
import { lineHints } from '../core/line-hints';
import { formatDuration } from '../core/duration';

export class InlineHints implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private shown: { uri: string; decorations: vscode.DecorationOptions[] } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.type,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.shown && e.document.uri.toString() === this.shown.uri && e.contentChanges.length > 0) this.clear();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.apply()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('asyncViz.inlineHints') && !this.enabled(this.shown?.uri)) this.clear();
      }),
    );
  }

  private enabled(uri?: string): boolean {
    return vscode.workspace.getConfiguration('asyncViz', uri ? vscode.Uri.parse(uri) : undefined).get<boolean>('inlineHints.enabled', true);
  }

  /** The decorations currently shown (for the tests). */
  get current(): readonly vscode.DecorationOptions[] {
    return this.shown?.decorations ?? [];
  }

  show(uri: vscode.Uri, trace: Trace, lineOffset: number): void {
    this.clear();
    if (!this.enabled(uri.toString())) return;
    const decorations: vscode.DecorationOptions[] = [];
    for (const h of lineHints(trace)) {
      const docLine = h.line - 1 + lineOffset;
      if (docLine < 0) continue;
      const parts: string[] = [];
      const hover = new vscode.MarkdownString();
      if (h.awaits > 0) {
        parts.push(vscode.l10n.t('⏸ awaited {0}', formatDuration(h.awaitedMs)) + (h.awaits > 1 ? ` ×${h.awaits}` : ''));
        hover.appendMarkdown(vscode.l10n.t('**Awaited {0}** in {1} await(s) on this line. While a function waits at `await`, it is suspended and the thread is free to run other callbacks: waiting costs time, not CPU.', formatDuration(h.awaitedMs), h.awaits) + '\n\n');
      }
      if (h.blocks > 0) {
        parts.push(vscode.l10n.t('⛔ blocked {0}', formatDuration(h.blockedMs)));
        hover.appendMarkdown(vscode.l10n.t('**Blocked the thread {0}.** Synchronous code on this line ran that long without yielding: no timer, promise callback or I/O could run meanwhile. Move CPU work to a worker thread, or use the async version of the API.', formatDuration(h.blockedMs)) + '\n\n');
      }
      hover.appendMarkdown(vscode.l10n.t('Recorded by Async Viz. Hints clear when you edit the file.'));
      decorations.push({
        range: new vscode.Range(docLine, Number.MAX_SAFE_INTEGER, docLine, Number.MAX_SAFE_INTEGER),
        hoverMessage: hover,
        renderOptions: { after: { contentText: parts.join('  ') } },
      });
    }
    this.shown = { uri: uri.toString(), decorations };
    this.apply();
  }

  clear(): void {
    this.shown = undefined;
    for (const e of vscode.window.visibleTextEditors) e.setDecorations(this.type, []);
  }

  private apply(): void {
    if (!this.shown) return;
    for (const e of vscode.window.visibleTextEditors) {
      if (e.document.uri.toString() === this.shown.uri) {
        const max = e.document.lineCount;
        e.setDecorations(this.type, this.shown.decorations.filter((d) => d.range.start.line < max).map((d) => ({ ...d, range: e.document.lineAt(d.range.start.line).range.with({ start: e.document.lineAt(d.range.start.line).range.end }) })));
      }
    }
  }

  dispose(): void {
    this.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
