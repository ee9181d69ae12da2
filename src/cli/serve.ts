/**
 * `async-viz show trace.avtrace` with nothing to write: serves the timeline (run/view-server.ts),
 * prints its address, and stops on Ctrl+C (or SIGTERM, SIGHUP), which is how it is meant to end:
 * exit code 0.
 */
import type { ShowBundle } from '../core/show';
import { startViewServer } from '../run/view-server';
import type { StopWatch } from './stop-signals';

export async function serveView(bundle: ShowBundle, stops: StopWatch, quiet: boolean): Promise<number> {
  const server = await startViewServer(bundle);
  // Always printed, even with --quiet: without the address there is nothing to open.
  console.log(`  the timeline: ${server.url}`);
  if (!quiet) console.log('  (served on this machine only, until Ctrl+C; --html F writes a file instead)');
  await new Promise<void>((resolve) => {
    if (stops.signal.aborted) resolve();
    else stops.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  return 0;
}
