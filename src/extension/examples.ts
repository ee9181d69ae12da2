/**
 * The bundled lessons (examples/lessons.json): the "Open Async Example" gallery, the walkthrough's
 * steps (which call the same command with a lesson id), and the "what to notice" note and the
 * bridge from Python shown beside a lesson file's timeline. Reading only: running a lesson is in
 * commands.ts.
 */
import * as vscode from 'vscode';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { uiLocale } from './panel';
import { pythonBridge, readLessons as readCatalogue, type Lesson } from '../run/lessons';

export type { Lesson } from '../run/lessons';

export function examplesDir(extensionUri: vscode.Uri): string {
  return path.join(extensionUri.fsPath, 'examples');
}

export function readLessons(extensionUri: vscode.Uri): Lesson[] {
  return readCatalogue(examplesDir(extensionUri));
}

/** The text for the display language (English when there is no Korean one). */
export const localized = (texts: Record<string, string> | undefined): string | undefined => texts?.[uiLocale()] ?? texts?.en;

export function lessonTitle(l: Lesson): string {
  return localized(l.title) ?? l.slug;
}

/** A lesson by id (1, "1") or slug ("04-event-loop-order"). */
export function findLesson(lessons: Lesson[], key: unknown): Lesson | undefined {
  if (typeof key === 'number') return lessons.find((l) => l.id === key);
  if (typeof key !== 'string' || !key) return undefined;
  if (/^\d+$/.test(key)) return lessons.find((l) => l.id === Number(key));
  return lessons.find((l) => l.slug === key);
}

function lessonOfFile(extensionUri: vscode.Uri, fsPath: string): Lesson | undefined {
  const rel = path.relative(examplesDir(extensionUri), fsPath).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return readLessons(extensionUri).find((l) => l.file === rel || l.compare?.includes(rel) || l.variants?.includes(rel));
}

/** What a lesson shows beside its timeline, in the display language. */
export interface LessonTexts {
  /** The "what to notice" text. */
  note?: string;
  /** The bridge from Python: the twin's file name and its one-line mapping. */
  python?: string;
}

/** A lesson's texts beside the timeline. */
export function lessonTexts(lesson: Lesson): LessonTexts {
  return { note: localized(lesson.notice), python: pythonBridge(lesson, uiLocale()) };
}

/** The lesson texts for a file inside the bundled examples, if it belongs to one. */
export function lessonTextsFor(extensionUri: vscode.Uri, fsPath: string): LessonTexts {
  const lesson = lessonOfFile(extensionUri, fsPath);
  return lesson ? lessonTexts(lesson) : {};
}

/** The lesson whose Python twin is `rel` (relative to examples/, with / separators). */
function lessonOfPythonTwin(lessons: Lesson[], rel: string): Lesson | undefined {
  return lessons.find((l) => l.python?.file === rel);
}

/** The other file of a lesson's compare pair, if the file is one of them. */
export function comparePartner(extensionUri: vscode.Uri, fsPath: string): string | undefined {
  const dir = examplesDir(extensionUri);
  const rel = path.relative(dir, fsPath).split(path.sep).join('/');
  for (const l of readLessons(extensionUri)) {
    if (l.compare?.includes(rel)) {
      const other = l.compare.find((f) => f !== rel);
      if (other) return path.join(dir, other);
    }
  }
  return undefined;
}

/** All runnable files under examples/ when there is no catalogue. */
function listFiles(dir: string, depth = 0): string[] {
  if (depth > 2 || !existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, depth + 1));
    else if (/\.(?:[cm]?[jt]s)$/.test(f)) out.push(p);
  }
  return out;
}

/** What to open: an example file (absolute) and the lesson it belongs to, if any. */
export interface ExampleChoice {
  file: string;
  lesson?: Lesson;
  /** The file is the lesson's Python twin: opened to read beside the TypeScript, never run. */
  pythonTwin?: boolean;
}

/**
 * The example for `key` (a lesson id or slug: its main file; or a file under examples/, such as a
 * lesson's variant or its Python twin), or the one the learner picks in the gallery (a QuickPick
 * of the lessons in order, titled in the display language).
 */
export async function chooseExample(extensionUri: vscode.Uri, key?: unknown): Promise<ExampleChoice | undefined> {
  const dir = examplesDir(extensionUri);
  const lessons = readLessons(extensionUri);
  if (key !== undefined && key !== null && key !== '') {
    const lesson = findLesson(lessons, key);
    if (lesson) return { file: path.join(dir, lesson.file), lesson };
    const rel = typeof key === 'string' ? key.split(path.sep).join('/') : '';
    const twinOf = rel ? lessonOfPythonTwin(lessons, rel) : undefined;
    if (twinOf) return { file: path.join(dir, rel), lesson: twinOf, pythonTwin: true };
    const file = rel ? listFiles(dir).find((f) => f.split(path.sep).join('/').endsWith(`/${rel}`)) : undefined;
    if (file) return { file, lesson: lessonOfFile(extensionUri, file) };
    void vscode.window.showWarningMessage(vscode.l10n.t('There is no Async Viz example {0}.', String(key)));
    return undefined;
  }
  if (lessons.length) {
    type Item = vscode.QuickPickItem & { lesson: Lesson };
    const items: Item[] = lessons.map((l) => ({
      label: `${l.id}. ${lessonTitle(l)}`,
      description: l.compare ? `$(split-horizontal) ${l.compare.map((f) => path.basename(f)).join(' ⇄ ')}` : path.basename(l.file),
      detail: localized(l.notice),
      lesson: l,
    }));
    const item = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick a lesson: its example runs and its timeline opens'), matchOnDescription: true, matchOnDetail: true });
    return item ? { file: path.join(dir, item.lesson.file), lesson: item.lesson } : undefined;
  }
  const files = listFiles(dir);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No examples were found in {0}.', dir));
    return undefined;
  }
  const item = await vscode.window.showQuickPick(files.map((f) => ({ label: path.relative(dir, f), file: f })), { placeHolder: vscode.l10n.t('Pick an example to open') });
  return item ? { file: item.file } : undefined;
}
