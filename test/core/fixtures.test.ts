/** The fixture traces in test/fixtures/traces are current (regenerate with make.ts) and valid. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, fixed } from '../fixtures/traces/make';
import { isTrace } from '../../src/core/protocol';
import { toChromeTrace } from '../../src/core/chrome-trace';
import { validateChromeTrace } from './chrome-validate';
import { bigTrace } from './synth';
import { measure, fmt } from './timing';
import { summarize, stepOrder, stepAt, concurrency } from '../../src/core/analysis';
import { columnar } from '../../src/core/columns/table';

const dir = path.join(__dirname, '..', 'fixtures', 'traces');

for (const [name, make] of FIXTURES) {
  if (name.startsWith('big')) continue;
  test(`fixture ${name} is what make.ts writes today, a valid trace, and exports to Chrome`, () => {
    const onDisk = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    assert.ok(isTrace(onDisk));
    assert.deepEqual(onDisk, JSON.parse(JSON.stringify(fixed(make()))), `${name} is stale: run node --import tsx test/fixtures/traces/make.ts`);
    validateChromeTrace(toChromeTrace(onDisk));
    for (const s of onDisk.spans) assert.ok(s.start <= s.end && s.end <= onDisk.meta.durationMs);
  });
}

test('the big generated trace has ≈100k spans, sorted, and exports to a valid Chrome trace', () => {
  const t = bigTrace(100_000);
  assert.ok(t.spans.length > 95_000, String(t.spans.length));
  for (let i = 1; i < t.spans.length; i++) assert.ok(t.spans[i].start >= t.spans[i - 1].start);
  const mc = measure(() => toChromeTrace(t));
  const ct = mc.value;
  console.log(`  toChromeTrace: ${t.spans.length} spans → ${ct.traceEvents.length} events in ${fmt(mc)}`);
  assert.ok(mc.cpuMs < 1500, fmt(mc));
  validateChromeTrace(ct);
  const m = measure(() => {
    const data = columnar(t);
    const steps = stepOrder(data);
    // Steps are made on demand (a step panel, the CLI's story): the first thousand.
    for (let k = 0; k < 1000; k++) stepAt(data, k, steps);
    return { s: summarize(data), steps, c: concurrency(data) };
  });
  const { s, steps, c } = m.value;
  console.log(`  columns + summarize + step order (1000 steps made) + concurrency on ${t.spans.length} spans: ${fmt(m)}`);
  assert.ok(m.cpuMs < 1500, fmt(m));
  assert.ok(steps.length > 80_000 && s.peakConcurrency === c.peak && c.peak > 1);
});
