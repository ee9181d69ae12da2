/**
 * The commands. Each returns what it did (a run, an editor, a file) so the tests, and other
 * extensions, can drive them through `vscode.commands.executeCommand`.
 */
import * as vscode from 'vscode';
import type { RunController, FinishedRun } from './runs';
import type { InlineHints } from './hints';
import { TimelinePanel, uiLocale, type PanelContent } from './panel';
import type { PanelStore } from './panel-store';
import { ensureTrusted } from './trust';
import { isRunnable, targetFor, type RunTarget } from './target';
import { lessonNoteFor, openExample } from './examples';
import { pickSecond, secondTarget, type CompareChoice } from './compare';
import { exportTrace } from './export-trace';
import type { ExportFormat } from './exporters';
import { output } from './output';

export interface Services {
  ctx: vscode.ExtensionContext;
  runs: RunController;
  hints: InlineHints;
  store: PanelStore;
  /** The last finished run (for export when no panel is open). */
  last?: FinishedRun;
}

/** The document to act on: the given URI (a CodeLens), else the active editor's. */
async function documentFor(uri?: vscode.Uri): Promise<{ doc: vscode.TextDocument; selection?: vscode.Selection } | undefined> {
  const active = vscode.window.activeTextEditor;
  if (uri instanceof vscode.Uri) {
    const doc = active?.document.uri.toString() === uri.toString() ? active.document : await vscode.workspace.openTextDocument(uri);
    return { doc };
  }
  if (!active) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a TypeScript or JavaScript file to visualize it.'));
    return undefined;
  }
  return { doc: active.document, selection: active.selection };
}

function checkRunnable(doc: vscode.TextDocument): boolean {
  if (isRunnable(doc)) return true;
  void vscode.window.showWarningMessage(vscode.l10n.t('Async Viz runs TypeScript and JavaScript files; {0} is {1}.', doc.fileName, doc.languageId));
  return false;
}

function sourceRef(t: RunTarget) {
  return { uri: t.uri.toString(), lineOffset: t.lineOffset };
}

/** Runs a target and shows it: panel, hints. */
async function runAndShow(s: Services, target: RunTarget): Promise<FinishedRun | undefined> {
  const panel = TimelinePanel.createOrShow(s.ctx, s.store);
  panel.status('running', vscode.l10n.t('Running {0}…', target.label));
  const run = await s.runs.run(target);
  if (!run) {
    panel.status('error', vscode.l10n.t('{0} did not run. See the Async Viz output.', target.label));
    return undefined;
  }
  s.last = run;
  const note = target.uri.scheme === 'file' ? lessonNoteFor(s.ctx.extensionUri, target.uri.fsPath) : undefined;
  const content: PanelContent = { trace: run.result.trace, title: vscode.l10n.t('Async: {0}', target.label), sources: [sourceRef(target)], note };
  // The panel may have been closed while the run went on.
  TimelinePanel.createOrShow(s.ctx, s.store).show(content);
  s.hints.show(target.uri, run.result.trace, target.lineOffset);
  return run;
}

export function registerCommands(s: Services): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: any[]) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg('asyncViz.visualize', async (uri?: vscode.Uri) => {
      if (!(await ensureTrusted())) return undefined;
      const d = await documentFor(uri);
      if (!d || !checkRunnable(d.doc)) return undefined;
      return runAndShow(s, targetFor(d.doc, d.selection));
    }),
    reg('asyncViz.visualizeFunction', async (uri?: vscode.Uri, name?: string) => {
      if (!(await ensureTrusted())) return undefined;
      const d = await documentFor(uri);
      if (!d || !checkRunnable(d.doc)) return undefined;
      if (typeof name !== 'string' || !name) return runAndShow(s, targetFor(d.doc, d.selection));
      return runAndShow(s, targetFor(d.doc, undefined, name));
    }),
    reg('asyncViz.compare', async (uri?: vscode.Uri, opts?: { first?: string; second?: CompareChoice }) => {
      if (!(await ensureTrusted())) return undefined;
      const d = await documentFor(uri);
      if (!d || !checkRunnable(d.doc)) return undefined;
      const second = opts?.second ?? (await pickSecond(s.ctx.extensionUri, d.doc, opts?.first));
      if (!second) return undefined;
      const a = targetFor(d.doc, undefined, opts?.first);
      const b = await secondTarget(d.doc, second);
      const panel = TimelinePanel.createOrShow(s.ctx, s.store);
      panel.status('running', vscode.l10n.t('Running {0} and {1}…', a.label, b.label));
      const ra = await s.runs.run(a);
      if (!ra || ra.result.outcome === 'cancelled') return undefined;
      const rb = await s.runs.run(b);
      if (!rb) return undefined;
      s.last = ra;
      TimelinePanel.createOrShow(s.ctx, s.store).show({
        trace: ra.result.trace,
        compare: rb.result.trace,
        labels: [a.label, b.label],
        title: vscode.l10n.t('Async: {0} ⇄ {1}', a.label, b.label),
        sources: [sourceRef(a), sourceRef(b)],
      });
      s.hints.show(a.uri, ra.result.trace, a.lineOffset);
      return { a: ra, b: rb };
    }),
    reg('asyncViz.stop', () => s.runs.stop()),
    reg('asyncViz.exportTrace', (format?: ExportFormat, target?: vscode.Uri) => {
      const shown = TimelinePanel.current?.shown;
      const extra = shown ? { compare: shown.compare, labels: shown.labels, note: shown.note, locale: uiLocale() } : { locale: uiLocale() };
      return exportTrace(shown?.trace ?? s.last?.result.trace, extra, format, target);
    }),
    reg('asyncViz.openExample', (slug?: string) => openExample(s.ctx.extensionUri, slug)),
    reg('asyncViz.showPanel', () => {
      const p = TimelinePanel.createOrShow(s.ctx, s.store, false);
      if (!p.shown && s.last) p.show({ trace: s.last.result.trace, title: vscode.l10n.t('Async: {0}', s.last.target.label), sources: [sourceRef(s.last.target)] });
      return p;
    }),
    reg('asyncViz.showOutput', () => output().show(true)),
  ];
}
