/** The `asyncViz.*` settings, read fresh each time, and the Node executable to run snippets with. */
import * as vscode from 'vscode';
import { resolveNodePath } from './node-path';

export interface Settings {
  timeoutMs: number;
  maxEvents: number;
  blockingThresholdMs: number;
  /** Resolved executable (never empty). */
  nodePath: string;
  /** Record Command… keeps only the last this many ms of a recording; 0: all of it. */
  recordWindowMs: number;
  codeLensEnabled: boolean;
  inlineHintsEnabled: boolean;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('asyncViz', scope);
  return {
    // 0: no time-out (the run goes on until the program ends or Stop Async Run).
    timeoutMs: c.get<number>('timeoutMs') === 0 ? 0 : positive(c.get<number>('timeoutMs'), 10_000),
    maxEvents: positive(c.get<number>('maxEvents'), 1_000_000),
    blockingThresholdMs: positive(c.get<number>('blockingThresholdMs'), 10),
    nodePath: resolveNodePath(c.get<string>('nodePath') ?? ''),
    recordWindowMs: positive(c.get<number>('recordCommand.windowSeconds'), 0) * 1000,
    codeLensEnabled: c.get<boolean>('codeLens.enabled') ?? true,
    inlineHintsEnabled: c.get<boolean>('inlineHints.enabled') ?? true,
  };
}

const positive = (v: number | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
