/** Shared helpers for the extension-host tests. */
import * as vscode from 'vscode';
import path from 'node:path';
import type { AsyncVizApi } from '../../../src/extension/extension';
import type { HostToWebview } from '../../../src/core/protocol';
import type { ColumnarTrace } from '../../../src/core/columns/table';
import { readAvtraceBytes } from '../../../src/run/avtrace-file';

export const EXTENSION_ID = 'async-viz.async-viz';

export async function api(): Promise<AsyncVizApi> {
  const ext = vscode.extensions.getExtension<AsyncVizApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

export function fixture(name: string): vscode.Uri {
  const dir = process.env.ASYNC_VIZ_TEST_FIXTURES ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
  return vscode.Uri.file(path.join(dir, name));
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
}

export async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Our CodeLenses for a document (other extensions' lenses filtered out). */
export async function lensesFor(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return all.filter((l) => l.command?.command.startsWith('asyncViz.'));
}

export { isAlive, isGroupAlive } from '../../../src/run/process-group';

/** The traces a `show` message carries (its .avtrace bytes, read back); none for another message. */
export async function postedTraces(m: HostToWebview): Promise<ColumnarTrace[]> {
  if (m.type !== 'show') return [];
  const out: ColumnarTrace[] = [];
  for (const t of m.traces) out.push((await readAvtraceBytes(typeof t === 'string' ? Buffer.from(t, 'base64') : t)).trace);
  return out;
}

/** True when some `show` message posted carries, as its first trace, one recorded at `startedAt` with `spans` spans (and passes `also`). */
export async function postedShows(posted: readonly HostToWebview[], startedAt: string, spans?: number, also: (m: HostToWebview) => boolean = () => true): Promise<boolean> {
  for (const m of posted) {
    if (m.type !== 'show' || !also(m)) continue;
    const [t] = await postedTraces(m);
    if (t && t.meta.startedAt === startedAt && (spans === undefined || t.spans.n === spans)) return true;
  }
  return false;
}
