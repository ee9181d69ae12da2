/**
 * "Export Trace": the shown trace as .avtrace (compact, what Open Trace… and the CLI's `show`
 * read), JSON (the trace format), Chrome trace JSON (Perfetto, chrome://tracing) or a standalone
 * HTML page (the same webview bundle, inlined). A local file is written piece by piece (a
 * trace of millions of spans never becomes one string); another file system gets the whole file.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { ShowBundle } from '../core/show';
import { exporters, type ExportFormat } from './exporters';
import { writeChunks } from '../run/file-sink';

/** Writes the pieces to the file. */
async function writePieces(uri: vscode.Uri, pieces: Iterable<string | Uint8Array>): Promise<void> {
  if (uri.scheme === 'file') {
    await writeChunks(uri.fsPath, pieces);
    return;
  }
  const parts = [...pieces].map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
  await vscode.workspace.fs.writeFile(uri, Buffer.concat(parts));
}

/** Asks for a format and a file (unless given) and writes what is shown. Returns the written file. */
export async function exportTrace(bundle: ShowBundle | undefined, format?: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!bundle) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to export yet: run Visualize Async first.'));
    return undefined;
  }
  const available = exporters();
  let chosen = available.find((e) => e.format === format);
  if (!chosen) {
    const item = await vscode.window.showQuickPick(
      available.map((e) => ({ label: e.label, description: e.description, e })),
      { placeHolder: vscode.l10n.t('Export the trace as…') },
    );
    chosen = item?.e;
  }
  if (!chosen) return undefined;
  const base = path.basename(bundle.trace.meta.file).replace(/\.[^.]*$/, '') || 'trace';
  let uri = target;
  if (!uri) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const defaultUri = folder ? vscode.Uri.joinPath(folder, `${base}${chosen.suffix}`) : undefined;
    uri = await vscode.window.showSaveDialog({ defaultUri, filters: { [chosen.label]: [chosen.suffix.split('.').pop() as string] } });
  }
  if (!uri) return undefined;
  try {
    await writePieces(uri, chosen.render(bundle));
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Async Viz could not write {0}: {1}', uri.fsPath || uri.toString(), (e as Error).message));
    return undefined;
  }
  const open = vscode.l10n.t('Open');
  void vscode.window.showInformationMessage(vscode.l10n.t('Trace exported to {0}', uri.fsPath || uri.toString()), open).then((c) => {
    if (c === open) void vscode.commands.executeCommand('vscode.open', uri);
  });
  return uri;
}
