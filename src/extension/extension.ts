/**
 * Async Viz for VS Code: wires the commands, the CodeLenses, the inline hints, the timeline panel
 * (with its serializer for reloads), the trace editor for .avtrace files and the run controller
 * (snippet runs and recorded commands).
 * Thin: the runner records, the webview draws; this only connects them to the editor.
 */
import * as vscode from 'vscode';
import { RunController } from './runs';
import { InlineHints } from './hints';
import { AsyncCodeLensProvider } from './codelens';
import { TimelinePanel, VIEW_TYPE } from './panel';
import { PanelStore } from './panel-store';
import { registerCommands, type Services } from './commands';
import { RUNNABLE_LANGUAGES } from './target';
import { disposeOutput } from './output';
import { TraceEditorProvider } from './trace-editor';
import { recordingTerminal } from './record';
import type { RecordTerminal } from './record-terminal';

/** What `activate` returns: handles for the integration tests. */
export interface AsyncVizApi {
  services: Services;
  codeLens: AsyncCodeLensProvider;
  panel(): TimelinePanel | undefined;
  /** The views of the open .avtrace editors. */
  traceEditors(): TimelinePanel[];
  /** The terminal of the recording under way (Record Command…), if any. */
  recordingTerminal(): RecordTerminal | undefined;
}

export function activate(ctx: vscode.ExtensionContext): AsyncVizApi {
  const runs = new RunController();
  const hints = new InlineHints();
  const store = new PanelStore(ctx.storageUri ?? ctx.globalStorageUri);
  const services: Services = { ctx, runs, hints, store };
  const codeLens = new AsyncCodeLensProvider();
  const traceEditor = TraceEditorProvider.register(ctx);
  const selector = RUNNABLE_LANGUAGES.flatMap((language) => [{ language, scheme: 'file' }, { language, scheme: 'untitled' }, { language, scheme: 'vscode-remote' }]);
  ctx.subscriptions.push(
    runs,
    hints,
    codeLens,
    vscode.languages.registerCodeLensProvider(selector, codeLens),
    ...registerCommands(services),
    runs.onDidStart(() => hints.clear()),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        await TimelinePanel.revive(ctx, store, panel);
      },
    }),
    traceEditor.registration,
    { dispose: () => TimelinePanel.current?.dispose() },
    { dispose: disposeOutput },
  );
  void vscode.commands.executeCommand('setContext', 'asyncViz.running', false);
  return { services, codeLens, panel: () => TimelinePanel.current, traceEditors: () => [...traceEditor.provider.views], recordingTerminal };
}

export function deactivate(): void {
  // Everything is in ctx.subscriptions; a run under way is stopped by RunController.dispose.
}
