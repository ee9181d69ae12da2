/** The site table: await and async function positions in the user's TypeScript, and the awaited text. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepare } from '../../src/run/prepare/index';
import { FIXTURES, preparedText, runPrepared, tempDir } from './helpers';

const FILE = path.join(FIXTURES, 'sites.ts');
const SOURCE = fs.readFileSync(FILE, 'utf8');

/** 1-based line/col of the n-th occurrence of `needle` in the fixture. */
function at(needle: string, nth = 0): { line: number; col: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = SOURCE.indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  const before = SOURCE.slice(0, i).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

test('await sites carry the TypeScript positions and the awaited text', async () => {
  const p = await prepare({ file: FILE, source: SOURCE, outDir: tempDir() });
  const awaits = p.sites.awaits;
  const expected: [string, string, number?][] = [
    ['await loadUser(1)', 'loadUser(1)'],
    ['await loadUser(user.id', 'loadUser(user.id + 1)'],
    ['await Promise.all', 'Promise.all([loadUser(3), loadUser(4)])'], // esbuild drops <User>; falls back to its text
    ['await (const u', '[loadUser(5)]'],
    ["await Promise.resolve('a very", "Promise.resolve('a very long string literal that goes on an…"],
    ["await generic<string>('x')", 'generic("x")'],
    ['await loadUser(id)', 'loadUser(id)'],
  ];
  assert.equal(awaits.length, expected.length);
  expected.forEach(([needle, text], i) => {
    assert.deepEqual({ line: awaits[i].line, col: awaits[i].col }, at(needle), `site ${i} position`);
    assert.equal(awaits[i].text, text, `site ${i} text`);
    assert.ok(awaits[i].text.length <= 60);
  });
});

test('async function sites: names as written or inferred, TypeScript positions', async () => {
  const p = await prepare({ file: FILE, source: SOURCE, outDir: tempDir() });
  const fns = p.sites.functions.map((f) => `${f.name}@${f.line}`);
  assert.deepEqual(fns, [
    `loadUser@${at('async (id').line}`,
    `main@${at('async function main').line}`,
    `get@${at('async get').line}`,
    `generic@${at('async function generic').line}`,
  ]);
  assert.deepEqual(p.sites.functions[0], { name: 'loadUser', ...at('async (id') });
  assert.deepEqual(p.sites.functions[1], { name: 'main', ...at('async function main') });
  assert.deepEqual(p.sites.functions[2], { name: 'get', ...at('async get') });
  assert.deepEqual(p.sites.functions[3], { name: 'generic', ...at('async function generic') });
});

test('anonymous functions and top-level await', async () => {
  const src = 'const xs = [1].map(async (x) => x);\nawait Promise.all(xs);\nexport {};\n';
  const p = await prepare({ file: path.join(tempDir(), 'tla.mts'), source: src, outDir: tempDir() });
  assert.deepEqual(p.sites.functions, [
    { name: '<anonymous>', line: 1, col: 20 },
    { name: '<top-level>', line: 1, col: 1 },
  ]);
  assert.deepEqual(p.sites.awaits, [{ line: 2, col: 1, text: 'Promise.all(xs)' }]);
});

test('mapPosition maps run-file positions (after insertions) back to the TypeScript', async () => {
  const p = await prepare({ file: FILE, source: SOURCE, outDir: tempDir() });
  const run = preparedText(p).split('\n');
  // Find the call `loadUser(user.id)` in the run file (its argument carries the call's site mark) and map it.
  const line = run.findIndex((l) => /loadUser\(\$av\$\.m\(\d+,\d+,user\.id/.test(l));
  const col = run[line].indexOf('loadUser(');
  assert.deepEqual(p.mapPosition(line + 1, col + 1), at('loadUser(user.id'));
  const arg = at('loadUser(user.id');
  assert.deepEqual(p.mapPosition(line + 1, run[line].indexOf('user.id') + 1), { line: arg.line, col: arg.col + 'loadUser('.length }, 'the argument after the mark');
  // A position inside inserted text maps to where it was inserted, on the right line.
  const ins = run[line].indexOf('$av$.r(');
  assert.equal(p.mapPosition(line + 1, ins + 1)?.line, at('loadUser(user.id').line);
  assert.equal(p.mapPosition(9999, 1), null);
});

test('a thrown error stack points into the run file at lines that map back', async () => {
  const src = "interface A { a: 1 }\n\nasync function boom(): Promise<never> {\n  await null;\n  throw new Error('boom');\n}\nboom();\n";
  const p = await prepare({ file: path.join(tempDir(), 'boom.ts'), source: src, outDir: tempDir() });
  const r = runPrepared(p);
  const m = new RegExp(`${p.runFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`).exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.deepEqual(p.mapPosition(Number(m[1]), Number(m[2])), { line: 5, col: 9 });
});
