/** What the commands share: the extension's context, the run controller, the hints, the panel's store, the last run shown. */
import type * as vscode from 'vscode';
import type { RunController } from './runs';
import type { InlineHints } from './hints';
import type { PanelStore } from './panel-store';
import type { SourceRef } from './target';
import type { Trace } from '../core/trace';

/** The last run or recording shown: what Export Trace exports and Show Panel shows when no panel is open. */
export interface LastRun {
  trace: Trace;
  label: string;
  sources: SourceRef[];
}

export interface Services {
  ctx: vscode.ExtensionContext;
  runs: RunController;
  hints: InlineHints;
  store: PanelStore;
  last?: LastRun;
}
