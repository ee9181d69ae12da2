/** The status bar item: a spinner with "Stop" while a run is under way, the last run's duration after. */
import * as vscode from 'vscode';
import { formatDuration } from '../core/duration';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('asyncViz.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Async Viz';
  }

  running(label: string): void {
    this.item.text = `$(sync~spin) ${vscode.l10n.t('Async Viz: running {0}', label)}`;
    this.item.tooltip = vscode.l10n.t('Click to stop the run');
    this.item.command = 'asyncViz.stop';
    this.item.show();
  }

  finished(label: string, outcome: string, durationMs: number): void {
    const icon = outcome === 'ok' ? '$(pulse)' : outcome === 'cancelled' ? '$(debug-stop)' : '$(warning)';
    this.item.text = `${icon} ${label} ${formatDuration(durationMs)}`;
    this.item.tooltip = vscode.l10n.t('Async Viz: last run {0} ({1}). Click to show the timeline.', outcome, formatDuration(durationMs));
    this.item.command = 'asyncViz.showPanel';
    this.item.show();
  }

  failed(text: string): void {
    this.item.text = `$(error) ${vscode.l10n.t('Async Viz: failed')}`;
    this.item.tooltip = text;
    this.item.command = 'asyncViz.showOutput';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
