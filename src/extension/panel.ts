/**
 * The timeline panel: one webview (view type `asyncViz.timeline`) that shows the last run, or two
 * runs in compare mode. Messages are typed both ways and validated (src/core/protocol); the host
 * queues until the webview says `ready` (again after every hide/show, since the context is not
 * retained). The trace and the view state are stored so the panel comes back after a reload.
 */
import * as vscode from 'vscode';
import { summarize } from '../core/summary';
import { PROTOCOL_VERSION, parseWebviewMessage, type HostToWebview, type ShowMessage, type StatusMessage, type ViewState } from '../core/protocol';
import type { Trace } from '../core/trace';
import { timelineHtml } from './webview-html';
import { logLine } from './output';
import { PanelStore } from './panel-store';

export const VIEW_TYPE = 'asyncViz.timeline';

/** Where a trace's lines live: the document and the offset of a selection run. */
export interface SourceRef {
  uri: string;
  lineOffset: number;
}

/** What the panel shows; stored for reloads. */
export interface PanelContent {
  trace: Trace;
  compare?: Trace;
  labels?: [string, string];
  note?: string;
  /** The lesson's bridge from Python (the twin's name and its mapping), shown with the note. */
  python?: string;
  /** The lesson asks the learner to guess the console order first (lessons.json `predict`). */
  predict?: boolean;
  title: string;
  sources: [SourceRef] | [SourceRef, SourceRef];
}

export function uiLocale(): string {
  return vscode.env.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export class TimelinePanel implements vscode.Disposable {
  static current: TimelinePanel | undefined;
  private ready = false;
  private content: PanelContent | undefined;
  private state: ViewState | undefined;
  private pendingStatus: StatusMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Every message posted, newest last (for the tests; capped). */
  readonly posted: HostToWebview[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  readonly onDidBecomeReady = this.readyEmitter.event;

  private constructor(readonly panel: vscode.WebviewPanel, private readonly ctx: vscode.ExtensionContext, private readonly store: PanelStore) {
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
    return TimelinePanel.current;
  }

  /** Brings back a panel VS Code restored after a reload (WebviewPanelSerializer). */
  static async revive(ctx: vscode.ExtensionContext, store: PanelStore, panel: vscode.WebviewPanel): Promise<TimelinePanel> {
    TimelinePanel.current?.dispose();
    const p = new TimelinePanel(panel, ctx, store);
    TimelinePanel.current = p;
    const saved = await store.load();
    if (saved) {
      p.content = saved.content;
      p.state = saved.state;
      panel.title = saved.content.title;
      p.flush();
    } else {
      p.post({ type: 'status', state: 'idle', text: vscode.l10n.t('Run Visualize Async on a file to see its timeline.') });
    }
    return p;
  }

  get isReady(): boolean {
    return this.ready;
  }

  get shown(): PanelContent | undefined {
    return this.content;
  }

  get viewState(): ViewState | undefined {
    return this.state;
  }

  /** Shows a run (or two in compare mode). The view state starts fresh for a new trace. */
  show(content: PanelContent): void {
    this.content = content;
    this.state = undefined;
    this.pendingStatus = undefined;
    this.panel.title = content.title;
    void this.store.save(content, undefined);
    this.flush();
  }

  status(state: StatusMessage['state'], text: string): void {
    const msg: StatusMessage = { type: 'status', state, text };
    if (this.ready) this.post(msg);
    else this.pendingStatus = msg;
  }

  private render(): void {
    this.panel.webview.html = timelineHtml(this.panel.webview, this.ctx.extensionUri, { locale: uiLocale(), title: this.panel.title }, vscode.Uri.joinPath);
  }

  private showMessage(): ShowMessage | undefined {
    const c = this.content;
    if (!c) return undefined;
    const summaries = c.compare ? [summarize(c.trace), summarize(c.compare)] : [summarize(c.trace)];
    return { type: 'show', protocol: PROTOCOL_VERSION, trace: c.trace, compare: c.compare, labels: c.labels, note: c.note, python: c.python, predict: c.predict, state: this.state, locale: uiLocale(), summaries };
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
        if (this.content) void this.store.saveState(msg.state);
        break;
      case 'openSource':
        void this.openSource(msg.line, msg.col, msg.traceIndex ?? 0);
        break;
    }
  }

  /** Reveals a trace line in the editor the trace came from. */
  async openSource(line: number, col: number | undefined, traceIndex: 0 | 1): Promise<vscode.TextEditor | undefined> {
    const ref = this.content?.sources[traceIndex] ?? this.content?.sources[0];
    if (!ref) return undefined;
    const uri = vscode.Uri.parse(ref.uri);
    const docLine = Math.max(0, line - 1 + ref.lineOffset);
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
    this.readyEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
