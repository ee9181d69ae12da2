/** The "Async Viz" output channel: the runner's log and the snippet's stdout/stderr. */
import * as vscode from 'vscode';

let channel: vscode.OutputChannel | undefined;

export function output(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel('Async Viz');
  return channel;
}

export function logLine(line: string): void {
  output().appendLine(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
}

export function disposeOutput(): void {
  channel?.dispose();
  channel = undefined;
}
