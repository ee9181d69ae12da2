/**
 * The status bar item: a spinner with "Stop" while a run is under way, a recording's clock
 * ("Recording 12.4 s · ⏹ Stop") while a command is recorded, the last run's duration after.
 */
import * as vscode from 'vscode';
import { formatDuration } from '../core/duration';
import { terminalSafe } from '../cli/terminal';

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

  /** A recording under way, `elapsedMs` into it; `label` is the command (shown escaped: it may hold anything). */
  recording(label: string, elapsedMs: number): void {
    this.item.text = `$(record) ${vscode.l10n.t('Recording {0} · ⏹ Stop', `${(elapsedMs / 1000).toFixed(1)} s`)}`;
    this.item.tooltip = vscode.l10n.t('Async Viz is recording {0}. Click to stop and show the timeline.', terminalSafe(label));
    this.item.command = 'asyncViz.stop';
    this.item.show();
  }

  /** What the item says now (for the tests). */
  get text(): string {
    return this.item.text;
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
