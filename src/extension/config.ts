/** The `asyncViz.*` settings, read fresh each time, and the Node executable to run snippets with. */
import * as vscode from 'vscode';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Settings {
  timeoutMs: number;
  maxEvents: number;
  blockingThresholdMs: number;
  /** Resolved executable (never empty). */
  nodePath: string;
  codeLensEnabled: boolean;
  inlineHintsEnabled: boolean;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('asyncViz', scope);
  return {
    timeoutMs: positive(c.get<number>('timeoutMs'), 10_000),
    maxEvents: positive(c.get<number>('maxEvents'), 1_000_000),
    blockingThresholdMs: positive(c.get<number>('blockingThresholdMs'), 10),
    nodePath: resolveNodePath(c.get<string>('nodePath') ?? ''),
    codeLensEnabled: c.get<boolean>('codeLens.enabled') ?? true,
    inlineHintsEnabled: c.get<boolean>('inlineHints.enabled') ?? true,
  };
}

const positive = (v: number | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);

/**
 * The `nodePath` setting when given; else `node` on PATH; else VS Code's own runtime
 * (`process.execPath`, which the runner starts with ELECTRON_RUN_AS_NODE=1 inside Electron).
 */
export function resolveNodePath(setting: string, envPath = process.env.PATH ?? '', platform = process.platform): string {
  const s = setting.trim();
  if (s && s !== 'node') return s;
  return findOnPath('node', envPath, platform) ?? process.execPath;
}

/** Full path of an executable on PATH, or undefined. */
export function findOnPath(name: string, envPath: string, platform = process.platform): string | undefined {
  const exts = platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      try {
        if (existsSync(p) && statSync(p).isFile()) return p;
      } catch {
        // unreadable folder on PATH: skip it
      }
    }
  }
  return undefined;
}
