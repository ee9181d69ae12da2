/**
 * Opening an .avtrace file in VS Code opens its timeline: a read-only custom editor (view type
 * `asyncViz.traceEditor`, the default for `*.avtrace`), one per tab, driven by the same view as the
 * panel (TimelinePanel.forEditor). The document is the trace, read through VS Code's file system;
 * when the file changes on disk (a recording written again) the open editors show it again. A file
 * that cannot be read shows its one-sentence reason in the editor.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import { TimelinePanel } from './panel';
import { readTraceUri, traceSources } from './open-trace';
import type { LoadedTrace } from '../run/trace-files';
import { logLine } from './output';

export const TRACE_EDITOR = 'asyncViz.traceEditor';

/** Waits this long after a change on disk before reading the file again (a writer still at work). */
const RELOAD_DELAY_MS = 300;

class TraceDocument implements vscode.CustomDocument {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the trace was read again from disk. */
  readonly onDidReload = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly uri: vscode.Uri, public loaded: LoadedTrace | Error) {
    if (uri.scheme === 'file') {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(uri.fsPath)), path.basename(uri.fsPath)));
      w.onDidChange(() => this.reloadSoon());
      w.onDidCreate(() => this.reloadSoon());
      this.watcher = w;
    }
  }

  private reloadSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void read(this.uri).then((l) => {
        this.loaded = l;
        this.changed.fire();
      });
    }, RELOAD_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher?.dispose();
    this.changed.dispose();
  }
}

async function read(uri: vscode.Uri): Promise<LoadedTrace | Error> {
  try {
    return await readTraceUri(uri);
  } catch (e) {
    logLine(`✖ open ${uri.toString()}: ${(e as Error).message}`);
    return e instanceof Error ? e : new Error(String(e));
  }
}

export class TraceEditorProvider implements vscode.CustomReadonlyEditorProvider<TraceDocument> {
  /** The views of the open trace editors (for the tests). */
  readonly views = new Set<TimelinePanel>();

  constructor(private readonly ctx: vscode.ExtensionContext) {}

  static register(ctx: vscode.ExtensionContext): { provider: TraceEditorProvider; registration: vscode.Disposable } {
    const provider = new TraceEditorProvider(ctx);
    const registration = vscode.window.registerCustomEditorProvider(TRACE_EDITOR, provider, { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } });
    return { provider, registration };
  }

  async openCustomDocument(uri: vscode.Uri): Promise<TraceDocument> {
    return new TraceDocument(uri, await read(uri));
  }

  async resolveCustomEditor(doc: TraceDocument, panel: vscode.WebviewPanel): Promise<void> {
    const view = TimelinePanel.forEditor(this.ctx, panel);
    this.views.add(view);
    const name = path.posix.basename(doc.uri.path);
    const present = (): void => {
      const l = doc.loaded;
      if (l instanceof Error) {
        view.status('error', vscode.l10n.t('Async Viz could not open {0}: {1}', name, l.message));
        return;
      }
      view.show({ trace: l.trace, title: name }, traceSources(l.trace));
      for (const w of l.warnings) view.status('error', vscode.l10n.t('Async Viz opened {0}, which is incomplete: {1}', name, w));
    };
    present();
    const sub = doc.onDidReload(present);
    panel.onDidDispose(() => {
      sub.dispose();
      this.views.delete(view);
    });
  }
}
