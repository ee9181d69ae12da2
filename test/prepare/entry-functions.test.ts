/**
 * One answer to "which top-level functions does this file have?": the CodeLens scanner
 * (src/core/top-level-functions.ts) against the parser prepare uses (acorn on esbuild's output),
 * on every example and ordering fixture and on tricky text; and prepare accepts as the entry
 * function exactly what the scanner lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { topLevelFunctions, scanFunctions } from '../../src/core/top-level-functions';
import { transpile } from '../../src/run/prepare/transpile';
import { parseOutput } from '../../src/run/prepare/rewrite';
import { detectModuleFormat, prepare } from '../../src/run/prepare';
import type { Node } from '../../src/run/prepare/ast';
import { tempDir } from './helpers';

const root = path.resolve(__dirname, '..', '..');

/** Top-level functions by the parser: declarations and variables initialised with a function; name → needs an argument. */
async function parsed(file: string, source: string): Promise<Map<string, boolean>> {
  const format = detectModuleFormat(file, source);
  const program = parseOutput((await transpile(file, source, format)).code, format);
  const out = new Map<string, boolean>();
  const needs = (fn: Node) => (fn.params as Node[]).some((p) => p.type !== 'AssignmentPattern' && p.type !== 'RestElement');
  for (let s of program.body as Node[]) {
    if (s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') s = s.declaration ?? s;
    if (s.type === 'FunctionDeclaration' && s.id) out.set(s.id.name, needs(s));
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations as Node[]) {
        let init = d.init;
        while (init?.type === 'ParenthesizedExpression') init = init.expression;
        if (d.id.type === 'Identifier' && (init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression')) out.set(d.id.name, needs(init));
      }
    }
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return f === 'node_modules' ? [] : sources(p);
    return /\.(m|c)?(t|j)s$/.test(f) ? [p] : [];
  });
}

const TRICKY = `const code = \`
function inTemplate() {}
\`;
/*
export function inComment() {}
*/
let count: number = 0;
const notAFunction = 42;
export const multiLine =
  async () => { count++; };
const typed = (a?: number, b = 2) => a;
function needsOne(x: string) { return x; }
export default async function main() { function nested() {} nested(); }
`;

test('the scanner lists the same top-level functions as the parser, on every example and fixture', async () => {
  const files = [...sources(path.join(root, 'examples')), ...sources(path.join(root, 'test', 'fixtures', 'prepare', 'order'))];
  assert.ok(files.length > 30, `${files.length} files`);
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const want = await parsed(file, source);
    const got = topLevelFunctions(source).functions;
    assert.deepEqual(got.map((f) => f.name).sort(), [...want.keys()].sort(), path.relative(root, file));
    // Plain JavaScript keeps its parameters as written (TypeScript's `a?:` is erased by esbuild).
    if (/\.(m|c)?js$/.test(file)) for (const f of got) assert.equal(f.needsArgs, want.get(f.name), `${path.relative(root, file)}: ${f.name}`);
  }
});

test('tricky text: nothing from a comment or a template, a declaration over two lines, optional parameters', async () => {
  const file = path.join(tempDir(), 'tricky.ts');
  const got = topLevelFunctions(TRICKY).functions.map((f) => `${f.name}${f.needsArgs ? '(x)' : '()'}`);
  assert.deepEqual(got, ['multiLine()', 'typed()', 'needsOne(x)', 'main()']);
  assert.deepEqual([...(await parsed(file, TRICKY)).keys()].sort(), ['main', 'multiLine', 'needsOne', 'typed']);
  assert.deepEqual(scanFunctions(TRICKY).functions.map((f) => f.name), ['multiLine', 'typed', 'main'], 'the lenses: callable without arguments');
});

test('prepare accepts as the entry function what the scanner lists, and refuses the rest', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'tricky.ts');
  for (const f of topLevelFunctions(TRICKY).functions) {
    const p = await prepare({ file, source: TRICKY, entryFunction: f.name, outDir: dir });
    assert.ok(p.runFile, f.name);
  }
  for (const name of ['inTemplate', 'inComment', 'notAFunction', 'count', 'nested']) {
    await assert.rejects(prepare({ file, source: TRICKY, entryFunction: name, outDir: dir }), new RegExp(`no top-level function "${name}"`), name);
  }
});
