/**
 * What to run for an editor: its file (saved or not), the selection when there is one, or an
 * untitled buffer. The runner needs a path ending in .ts/.js (that need not exist) plus the source.
 */
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';

export const RUNNABLE_LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

export interface RunTarget {
  /** Path given to the runner (the real file, or a path in the workspace / temp folder for untitled). */
  file: string;
  /** Code to run (always given: the editor's text may be newer than the file on disk). */
  source: string;
  /** The document the trace's lines refer to. */
  uri: vscode.Uri;
  /** Added to trace lines (1-based) to find the document line: the selection's first line. */
  lineOffset: number;
  /** Short name for titles ("order.ts", "order.ts: main()", "order.ts (selection)"). */
  label: string;
  /** Function to call after the module loaded. */
  entryFunction?: string;
}

/** Where a trace's lines live: the document and the offset of a selection run. */
export interface SourceRef {
  uri: string;
  lineOffset: number;
}

/** The lines of a target's trace: its document, shifted by the selection's first line. */
export function sourceRef(t: RunTarget): SourceRef {
  return { uri: t.uri.toString(), lineOffset: t.lineOffset };
}

export function isRunnable(doc: vscode.TextDocument): boolean {
  return RUNNABLE_LANGUAGES.includes(doc.languageId) || /\.(?:[cm]?[jt]s|[jt]sx)$/i.test(doc.fileName);
}

/** The target for a document; the selection wins when non-empty; `entryFunction` runs the module then calls it. */
export function targetFor(doc: vscode.TextDocument, selection?: vscode.Selection, entryFunction?: string): RunTarget {
  const ext = doc.languageId.startsWith('javascript') ? '.js' : '.ts';
  let file: string;
  if (doc.uri.scheme === 'file' && !doc.isUntitled) file = doc.uri.fsPath;
  else {
    // Untitled: a path beside the workspace's files (so its imports resolve), else in the temp folder.
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    const dir = folder && existsSync(folder) ? folder : os.tmpdir();
    const stem = path.basename(doc.uri.path).replace(/[^\w.-]+/g, '-').replace(/\.[^.]*$/, '') || 'untitled';
    file = path.join(dir, `.async-viz-${stem}${ext}`);
  }
  const name = doc.isUntitled ? path.basename(doc.uri.path) : path.basename(file);
  if (selection && !selection.isEmpty && !entryFunction) {
    return { file, source: doc.getText(selection), uri: doc.uri, lineOffset: selection.start.line, label: vscode.l10n.t('{0} (selection)', name) };
  }
  return {
    file,
    source: doc.getText(),
    uri: doc.uri,
    lineOffset: 0,
    label: entryFunction ? `${name}: ${entryFunction}()` : name,
    entryFunction,
  };
}
