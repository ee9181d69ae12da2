/**
 * Record Command…: records a package.json script or a typed command (record-pick.ts) with the
 * engine the CLI's `async-viz run` uses (src/run/command.ts): every Node process it starts, for as
 * long as it runs. Its output and input go through a terminal of its own (record-terminal.ts), the
 * status bar counts the time ("Recording 12.4 s · ⏹ Stop"), and a cancellable progress
 * notification counts the events. Stop Async Run, the status bar item, Cancel, Ctrl+C in the
 * terminal or closing it stop the recording; whenever it ends, the panel shows the trace.
 * It takes the controller's one run slot (runs.ts): a new run or recording stops this one.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import { recordCommand, type CommandResult } from '../run/command';
import type { StopReason } from '../run/types';
import { terminalSafe } from '../cli/terminal';
import { readSettings } from './config';
import { logLine } from './output';
import { RecordTerminal } from './record-terminal';
import { choiceFromArgs, pickCommand, shellArgv, type CommandChoice, type RecordArgs } from './record-pick';
import { TimelinePanel } from './panel';
import type { Services } from './services';
import type { SourceRef } from './target';

export interface FinishedRecording {
  choice: CommandChoice;
  result: CommandResult;
}

/** How often the status bar's clock and the notification's count change, ms. */
const TICK_MS = 100;

/** The terminal of the recording under way (the tests read and type into it through the extension's API). */
let active: RecordTerminal | undefined;
export const recordingTerminal = (): RecordTerminal | undefined => active;

/** Where the lines of a recorded trace live: its entry file (the other files are named by each span). */
function sourcesOf(result: CommandResult): SourceRef[] {
  const file = result.trace.meta.file;
  return path.isAbsolute(file) ? [{ uri: vscode.Uri.file(file).toString(), lineOffset: 0 }] : [];
}

/** Records a command and shows its trace; undefined when nothing was recorded (not trusted, nothing picked, it could not start). */
export async function recordAndShow(s: Services, args?: RecordArgs): Promise<FinishedRecording | undefined> {
  const choice = args && typeof args === 'object' ? await choiceFromArgs(args) : await pickCommand();
  if (!choice) {
    if (args) void vscode.window.showWarningMessage(vscode.l10n.t('Async Viz: nothing to record for {0}.', terminalSafe(JSON.stringify(args))));
    return undefined;
  }
  const label = terminalSafe(choice.text);
  const settings = readSettings(vscode.Uri.file(choice.cwd));
  const { ac, end } = s.runs.begin();
  const stop = (why: StopReason) => ac.abort(why);
  let rec: Awaited<ReturnType<typeof recordCommand>> | undefined;
  const terminal = new RecordTerminal({
    onInterrupt: () => stop('SIGINT'),
    onInput: (text) => rec?.input(text),
    onClose: () => stop('stop'),
  });
  active = terminal;
  vscode.window.createTerminal({ name: vscode.l10n.t('Async Viz: {0}', label), pty: terminal, iconPath: new vscode.ThemeIcon('record') }).show(true);
  const panel = TimelinePanel.createOrShow(s.ctx, s.store);
  panel.status('running', vscode.l10n.t('Recording {0}… Stop it to see the timeline.', label));
  s.runs.status.recording(label, 0);
  logLine(`● record ${label} in ${choice.cwd}${settings.recordWindowMs ? `, window ${settings.recordWindowMs} ms` : ''}`);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Async Viz: recording {0}', label), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => stop('cancel'));
        let shown = -Infinity;
        rec = await recordCommand({
          command: shellArgv(choice.text),
          cwd: choice.cwd,
          windowMs: settings.recordWindowMs || undefined,
          blockingThresholdMs: settings.blockingThresholdMs,
          stdio: 'pipe',
          signal: ac.signal,
          onOutput: (_stream, text) => terminal.output(text),
          onLog: (line) => logLine(line),
          onProgress: (p) => {
            if (p.elapsedMs - shown < TICK_MS) return;
            shown = p.elapsedMs;
            s.runs.status.recording(label, p.elapsedMs);
            progress.report({ message: vscode.l10n.t('{0} s, {1} events', (p.elapsedMs / 1000).toFixed(1), p.events.toLocaleString()) });
          },
        });
        return rec.done;
      },
    );
    const t = result.trace;
    const how = t.meta.exit.error ?? vscode.l10n.t('The command ended (exit code {0}).', String(t.meta.exit.code));
    const cut = result.cutToFit ? ` ${vscode.l10n.t('All of it is more than fits in memory: the trace holds the last {0} s (a window setting chooses what to keep).', (result.cutToFit.keptMs / 1000).toFixed(1))}` : '';
    terminal.end(vscode.l10n.t('■ Async Viz recorded {0} events. {1} Press any key to close.', result.events.toLocaleString(), how + cut));
    logLine(`■ ${label}: ${result.outcome}, ${result.events} events, ${result.dropped} dropped, ${result.launchers.length} launcher(s) folded`);
    s.runs.status.finished(label, result.outcome, t.meta.durationMs);
    const sources = sourcesOf(result);
    s.last = { trace: t, label, sources };
    // The panel may have been closed while the recording went on.
    TimelinePanel.createOrShow(s.ctx, s.store).show({ trace: t, title: vscode.l10n.t('Async: {0}', label) }, sources);
    return { choice, result };
  } catch (err) {
    const text = terminalSafe(err instanceof Error ? err.message : String(err));
    terminal.end(vscode.l10n.t('✖ Async Viz could not record {0}: {1}', label, text));
    logLine(`✖ ${label}: ${text}`);
    s.runs.status.failed(text);
    panel.status('error', vscode.l10n.t('{0} did not run. See the Async Viz output.', label));
    void vscode.window.showErrorMessage(vscode.l10n.t('Async Viz could not record {0}: {1}', label, text));
    return undefined;
  } finally {
    end();
    if (active === terminal) active = undefined;
  }
}
