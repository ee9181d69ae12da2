/**
 * The commands. Each returns what it did (a run, an editor, a file) so the tests, and other
 * extensions, can drive them through `vscode.commands.executeCommand`.
 */
import * as vscode from 'vscode';
import type { FinishedRun } from './runs';
import { TimelinePanel, uiLocale } from './panel';
import { ensureTrusted } from './trust';
import { isRunnable, sourceRef, targetFor, type RunTarget } from './target';
import type { LastRun, Services } from './services';
import { recordAndShow } from './record';
import type { RecordArgs } from './record-pick';
import { chooseExample, examplesDir, lessonTexts, lessonTextsFor, lessonTitle, type ExampleChoice, type Lesson, type LessonTexts } from './examples';
import { pickSecond, secondTarget, type CompareChoice } from './compare';
import { exportTrace } from './export-trace';
import type { ExportFormat } from './exporters';
import { output } from './output';
import { openTrace } from './open-trace';
import path from 'node:path';

export type { LastRun, Services } from './services';

const lastOf = (run: FinishedRun): LastRun => ({ trace: run.result.trace, label: run.target.label, sources: [sourceRef(run.target)] });

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

/** How a run is presented: a lesson's title, note and bridge from Python instead of the file's. */
interface Presentation extends LessonTexts {
  title?: string;
  predict?: boolean;
}

/** The presentation's lesson texts, else those of the first target that is a bundled example (none for the user's own files). */
function textsOf(s: Services, how: Presentation, ...targets: RunTarget[]): LessonTexts {
  if (how.note !== undefined || how.python !== undefined) return { note: how.note, python: how.python };
  for (const t of targets) {
    const texts = t.uri.scheme === 'file' ? lessonTextsFor(s.ctx.extensionUri, t.uri.fsPath) : {};
    if (texts.note !== undefined || texts.python !== undefined) return texts;
  }
  return {};
}

/** Runs a target and shows it: panel, hints. */
async function runAndShow(s: Services, target: RunTarget, how: Presentation = {}): Promise<FinishedRun | undefined> {
  const panel = TimelinePanel.createOrShow(s.ctx, s.store);
  panel.status('running', vscode.l10n.t('Running {0}…', target.label));
  const run = await s.runs.run(target);
  if (!run) {
    panel.status('error', vscode.l10n.t('{0} did not run. See the Async Viz output.', target.label));
    return undefined;
  }
  s.last = lastOf(run);
  const bundle = {
    trace: run.result.trace,
    title: how.title ?? vscode.l10n.t('Async: {0}', target.label),
    ...textsOf(s, how, target),
    predict: how.predict,
  };
  // The panel may have been closed while the run went on.
  TimelinePanel.createOrShow(s.ctx, s.store).show(bundle, [sourceRef(target)]);
  s.hints.show(target.uri, run.result.trace, target.lineOffset);
  return run;
}

/** Runs two targets one after the other (never together: neither slows the other) and shows them on one axis. */
async function runCompare(s: Services, a: RunTarget, b: RunTarget, how: Presentation = {}): Promise<{ a: FinishedRun; b: FinishedRun } | undefined> {
  const panel = TimelinePanel.createOrShow(s.ctx, s.store);
  panel.status('running', vscode.l10n.t('Running {0} and {1}…', a.label, b.label));
  const ra = await s.runs.run(a);
  if (ra?.result.outcome === 'cancelled') {
    // Stopped during the first run: show what it recorded; the second one is not started.
    s.last = lastOf(ra);
    TimelinePanel.createOrShow(s.ctx, s.store).show({ trace: ra.result.trace, title: vscode.l10n.t('Async: {0}', a.label), ...textsOf(s, how, a) }, [sourceRef(a)]);
    s.hints.show(a.uri, ra.result.trace, a.lineOffset);
    return undefined;
  }
  const rb = ra && (await s.runs.run(b));
  if (!ra || !rb) {
    panel.status('error', vscode.l10n.t('{0} did not run. See the Async Viz output.', (ra ? b : a).label));
    return undefined;
  }
  s.last = lastOf(ra);
  TimelinePanel.createOrShow(s.ctx, s.store).show({
    trace: ra.result.trace,
    compare: rb.result.trace,
    labels: [a.label, b.label],
    title: how.title ?? vscode.l10n.t('Async: {0} ⇄ {1}', a.label, b.label),
    ...textsOf(s, how, a, b),
  }, [sourceRef(a), sourceRef(b)]);
  s.hints.show(a.uri, ra.result.trace, a.lineOffset);
  return { a: ra, b: rb };
}

/** What "Open Async Example" did: the editor it opened and, in a trusted workspace, the run(s). */
export interface OpenedExample {
  editor: vscode.TextEditor;
  lesson?: Lesson;
  run?: FinishedRun;
  compare?: { a: FinishedRun; b: FinishedRun };
}

/**
 * Opens an example in the editor, runs it and shows its timeline with the lesson's note; a lesson
 * that contrasts two ways opens straight into the compare view. A lesson's Python twin opens
 * beside the active editor, to read, and does not run. The gallery and every walkthrough step
 * come here.
 */
async function openExample(s: Services, choice: ExampleChoice): Promise<OpenedExample> {
  const dir = examplesDir(s.ctx.extensionUri);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(choice.file));
  if (choice.pythonTwin) return { editor: await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside }), lesson: choice.lesson };
  const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
  // Reading is safe; running is not, in Restricted Mode (ensureTrusted explains).
  if (!(await ensureTrusted())) return { editor };
  const lesson = choice.lesson;
  if (!lesson) return { editor, run: await runAndShow(s, targetFor(doc)) };
  const main = path.resolve(choice.file) === path.resolve(dir, lesson.file);
  const title = main
    ? vscode.l10n.t('Lesson {0}: {1}', lesson.id, lessonTitle(lesson))
    : vscode.l10n.t('Lesson {0}: {1} ({2})', lesson.id, lessonTitle(lesson), path.basename(choice.file));
  const how: Presentation = { title, ...lessonTexts(lesson) };
  if (main && lesson.compare) {
    const open = async (rel: string) => (rel === lesson.file ? doc : vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, rel))));
    const [da, db] = await Promise.all(lesson.compare.map(open));
    return { editor, lesson, compare: await runCompare(s, targetFor(da), targetFor(db), how) };
  }
  return { editor, lesson, run: await runAndShow(s, targetFor(doc), { ...how, predict: main && lesson.predict === true }) };
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
      return runCompare(s, a, b);
    }),
    // A package.json script or a typed command (asked for, or given: { script | command, cwd }).
    reg('asyncViz.recordCommand', async (args?: RecordArgs) => ((await ensureTrusted()) ? recordAndShow(s, args) : undefined)),
    reg('asyncViz.stop', () => s.runs.stop()),
    reg('asyncViz.openTrace', (uri?: vscode.Uri) => openTrace(s.ctx, s.store, uri)),
    reg('asyncViz.exportTrace', (format?: ExportFormat, target?: vscode.Uri) => {
      // The timeline in front (the panel or a trace editor), else the panel, else the last run.
      const shown = TimelinePanel.focused?.shown ?? TimelinePanel.current?.shown;
      const last = s.last ? { trace: s.last.trace } : undefined;
      const bundle = shown ?? last;
      return exportTrace(bundle && { ...bundle, locale: uiLocale() }, format, target);
    }),
    // The gallery (no argument), or one lesson: its id, slug or file (the walkthrough's buttons).
    reg('asyncViz.openExample', async (key?: unknown) => {
      const choice = await chooseExample(s.ctx.extensionUri, key);
      return choice ? openExample(s, choice) : undefined;
    }),
    reg('asyncViz.showPanel', () => {
      const p = TimelinePanel.createOrShow(s.ctx, s.store, false);
      if (!p.shown && s.last) p.show({ trace: s.last.trace, title: vscode.l10n.t('Async: {0}', s.last.label) }, s.last.sources);
      return p;
    }),
    reg('asyncViz.showOutput', () => output().show(true)),
  ];
}
