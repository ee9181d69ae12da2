/**
 * Running out of memory: Node prints "FATAL ERROR: … JavaScript heap out of memory" and aborts
 * (SIGABRT), so the recorder gets no last word. The runner recognises it in the program's stderr
 * and asks the same Node, with the same options, for its heap limit, so the sentence can say how
 * much memory the program had.
 */
import { execFile } from 'node:child_process';
export { isOutOfMemory } from '../core/build/explain-exit';

/** The V8 heap limit (MB) of `node` started with `nodeOptions`, or undefined when it cannot be read. */
export function heapLimitMb(node: string, nodeOptions: string): Promise<number | undefined> {
  // Only the heap-size flags matter here; the recorder's --require stays out of this probe.
  const sizeFlags = nodeOptions.split(/\s+/).filter((o) => /^--(max-old-space-size|max-semi-space-size|max-heap-size)=/.test(o)).join(' ');
  return new Promise((resolve) => {
    execFile(
      node,
      ['-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'],
      { env: { ...process.env, NODE_OPTIONS: sizeFlags, ELECTRON_RUN_AS_NODE: process.versions.electron ? '1' : undefined }, timeout: 5000 },
      (err, stdout) => {
        const bytes = Number(stdout);
        resolve(!err && bytes > 0 ? Math.round(bytes / (1 << 20)) : undefined);
      },
    );
  });
}
