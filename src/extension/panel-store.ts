/**
 * Keeps what the panel shows and its view state across window reloads: the bundle (its traces)
 * and where their lines live in a file under the extension's storage (it can be megabytes, too
 * big for a memento), the small view state beside it.
 */
import * as vscode from 'vscode';
import type { ViewState } from '../core/protocol';
import { isTrace, parseWebviewMessage } from '../core/protocol';
import type { ShowBundle } from '../core/show';
import type { SourceRef } from './target';

/** What is kept for a reload. */
export interface StoredPanel {
  bundle: ShowBundle;
  sources: SourceRef[];
}

/** Traces larger than this are not kept for a reload (the panel then asks for a new run). */
const MAX_BYTES = 32 * 1024 * 1024;

export class PanelStore {
  constructor(private readonly dir: vscode.Uri) {}

  private get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, 'last-panel.json');
  }

  private get stateFile(): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, 'last-panel-state.json');
  }

  async save(content: StoredPanel, state: ViewState | undefined): Promise<void> {
    try {
      const text = JSON.stringify(content);
      await vscode.workspace.fs.createDirectory(this.dir);
      if (text.length > MAX_BYTES) {
        await vscode.workspace.fs.delete(this.file).then(undefined, () => {});
        return;
      }
      await vscode.workspace.fs.writeFile(this.file, Buffer.from(text));
      await this.saveState(state);
    } catch {
      // Storage is a convenience: a failure only means no restore after reload.
    }
  }

  async saveState(state: ViewState | undefined): Promise<void> {
    try {
      await vscode.workspace.fs.createDirectory(this.dir);
      await vscode.workspace.fs.writeFile(this.stateFile, Buffer.from(JSON.stringify(state ?? null)));
    } catch {
      // see save()
    }
  }

  async load(): Promise<(StoredPanel & { state?: ViewState }) | undefined> {
    try {
      const content = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(this.file)).toString('utf8')) as StoredPanel;
      const b = content?.bundle;
      if (!b || !isTrace(b.trace) || (b.compare !== undefined && !isTrace(b.compare)) || !Array.isArray(content.sources)) return undefined;
      let state: ViewState | undefined;
      try {
        const raw: unknown = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(this.stateFile)).toString('utf8'));
        const msg = parseWebviewMessage({ type: 'state', state: raw });
        state = msg?.type === 'state' ? msg.state : undefined;
      } catch {
        state = undefined;
      }
      return { ...content, state };
    } catch {
      return undefined;
    }
  }
}
