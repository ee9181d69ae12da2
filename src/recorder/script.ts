/**
 * scriptStart/scriptEnd for entry modules that were not rewritten (a child process's own file, a
 * worker's own file). The prepared run file brackets itself (`__asyncViz.scriptStart()`), so it is
 * skipped. No wrapper may sit on the stack while user code runs (it would show in Node's printed
 * stack traces), so: scriptStart at the end of the preload, right before Node loads the entry,
 * and scriptEnd from a nextTick queued now, which runs first once the CommonJS entry's top-level
 * code has finished. ES module entries (.mjs) get no bracket.
 */
import path from 'node:path';
import type { Thread } from './state';

export function bracketEntryScript(th: Thread, entryFile: string): void {
  if (!entryFile || entryFile.endsWith('.mjs')) return;
  if (th.cfg.entryRun && path.resolve(entryFile) === path.resolve(th.cfg.entryRun)) return;
  th.scriptStart();
  th.quiet++;
  try {
    process.nextTick(() => {
      try {
        th.scriptEnd();
      } catch {
        // swallow
      }
    });
  } finally {
    th.quiet--;
  }
}
