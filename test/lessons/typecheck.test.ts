/**
 * The lessons open in VS Code with no red squiggles: examples/tsconfig.json (what VS Code's
 * TypeScript server reads for a lesson file) type-checks every example with no error, and every
 * example still runs in the module format it always has (tsconfig's moduleDetection is
 * TypeScript's view only). The extension-host suite checks the Problems panel itself
 * (test/vscode/suite/diagnostics.test.ts); the .vsix test type-checks the installed copy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from '../engine/helpers';
import { detectModuleFormat } from '../../src/run/prepare/format';
import { MODULE_FORMAT } from './formats';

const examples = path.join(root, 'examples');
const tsc = (...args: string[]) => spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', examples, ...args], { cwd: root, encoding: 'utf8' });

/** Every .ts file under examples/, relative, with / separators. */
function exampleFiles(dir = examples): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return exampleFiles(p);
    return f.endsWith('.ts') ? [path.relative(examples, p).split(path.sep).join('/')] : [];
  });
}

test('tsc -p examples --noEmit: every example type-checks with no error', () => {
  const listed = tsc('--listFilesOnly');
  assert.equal(listed.status, 0, listed.stdout + listed.stderr);
  const inProject = new Set(listed.stdout.split('\n').map((l) => l.trim()).filter(Boolean).map((f) => path.relative(examples, path.resolve(f)).split(path.sep).join('/')));
  const files = exampleFiles();
  assert.ok(files.length >= 20, `found ${files.length} examples`);
  for (const f of files) assert.ok(inProject.has(f), `examples/tsconfig.json covers ${f}`);
  assert.ok([...inProject].some((f) => f.endsWith('@types/node/index.d.ts')), "Node's types are in the project");
  const r = tsc('--noEmit', '--pretty', 'false');
  assert.equal(r.status, 0, `tsc -p examples found errors:\n${r.stdout}${r.stderr}`);
});

test('every example runs in the module format it always has (lesson 4 stays CommonJS)', () => {
  const files = exampleFiles();
  assert.deepEqual(files, Object.keys(MODULE_FORMAT).sort(), 'the table names every example (test/lessons/formats.ts)');
  for (const f of files) assert.equal(detectModuleFormat(path.join(examples, f), readFileSync(path.join(examples, f), 'utf8')), MODULE_FORMAT[f], f);
});
