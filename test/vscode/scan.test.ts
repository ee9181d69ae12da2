/** The pure parts behind the extension: the CodeLens scan (src/core/top-level-functions.ts), the Node lookup, the hints. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, rmSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanFunctions, paramsOptional } from '../../src/core/top-level-functions';
import { resolveNodePath } from '../../src/extension/node-path';
import { lineHints } from '../../src/core/line-hints';
import { formatDuration } from '../../src/core/duration';
import { readFileSync } from 'node:fs';

const SAMPLE = `import x from 'y';
const re = /}{/g; const s = "}"; const t = \`a \${ {a:1}.a } }\`;
// function commented() {}
/* function block() {} */
export async function main() {
  function inner() {}
}
function needsArg(a: number) {}
function optional(a = 1, b?: string, ...rest: number[]) {}
const arrow = async () => { await 1; };
const arrowArg = (a: number) => a;
const single = x => x;
export const typed = async (): Promise<void> => {};
const notFn = (1 + 2);
const fexpr = function named() {};
export default function defaultFn({ a } = {}) {}
const obj = {
  method() {}
};
`;

test('top-level functions callable without arguments, and only those', () => {
  const r = scanFunctions(SAMPLE);
  assert.equal(r.balanced, true);
  assert.deepEqual(r.functions.map((f) => `${f.line}:${f.name}${f.isAsync ? ':async' : ''}`), [
    '4:main:async', '8:optional', '9:arrow:async', '12:typed:async', '14:fexpr', '15:defaultFn',
  ]);
});

test('strings, templates, regexes and comments do not confuse the brace depth', () => {
  const r = scanFunctions('const a = "{"; const b = `${"}"}{`; const c = /{/;\n// {\n/* { */\nfunction ok() {}\n');
  assert.equal(r.balanced, true);
  assert.deepEqual(r.functions.map((f) => f.name), ['ok']);
});

test('an unbalanced file says so (the provider then keeps its last lenses)', () => {
  assert.equal(scanFunctions('function a() {\n  if (x) {\n').balanced, false);
});

test('parameter lists', () => {
  assert.equal(paramsOptional(''), true);
  assert.equal(paramsOptional('a = 1, { b } = {}, c?: number, ...d: string[]'), true);
  assert.equal(paramsOptional('a: number'), false);
  assert.equal(paramsOptional('cb: (x: number) => void = () => {}'), true);
  assert.equal(paramsOptional('a, b = 2'), false);
});

test('a 5,000-line file scans in well under 100 ms', () => {
  const big = SAMPLE.repeat(Math.ceil(5000 / SAMPLE.split('\n').length));
  scanFunctions(big); // warm up the JIT
  const t0 = performance.now();
  const r = scanFunctions(big);
  const ms = performance.now() - t0;
  assert.ok(r.functions.length > 1000);
  assert.ok(ms < 100, `took ${ms.toFixed(1)} ms`);
});

test('nodePath: the setting, else node on PATH, else VS Code’s own runtime', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'async-viz-path-'));
  try {
    mkdirSync(path.join(dir, 'bin'));
    const node = path.join(dir, 'bin', 'node');
    writeFileSync(node, '#!/bin/sh\n');
    chmodSync(node, 0o755);
    assert.equal(resolveNodePath('/opt/node/bin/node', ''), '/opt/node/bin/node');
    assert.equal(resolveNodePath('', `${path.join(dir, 'nothing')}${path.delimiter}${path.join(dir, 'bin')}`, 'linux'), node);
    assert.equal(resolveNodePath('node', path.join(dir, 'nothing'), 'linux'), process.execPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the hints are the core\'s per-line totals, with durations as everywhere else', () => {
  const trace = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'webview', 'lesson1-blocking.json'), 'utf8'));
  const hints = lineHints(trace);
  const blocked = hints.find((h) => h.blocks > 0)!;
  assert.deepEqual([blocked.line, blocked.blockedMs], [trace.blocked[0].line, trace.blocked[0].durationMs]);
  const seq = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'traces', 'sequential.json'), 'utf8'));
  const awaited = lineHints(seq).filter((h) => h.awaits > 0);
  assert.equal(awaited.reduce((n, h) => n + h.awaits, 0), seq.spans.filter((s: { kind: string; line?: number }) => s.kind === 'await' && s.line).length);
  assert.equal(formatDuration(212.4), '212 ms');
  assert.equal(formatDuration(1000), '1 s');
});
