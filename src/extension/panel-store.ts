/**
 * Keeps what the panel shows and its view state across window reloads, in the extension's storage:
 * each trace as the .avtrace bytes the panel posted (compact: a million spans are a few MB), the
 * rest of the bundle and where the traces' lines live as JSON beside them, the small view state
 * in a file of its own.
 */
import * as vscode from 'vscode';
import type { ViewState } from '../core/protocol';
import { parseWebviewMessage } from '../core/protocol';
import type { ShowBundle } from '../core/show';
import type { SourceRef } from './target';
import { traceFromBytes } from '../run/trace-files';

/** What is kept for a reload. */
export interface StoredPanel {
  bundle: ShowBundle;
  sources: SourceRef[];
}

/** Traces larger than this (as .avtrace) are not kept for a reload (the panel then asks for a new run). */
const MAX_BYTES = 256 * 1024 * 1024;

export class PanelStore {
  constructor(private readonly dir: vscode.Uri) {}

  private get file(): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, 'last-panel.json');
  }

  private traceFile(i: number): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, `last-panel-${i}.avtrace`);
  }

  private get stateFile(): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, 'last-panel-state.json');
  }

  /** Stores the bundle; `traces` are its traces' .avtrace bytes (the run, then the compared one). */
  async save(content: StoredPanel, state: ViewState | undefined, traces: Uint8Array[]): Promise<void> {
    try {
      await vscode.workspace.fs.createDirectory(this.dir);
      await vscode.workspace.fs.delete(this.file).then(undefined, () => {});
      if (traces.reduce((n, t) => n + t.length, 0) > MAX_BYTES) return;
      const { trace: _trace, compare: _compare, ...rest } = content.bundle;
      for (const [i, bytes] of traces.entries()) await vscode.workspace.fs.writeFile(this.traceFile(i), bytes);
      // Written last: a half-written store (the window closed meanwhile) is not read back.
      await vscode.workspace.fs.writeFile(this.file, Buffer.from(JSON.stringify({ rest, traces: traces.length, sources: content.sources })));
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
      const stored = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(this.file)).toString('utf8')) as { rest?: object; traces?: number; sources?: SourceRef[] };
      if (!stored || (stored.traces !== 1 && stored.traces !== 2) || !Array.isArray(stored.sources)) return undefined;
      const traces = [];
      for (let i = 0; i < stored.traces; i++) traces.push((await traceFromBytes(await vscode.workspace.fs.readFile(this.traceFile(i)), `last-panel-${i}.avtrace`)).trace);
      const bundle: ShowBundle = { ...(stored.rest ?? {}), trace: traces[0], compare: traces[1] };
      if (!bundle.compare) delete bundle.compare;
      let state: ViewState | undefined;
      try {
        const raw: unknown = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(this.stateFile)).toString('utf8'));
        const msg = parseWebviewMessage({ type: 'state', state: raw });
        state = msg?.type === 'state' ? msg.state : undefined;
      } catch {
        state = undefined;
      }
      return { bundle, sources: stored.sources, state };
    } catch {
      return undefined;
    }
  }
}
