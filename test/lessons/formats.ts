/**
 * The module format Node runs each example in (detected from the file itself: src/run/prepare/format.ts).
 * examples/tsconfig.json makes every file a module for TypeScript only; Node's choice must not
 * move, because some lessons depend on it: lesson 4's order is CommonJS's (in an ES module the
 * top-level code is itself a microtask, so promise.then would come before process.nextTick).
 * Change a row only on purpose, with the lesson's text.
 */
export const MODULE_FORMAT: Record<string, 'esm' | 'cjs'> = {
  'start-here.ts': 'esm',
  '01-sync-blocks/async.ts': 'esm',
  '01-sync-blocks/blocking.ts': 'cjs',
  '02-await-lets-others-run/promise-all.ts': 'esm',
  '03-sequential-vs-concurrent/concurrent.ts': 'esm',
  '03-sequential-vs-concurrent/sequential.ts': 'esm',
  '04-event-loop-order/order.ts': 'cjs',
  '05-async-is-not-parallel/crunch.ts': 'esm',
  '06-worker-threads/main-thread.ts': 'cjs',
  '06-worker-threads/workers.ts': 'esm',
  '07-child-processes/processes.ts': 'esm',
  '08-background-jobs/jobs-redis.ts': 'esm',
  '08-background-jobs/jobs.ts': 'esm',
  '09-request-handlers/async-handler.ts': 'esm',
  '09-request-handlers/blocking-handler.ts': 'esm',
  '10-websockets/polling.ts': 'esm',
  '10-websockets/websocket.ts': 'esm',
  '11-pitfalls/forgotten-await.ts': 'esm',
  '11-pitfalls/never-resolves.ts': 'esm',
  '11-pitfalls/sync-in-async.ts': 'esm',
  '11-pitfalls/unhandled-rejection.ts': 'cjs',
};
