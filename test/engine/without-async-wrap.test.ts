/**
 * A Node without the async_wrap binding (Node 24: `process.binding('async_wrap')` throws): the
 * recorder still records, and the program still cannot tell. Simulated on the Node the tests run
 * on by a preload that makes the binding throw, loaded before the recorder (NODE_OPTIONS).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, plainRun, record } from './helpers';
import type { Trace } from '../../src/core/trace';

const stub = fixture('no-async-wrap', 'without-async-wrap.cjs');

async function recordedWithout(file: string): Promise<{ trace: Trace; stdout: string }> {
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `--require "${stub}"`;
  try {
    let stdout = '';
    const { trace } = await record(file, { timeoutMs: 20_000, onOutput: (s, t) => { if (s === 'stdout') stdout += t; } });
    return { trace, stdout };
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
}

for (const name of ['fs-dir.mjs', 'hook-callbacks.cjs', 'timers-promises.mjs']) {
  test(`without async_wrap: ${name} prints as plainly, and its trace holds its work and no unknown resource`, async () => {
    const file = fixture('transparency', 'programs', name);
    const plain = plainRun(file);
    const r = await recordedWithout(file);
    assert.equal(r.trace.meta.exit.code, plain.status, 'exit code');
    assert.equal(r.stdout, plain.stdout, 'stdout');
    assert.ok(r.trace.spans.some((s) => s.kind === 'script'), 'a script span');
    assert.ok(r.trace.spans.some((s) => s.kind === 'await') || name.endsWith('.cjs'), 'its awaits are recorded');
    const unknown = r.trace.spans.filter((s) => s.kind === 'io' && /^(unknown|OBJECT)$/.test(s.label));
    assert.deepEqual(unknown.map((s) => s.asyncId), [], 'no span of an unknown resource (a promise reaction of Node\'s own)');
  });
}
