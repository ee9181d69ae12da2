/**
 * Runs snippets for the commands: one run at a time (a new run, or a recording of a command
 * (record.ts) through `begin`, stops the previous one), with a
 * cancellable progress notification, the status bar, and the output channel. Cancel and
 * `asyncViz.stop` abort the runner's signal (its reason, `cancel` or `stop`, lands in the trace's
 * `meta.exit.stoppedBy`), which kills the run's whole process group; the partial trace comes back
 * as a finished run, so the panel shows what was recorded until then.
 */
import * as vscode from 'vscode';
import { runFile } from '../run/runner';
import { SnippetSyntaxError, type RunResult, type StopReason } from '../run/types';
import { readSettings } from './config';
import { logLine, output } from './output';
import { RunStatusBar } from './status-bar';
import type { RunTarget } from './target';

export interface FinishedRun {
  target: RunTarget;
  result: RunResult;
}

export class RunController implements vscode.Disposable {
  private current: AbortController | undefined;
  /** The status bar item (record.ts shows a recording's clock there too). */
  readonly status = new RunStatusBar();
  private readonly onDidStartEmitter = new vscode.EventEmitter<RunTarget>();
  /** Fires when a run starts (the hints clear, the panel shows "running"). */
  readonly onDidStart = this.onDidStartEmitter.event;

  get isRunning(): boolean {
    return this.current !== undefined;
  }

  /** Stops the run under way, if any. */
  stop(): boolean {
    if (!this.current) return false;
    logLine('stop requested');
    this.current.abort('stop' satisfies StopReason);
    return true;
  }

  /**
   * Takes the one run slot: stops what runs, returns the new run's controller (Stop Async Run
   * aborts it with `stop`) and the function that gives the slot back when the run is over.
   */
  begin(): { ac: AbortController; end: () => void } {
    this.stop();
    const ac = new AbortController();
    this.current = ac;
    void vscode.commands.executeCommand('setContext', 'asyncViz.running', true);
    const end = () => {
      if (this.current !== ac) return;
      this.current = undefined;
      void vscode.commands.executeCommand('setContext', 'asyncViz.running', false);
    };
    return { ac, end };
  }

  /** Runs one target; undefined when it could not run (syntax error, Node missing): the user was told. */
  async run(target: RunTarget): Promise<FinishedRun | undefined> {
    const { ac, end } = this.begin();
    this.onDidStartEmitter.fire(target);
    const settings = readSettings(target.uri);
    this.status.running(target.label);
    logLine(`▶ ${target.label} (${target.file}${target.entryFunction ? `, then ${target.entryFunction}()` : ''}) with ${settings.nodePath}`);
    const t0 = Date.now();
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Async Viz: running {0}', target.label), cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => ac.abort('cancel' satisfies StopReason));
          return runFile({
            file: target.file,
            source: target.source,
            entryFunction: target.entryFunction,
            timeoutMs: settings.timeoutMs,
            maxEvents: settings.maxEvents,
            blockingThresholdMs: settings.blockingThresholdMs,
            nodePath: settings.nodePath,
            signal: ac.signal,
            onLog: (line) => logLine(line),
            onOutput: (_stream, text) => output().append(text),
          });
        },
      );
      const ms = result.trace.meta.durationMs;
      logLine(`■ ${target.label}: ${result.outcome} in ${ms.toFixed(1)} ms (wall ${Date.now() - t0} ms)${result.trace.meta.exit.error ? ` — ${result.trace.meta.exit.error}` : ''}`);
      this.status.finished(target.label, result.outcome, ms);
      return { target, result };
    } catch (err) {
      const text = err instanceof SnippetSyntaxError
        ? vscode.l10n.t('Syntax error at line {0}: {1}', err.line + target.lineOffset, err.detail)
        : err instanceof Error ? err.message : String(err);
      logLine(`✖ ${target.label}: ${text}`);
      this.status.failed(text);
      const show = vscode.l10n.t('Show Output');
      void vscode.window.showErrorMessage(vscode.l10n.t('Async Viz could not run {0}: {1}', target.label, text), show).then((c) => {
        if (c === show) output().show(true);
      });
      return undefined;
    } finally {
      end();
    }
  }

  dispose(): void {
    this.stop();
    this.status.dispose();
    this.onDidStartEmitter.dispose();
  }
}
