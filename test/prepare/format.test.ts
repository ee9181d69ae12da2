/** Module format detection: the matrix of extensions × package.json type × syntax, checked against Node itself for .js. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectModuleFormat } from '../../src/run/prepare/index';
import { runNode, tempDir } from './helpers';

const EXTS = ['.mjs', '.cjs', '.mts', '.cts', '.ts', '.js'];
const TYPES = ['module', 'commonjs', undefined] as const;
const SOURCES = {
  import: "import { EventEmitter } from 'node:events';\nconsole.log(typeof require, typeof EventEmitter);\n",
  plain: "const { EventEmitter } = require('node:events');\nconsole.log(typeof require, typeof EventEmitter);\n",
};

function expected(ext: string, type: string | undefined, syntax: keyof typeof SOURCES): 'esm' | 'cjs' {
  if (ext === '.mjs' || ext === '.mts') return 'esm';
  if (ext === '.cjs' || ext === '.cts') return 'cjs';
  if (type === 'module') return 'esm';
  if (type === 'commonjs') return 'cjs';
  return syntax === 'import' ? 'esm' : 'cjs';
}

for (const type of TYPES) {
  test(`format matrix, package.json type ${type ?? '(absent)'}`, () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(type ? { name: 'x', type } : { name: 'x' }));
    const sub = path.join(dir, 'deep', 'er');
    fs.mkdirSync(sub, { recursive: true }); // the nearest package.json is found walking up
    for (const ext of EXTS) {
      for (const syntax of Object.keys(SOURCES) as (keyof typeof SOURCES)[]) {
        const file = path.join(sub, `${syntax}${ext}`);
        fs.writeFileSync(file, SOURCES[syntax]);
        const want = expected(ext, type, syntax);
        assert.equal(detectModuleFormat(file, SOURCES[syntax]), want, `${syntax}${ext}`);
        if (ext === '.js' || ext === '.mjs' || ext === '.cjs') {
          // Ask Node: in ESM `require` is undefined.
          const r = runNode(file);
          if (r.status === 0) assert.equal(r.stdout.startsWith('undefined') ? 'esm' : 'cjs', want, `node on ${syntax}${ext}`);
        }
      }
    }
  });
}

test('top-level await alone makes an untyped file ESM; type-only imports do not', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'package.json'), '{}');
  assert.equal(detectModuleFormat(path.join(dir, 'a.js'), 'await Promise.resolve(1);\n'), 'esm');
  assert.equal(detectModuleFormat(path.join(dir, 'a.ts'), 'const x: number = await Promise.resolve(1);\n'), 'esm');
  assert.equal(detectModuleFormat(path.join(dir, 'a.ts'), "import type { X } from './x';\nconst y: X = 1;\n"), 'cjs');
  assert.equal(detectModuleFormat(path.join(dir, 'a.ts'), "import { X } from './x';\nconst y: X = 1;\n"), 'esm');
  assert.equal(detectModuleFormat(path.join(dir, 'a.js'), 'console.log(import.meta.url);\n'), 'esm');
  assert.equal(detectModuleFormat(path.join(dir, 'a.js'), 'export {};\n'), 'esm');
  assert.equal(detectModuleFormat(path.join(dir, 'a.js'), 'var await = 1; console.log(await);\n'), 'cjs');
  assert.equal(detectModuleFormat(path.join(dir, 'a.js'), 'return;\n'), 'cjs');
  // Node retries as ESM when a top-level let/const/class clashes with the CommonJS wrapper's parameters.
  for (const [src, want] of [['const __dirname = 1;\nconsole.log(typeof require);\n', 'esm'], ['let require = 1;\nconsole.log(typeof module);\n', 'esm'], ['function require() {}\nconsole.log(typeof module);\n', 'cjs'], ['var exports = 1;\nconsole.log(typeof module);\n', 'cjs']] as const) {
    const file = path.join(dir, 'clash.js');
    fs.writeFileSync(file, src);
    assert.equal(detectModuleFormat(file, src), want, src);
    assert.equal(runNode(file).stdout.trim(), want === 'esm' ? 'undefined' : 'object', `node agrees on ${src}`);
  }
});
