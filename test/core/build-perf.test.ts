/** buildTrace stays linear: a million wire events build in well under 2 s. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from './wire-builder';
import { millionEvents } from './synth';
import { measure, fmt } from './timing';

test('1M wire events build in well under 2 s', () => {
  const streams = millionEvents();
  const count = streams.reduce((n, s) => n + s.events.length, 0);
  assert.ok(count >= 999_000);
  const m = measure(() => build(streams));
  const trace = m.value;
  console.log(`  buildTrace: ${count.toLocaleString('en-US')} wire events → ${trace.spans.length.toLocaleString('en-US')} spans, ${trace.events.length.toLocaleString('en-US')} events in ${fmt(m)}`);
  assert.ok(trace.spans.length > 200_000);
  assert.ok(m.cpuMs < 2000, `took ${fmt(m)}`);
  // Sorted by start, ids = index.
  for (let i = 1; i < trace.spans.length; i++) assert.ok(trace.spans[i].start >= trace.spans[i - 1].start && trace.spans[i].id === i);
});
