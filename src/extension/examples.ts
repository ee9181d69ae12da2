/**
 * The bundled lessons (examples/lessons.json, if present): "Open Async Example" and the
 * "what to notice" note shown beside a lesson file's timeline.
 */
import * as vscode from 'vscode';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { uiLocale } from './panel';

interface Lesson {
  id: number;
  slug: string;
  title: Record<string, string>;
  file: string;
  compare?: [string, string];
  notice?: Record<string, string>;
}

export function examplesDir(extensionUri: vscode.Uri): string {
  return path.join(extensionUri.fsPath, 'examples');
}

export function readLessons(extensionUri: vscode.Uri): Lesson[] {
  const file = path.join(examplesDir(extensionUri), 'lessons.json');
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { lessons?: Lesson[] };
    return Array.isArray(data.lessons) ? data.lessons.filter((l) => typeof l?.file === 'string') : [];
  } catch {
    return [];
  }
}

const pick = (texts: Record<string, string> | undefined): string | undefined => texts?.[uiLocale()] ?? texts?.en;

/** The lesson note for a file inside the bundled examples, if it belongs to one. */
export function lessonNoteFor(extensionUri: vscode.Uri, fsPath: string): string | undefined {
  const dir = examplesDir(extensionUri);
  const rel = path.relative(dir, fsPath).split(path.sep).join('/');
  if (rel.startsWith('..')) return undefined;
  const lesson = readLessons(extensionUri).find((l) => l.file === rel || l.compare?.includes(rel));
  return pick(lesson?.notice);
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

/** Asks for an example (or takes `slugOrFile`) and opens it. */
export async function openExample(extensionUri: vscode.Uri, slugOrFile?: string): Promise<vscode.TextEditor | undefined> {
  const dir = examplesDir(extensionUri);
  const lessons = readLessons(extensionUri);
  const items: (vscode.QuickPickItem & { file: string })[] = lessons.length
    ? lessons.map((l) => ({ label: `${l.id}. ${pick(l.title) ?? l.slug}`, description: l.file, detail: pick(l.notice), file: path.join(dir, l.file) }))
    : listFiles(dir).map((f) => ({ label: path.relative(dir, f), file: f }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No examples were found in {0}.', dir));
    return undefined;
  }
  let chosen: { file: string } | undefined;
  if (slugOrFile) chosen = items.find((i, k) => lessons[k]?.slug === slugOrFile || i.file.endsWith(slugOrFile));
  chosen ??= await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick an example to open'), matchOnDescription: true, matchOnDetail: true });
  if (!chosen) return undefined;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(chosen.file));
  return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
}
