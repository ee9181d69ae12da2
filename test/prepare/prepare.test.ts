/** prepare end to end: syntax errors, the entry function, the generated frame, and timing. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { prepare } from '../../src/run/prepare/index';
import { SnippetSyntaxError } from '../../src/run/types';
import { preparedText, recorderStats, runPrepared, tempDir } from './helpers';

async function syntaxError(file: string, source: string): Promise<SnippetSyntaxError> {
  try {
    await prepare({ file, source, outDir: tempDir() });
  } catch (e) {
    assert.ok(e instanceof SnippetSyntaxError, String(e));
    return e;
  }
  assert.fail('no syntax error');
}

test('a syntax error is a SnippetSyntaxError at the original line and column', async () => {
  const ts = await syntaxError('/x/bad.ts', 'interface A { a: number }\n\nconst a: A = { a: 1 };\nconst b = a.a +;\n');
  assert.deepEqual([ts.file, ts.line, ts.column], ['/x/bad.ts', 4, 16]);
  assert.match(ts.detail, /Unexpected ";"/);
  const wide = await syntaxError('/x/bad.js', 'const s = "ééé"; let = = 2;\n');
  assert.deepEqual([wide.line, wide.column], [1, 24]); // UTF-16 columns (bytes would say 27)
  const tla = await syntaxError('/x/bad.cts', 'const x = 1;\nawait x;\n');
  assert.equal(tla.line, 2);
});

test('entryFunction (ESM): runs after the module code and its promise is awaited', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'entry.mts');
  const source = `console.log('module');
process.nextTick(() => console.log('tick'));
export async function run(): Promise<void> { console.log('run'); await new Promise((r) => setTimeout(r, 5)); console.log('ran'); }
console.log('module end');
`;
  const p = await prepare({ file, source, entryFunction: 'run', outDir: tempDir() });
  assert.equal(p.format, 'esm');
  assert.equal(p.loaderFile, undefined, 'nothing to resolve: no hook');
  const r = runPrepared(p);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'module\nmodule end\nrun\ntick\nran\n');
  const st = recorderStats(r.stderr);
  assert.equal(st.scriptStart, 1);
  assert.equal(st.scriptEnd, 1);
});

test('entryFunction (CommonJS): called after the module code, module order unchanged', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'entry.cts');
  const source = `console.log('module');
Promise.resolve().then(() => console.log('promise'));
process.nextTick(() => console.log('tick'));
async function main(): Promise<void> { console.log('main'); await null; console.log('main done'); }
function sync(): number { console.log('sync'); return 1; }
`;
  const a = await prepare({ file, source, entryFunction: 'main', outDir: tempDir() });
  assert.equal(a.format, 'cjs');
  assert.equal(a.loaderFile, undefined);
  const r = runPrepared(a);
  assert.equal(r.stdout, 'module\nmain\ntick\npromise\nmain done\n');
  const b = await prepare({ file, source, entryFunction: 'sync', outDir: tempDir() });
  assert.equal(runPrepared(b).stdout, 'module\nsync\ntick\npromise\n');
});

test('entryFunction: a rejected entry fails the run; an unknown name is refused', async () => {
  const file = path.join(tempDir(), 'reject.ts');
  const source = "export async function bad() { await null; throw new Error('entry failed'); }\n";
  const p = await prepare({ file, source, entryFunction: 'bad', outDir: tempDir() });
  const r = runPrepared(p);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /entry failed/);
  await assert.rejects(prepare({ file, source, entryFunction: 'nope', outDir: tempDir() }), /no top-level function "nope"/);
  await assert.rejects(prepare({ file, source, entryFunction: 'a();b', outDir: tempDir() }), /not a function name/);
});

test('a file that runs as itself: no line added before its last, untouched lines kept, its own text to Node', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'lines.cjs');
  const source = "#!/usr/bin/env node\n'use strict';\nasync function f() {\n  return await 1;\n}\nf();\nconst done = true;\n";
  fs.writeFileSync(file, source);
  const p = await prepare({ file, source, outDir: tempDir() });
  assert.equal(p.runFile, file, 'Node runs the user\'s own file');
  assert.ok(p.sourceFile && p.sourceFile !== file);
  const lines = preparedText(p).split('\n');
  assert.deepEqual([lines[0], lines[1], lines[6]], source.split('\n').filter((_, i) => [0, 1, 6].includes(i)), 'lines without marks are the user\'s');
  assert.equal(lines[5], '$av$k[0]=$av$k[1]=0,f();', 'a call starting a statement: its site mark in front, no parenthesis');
  const userLines = source.split('\n');
  assert.deepEqual(lines.slice(userLines.length), [';$av$.scriptEnd();'], 'after the last line: the script\'s end');
  assert.equal(fs.readFileSync(file, 'utf8'), source, 'the user\'s file is not touched');
  const r = runPrepared(p);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(recorderStats(r.stderr).scriptStart, 1);
});

test('a copy in the run folder (an unsaved file): the frame sits on the first line, the epilogue on a line of its own', async () => {
  const file = path.join(tempDir(), 'unsaved.mts');
  const source = "async function f(): Promise<number> {\n  return await 1;\n}\nawait f();\n";
  const p = await prepare({ file, source, entryFunction: 'f', outDir: tempDir() });
  assert.equal(p.sourceFile, undefined);
  assert.ok(p.runFile.endsWith('unsaved.mjs'));
  const code = preparedText(p);
  assert.match(code.split('\n')[0], /^import\{createRequire as \$av\$cr\}from"node:module";.*\$av\$\.esmStart\(\);var \$av\$c=\$av\$\.top\(\d+\);/);
  assert.match(code, /\n;.*\$av\$\.leave\(\$av\$c\);.*\n\/\/# sourceMappingURL=data:application\/json;base64,/);
  const r = runPrepared(p);
  assert.equal(r.status, 0, r.stderr);
  const st = recorderStats(r.stderr);
  assert.equal(st.top, 1);
  assert.equal(st.enter, st.leave);
});

test('timing: prepare on a 2,000-line TypeScript file', async () => {
  const parts: string[] = ['interface Item { id: number; name: string }', 'const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));'];
  for (let i = 0; parts.length < 2000; i++) {
    parts.push(
      `export async function step${i}(items: Item[]): Promise<number> {`,
      `  const a: number = await Promise.resolve(${i});`,
      `  for await (const x of items.map(async (it) => it.id + await Promise.resolve(a))) {`,
      `    if (x > 3) await wait(0);`,
      '  }',
      `  return a + (await Promise.all(items.map((it) => Promise.resolve(it.id)))).length;`,
      '}',
    );
  }
  const source = parts.join('\n') + '\n';
  const outDir = tempDir();
  const file = path.join(outDir, 'big.ts');
  const times: number[] = [];
  let awaits = 0;
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const p = await prepare({ file, source, outDir });
    times.push(performance.now() - t0);
    awaits = p.sites.awaits.length;
  }
  console.log(`prepare 2,000 lines (${awaits} await sites): first ${times[0].toFixed(1)} ms, then ${times.slice(1).map((t) => t.toFixed(1)).join(', ')} ms`);
  assert.ok(Math.min(...times.slice(1)) < 1000);
});
