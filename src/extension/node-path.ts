/** Which Node runs the snippets (no vscode here: unit-tested in node). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

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
