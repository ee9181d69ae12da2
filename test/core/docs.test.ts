/** docs/trace-format.md documents every field of src/core/trace.ts (and the files it re-exports), and its example is a real trace. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isTrace } from '../../src/core/protocol';
import { STEP_RULES } from '../../src/core/steps';

const root = path.join(__dirname, '..', '..');
const doc = readFileSync(path.join(root, 'docs', 'trace-format.md'), 'utf8');
const src = ['trace.ts', 'trace-events.ts', 'trace-blocked.ts'].map((f) => readFileSync(path.join(root, 'src', 'core', f), 'utf8')).join('\n');

test('every interface and field of trace.ts and trace-events.ts appears in the doc', () => {
  const missing: string[] = [];
  for (const block of src.split(/^export interface /m).slice(1)) {
    const name = block.slice(0, block.search(/[\s<{]/));
    if (!doc.includes(`\`${name}\``)) missing.push(name);
    const body = block.slice(block.indexOf('{') + 1, block.indexOf('\n}'));
    for (const m of body.matchAll(/^ {2}(\w+)\??:/gm)) if (!doc.includes(`\`${m[1]}\``)) missing.push(`${name}.${m[1]}`);
  }
  for (const m of src.matchAll(/^\s+\| '(\w+)'/gm)) if (!doc.includes(`\`${m[1]}\``)) missing.push(`SpanKind ${m[1]}`);
  assert.deepEqual(missing, []);
});

test('the example in the doc is the blocking-loop fixture, a valid trace', () => {
  const example = JSON.parse(doc.split('```json')[1].split('```')[0]);
  assert.ok(isTrace(example));
  assert.deepEqual(example, JSON.parse(readFileSync(path.join(root, 'test', 'fixtures', 'traces', 'blocking-loop.json'), 'utf8')));
});

test('the doc\'s step rules are the core\'s', () => {
  const section = doc.slice(doc.indexOf('### Step rules'), doc.indexOf('What the queues can and cannot show'));
  const ids = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...ids].sort(), [...STEP_RULES].sort());
});
