/**
 * The timeline panel: one webview (view type `asyncViz.timeline`) that shows the last run, or two
 * runs in compare mode; the same class drives the view of a saved trace opened as an editor
 * (trace-editor.ts), which is not the panel and stores nothing. Messages are typed both ways and
 * validated (src/core/protocol); `show` carries the view's payload (each trace as .avtrace bytes,
 * what the standalone HTML embeds as base64). The host queues until the webview says `ready`
 * (again after every hide/show, since the context is not retained). The panel's bundle and view
 * state are stored so it comes back after a reload.
 */
import * as vscode from 'vscode';
import { PROTOCOL_VERSION, parseWebviewMessage, showMessage, type HostToWebview, type ShowMessage, type StatusMessage, type ViewState } from '../core/protocol';
import type { ShowBundle, ViewPayload } from '../core/show';
import { viewPayload } from '../run/view-payload';
import { timelineHtml } from './webview-html';
import { logLine } from './output';
import type { PanelStore } from './panel-store';
import type { SourceRef } from './target';
import { filesOf } from '../core/columns/table';
import path from 'node:path';

export const VIEW_TYPE = 'asyncViz.timeline';

export function uiLocale(): string {
  return vscode.env.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export class TimelinePanel implements vscode.Disposable {
  /** The panel (runs and Open Trace… show here). */
  static current: TimelinePanel | undefined;
  /** The timeline (the panel or a trace editor) that was active last: what Export Trace exports. */
  static focused: TimelinePanel | undefined;
  private ready = false;
  /** What it shows, where the lines of each trace live (stored for reloads), and the view's payload for it (made once). */
  private content: ShowBundle | undefined;
  private sourceRefs: SourceRef[] = [];
  private payload: ViewPayload | undefined;
  private state: ViewState | undefined;
  private pendingStatus: StatusMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Every message posted, newest last (for the tests; capped). */
  readonly posted: HostToWebview[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  readonly onDidBecomeReady = this.readyEmitter.event;

  private constructor(readonly panel: vscode.WebviewPanel, private readonly ctx: vscode.ExtensionContext, private readonly store: PanelStore | undefined) {
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, 'dist'), vscode.Uri.joinPath(ctx.extensionUri, 'media')],
    };
    this.render();
    this.disposables.push(
      webview.onDidReceiveMessage((m) => this.onMessage(m)),
      panel.onDidChangeViewState(() => {
        // Hidden without retained context: the page is gone; it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
        if (panel.active) TimelinePanel.focused = this;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Shows (creating if needed) the panel beside the editor. */
  static createOrShow(ctx: vscode.ExtensionContext, store: PanelStore, preserveFocus = true): TimelinePanel {
    if (TimelinePanel.current) {
      // Never on top of the code it shows: sharing the active editor's group, it moves beside it.
      const { panel } = TimelinePanel.current;
      const active = vscode.window.activeTextEditor?.viewColumn;
      panel.reveal(active !== undefined && panel.viewColumn === active ? vscode.ViewColumn.Beside : undefined, preserveFocus);
      return TimelinePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      vscode.l10n.t('Async Viz'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, 'dist'), vscode.Uri.joinPath(ctx.extensionUri, 'media')] },
    );
    TimelinePanel.current = new TimelinePanel(panel, ctx, store);
    TimelinePanel.focused = TimelinePanel.current;
    return TimelinePanel.current;
  }

  /** The view of a trace editor's webview (not the panel: runs do not show there, nothing is stored). */
  static forEditor(ctx: vscode.ExtensionContext, panel: vscode.WebviewPanel): TimelinePanel {
    const p = new TimelinePanel(panel, ctx, undefined);
    if (panel.active) TimelinePanel.focused = p;
    return p;
  }

  /** Brings back a panel VS Code restored after a reload (WebviewPanelSerializer). */
  static async revive(ctx: vscode.ExtensionContext, store: PanelStore, panel: vscode.WebviewPanel): Promise<TimelinePanel> {
    TimelinePanel.current?.dispose();
    const p = new TimelinePanel(panel, ctx, store);
    TimelinePanel.current = p;
    const saved = await store.load();
    if (saved) {
      p.content = saved.bundle;
      p.sourceRefs = saved.sources;
      p.state = saved.state;
      panel.title = saved.bundle.title ?? panel.title;
      p.flush();
    } else {
      p.post({ type: 'status', state: 'idle', text: vscode.l10n.t('Run Visualize Async on a file to see its timeline.') });
    }
    return p;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The bundle shown. */
  get shown(): ShowBundle | undefined {
    return this.content;
  }

  /** Where the lines of each shown trace live. */
  get sources(): readonly SourceRef[] {
    return this.sourceRefs;
  }

  get viewState(): ViewState | undefined {
    return this.state;
  }

  /** Shows a run (or two in compare mode); `sources` says where each trace's lines live. The view state starts fresh. */
  show(bundle: ShowBundle, sources: SourceRef[]): void {
    this.content = { ...bundle, locale: uiLocale() };
    this.sourceRefs = sources;
    this.payload = undefined;
    this.state = undefined;
    this.pendingStatus = undefined;
    if (bundle.title !== undefined) this.panel.title = bundle.title;
    this.flush();
    void this.store?.save({ bundle: this.content, sources }, undefined, this.viewPayload().traces as Uint8Array[]);
  }

  status(state: StatusMessage['state'], text: string): void {
    const msg: StatusMessage = { type: 'status', state, text };
    if (this.ready) this.post(msg);
    else this.pendingStatus = msg;
  }

  private render(): void {
    this.panel.webview.html = timelineHtml(this.panel.webview, this.ctx.extensionUri, { locale: uiLocale(), title: this.panel.title }, vscode.Uri.joinPath);
  }

  /** The view's payload for the bundle (made once; the traces as bytes, posted as such). */
  private viewPayload(): ViewPayload {
    return (this.payload ??= viewPayload(this.content!, { bytes: true }));
  }

  /** The `show` message: the view's payload for the bundle (the standalone HTML embeds the same), and the state to restore. */
  private showMessage(): ShowMessage | undefined {
    if (!this.content) return undefined;
    return showMessage(this.viewPayload(), this.state);
  }

  private flush(): void {
    if (!this.ready) return;
    const show = this.showMessage();
    if (show) this.post(show);
    if (this.pendingStatus) this.post(this.pendingStatus);
    this.pendingStatus = undefined;
  }

  private post(msg: HostToWebview): void {
    this.posted.push(msg);
    if (this.posted.length > 50) this.posted.shift();
    void this.panel.webview.postMessage(msg);
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      logLine(`ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        if (msg.protocol !== PROTOCOL_VERSION) logLine(`webview protocol ${msg.protocol}, host ${PROTOCOL_VERSION}`);
        this.ready = true;
        this.flush();
        this.readyEmitter.fire();
        break;
      case 'state':
        this.state = msg.state;
        if (this.content) void this.store?.saveState(msg.state);
        break;
      case 'openSource':
        void this.openSource(msg.line, msg.col, msg.traceIndex ?? 0, msg.file);
        break;
    }
  }

  /**
   * Reveals a trace line in the editor the trace came from; a line in another of the user's files
   * (`file`: a recorded command's) in that file, if the trace names it (else nothing opens).
   */
  async openSource(line: number, col: number | undefined, traceIndex: 0 | 1, file?: string): Promise<vscode.TextEditor | undefined> {
    const ref = this.sourceRefs[traceIndex] ?? this.sourceRefs[0];
    const trace = traceIndex === 1 ? this.content?.compare : this.content?.trace;
    const other = file !== undefined && trace !== undefined && file !== trace.meta.file;
    if (other && !(filesOf(trace).has(file) && path.isAbsolute(file))) {
      logLine(`not opened: ${JSON.stringify(file).slice(0, 200)} is not a file of the trace`);
      return undefined;
    }
    if (!ref && !other) return undefined;
    const uri = other ? vscode.Uri.file(file) : vscode.Uri.parse(ref!.uri);
    const docLine = Math.max(0, line - 1 + (other ? 0 : ref!.lineOffset));
    const pos = new vscode.Position(docLine, Math.max(0, (col ?? 1) - 1));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(uri, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(pos, pos),
      preserveFocus: false,
    });
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }

  dispose(): void {
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    if (TimelinePanel.focused === this) TimelinePanel.focused = undefined;
    this.readyEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
