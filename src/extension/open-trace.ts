/**
 * Saved traces in VS Code: reading one through VS Code's file system (local, remote or virtual:
 * an .avtrace file, known by its signature, or a trace .json), and **Open Trace…**, which shows
 * one in the timeline panel. Opening a trace runs nothing, so it works in Restricted Mode too.
 * A trace's lines live in the file it recorded (`meta.file`), when that is a path.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { ColumnarTrace } from '../core/columns/table';
import type { Trace } from '../core/trace';
import { traceFromBytes, TraceFileError, type LoadedTrace } from '../run/trace-files';
import { TimelinePanel } from './panel';
import type { PanelStore } from './panel-store';
import type { SourceRef } from './target';
import { logLine } from './output';

/** Reads a saved trace (throws TraceFileError with one sentence, or a file system error). */
export async function readTraceUri(uri: vscode.Uri): Promise<LoadedTrace> {
  const name = path.posix.basename(uri.path);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    throw new TraceFileError(`${name}: cannot be read (${(e as Error).message})`);
  }
  return traceFromBytes(bytes, name);
}

/** Where the trace's lines live: the recorded file, when the trace names it by an absolute path. */
export function traceSources(trace: Trace | ColumnarTrace): SourceRef[] {
  const file = trace.meta?.file;
  return typeof file === 'string' && path.isAbsolute(file) ? [{ uri: vscode.Uri.file(file).toString(), lineOffset: 0 }] : [];
}

/** Reads a trace for showing, telling the user what went wrong or was odd; undefined when it could not be read. */
export async function loadForShowing(uri: vscode.Uri): Promise<LoadedTrace | undefined> {
  const name = path.posix.basename(uri.path);
  try {
    const got = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Async Viz: opening {0}', name) }, () => readTraceUri(uri));
    for (const w of got.warnings) {
      logLine(`${name}: ${w}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('Async Viz opened {0}, which is incomplete: {1}', name, w));
    }
    return got;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    logLine(`✖ open ${uri.toString()}: ${text}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Async Viz could not open {0}: {1}', name, text));
    return undefined;
  }
}

/** "Open Trace…": a saved trace (asked for when not given) in the timeline panel. Returns the panel, or undefined. */
export async function openTrace(ctx: vscode.ExtensionContext, store: PanelStore, uri?: vscode.Uri): Promise<TimelinePanel | undefined> {
  if (!(uri instanceof vscode.Uri)) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Open Trace'),
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { [vscode.l10n.t('Async Viz traces')]: ['avtrace', 'json'] },
    });
    uri = picked?.[0];
  }
  if (!uri) return undefined;
  const got = await loadForShowing(uri);
  if (!got) return undefined;
  const panel = TimelinePanel.createOrShow(ctx, store, false);
  panel.show({ trace: got.trace, title: vscode.l10n.t('Trace: {0}', path.posix.basename(uri.path)) }, traceSources(got.trace));
  return panel;
}
