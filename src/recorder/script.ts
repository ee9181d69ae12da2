/**
 * scriptStart/scriptEnd for entry modules that were not rewritten (a child process's own file, a
 * worker's own file): the first CommonJS module compiled for the thread's entry file is bracketed.
 * The prepared run file brackets itself (it calls `__asyncViz.scriptStart()`), so it is skipped.
 */
import Module from 'node:module';
import path from 'node:path';
import type { Thread } from './state';

export function bracketEntryScript(th: Thread, entryFile: string): void {
  if (!entryFile) return;
  const entry = path.resolve(entryFile);
  if (th.cfg.entryRun && entry === path.resolve(th.cfg.entryRun)) return;
  const proto = (Module as any).prototype;
  const original = proto._compile;
  if (typeof original !== 'function') return;
  let done = false;
  proto._compile = function (this: unknown, content: string, filename: string) {
    if (done || filename !== entry) return original.call(this, content, filename);
    done = true;
    proto._compile = original;
    try {
      th.scriptStart();
    } catch {
      // swallow
    }
    try {
      return original.call(this, content, filename);
    } finally {
      try {
        th.scriptEnd();
      } catch {
        // swallow
      }
    }
  };
}
