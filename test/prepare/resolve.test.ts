/**
 * The run file lives in a temp dir but must behave as if it were the user's file: require,
 * __dirname/__filename, import.meta, bare and relative imports, dynamic import(), and Node's own
 * error for a missing package.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepare } from '../../src/run/prepare/index';
import { runPrepared, tempDir, withoutStats } from './helpers';

/** A project with a dual package in node_modules and a local helper next to the user's file. */
function project(type?: 'module' | 'commonjs'): { root: string; src: string } {
  const root = tempDir('av-proj-');
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(type ? { name: 'proj', type } : { name: 'proj' }));
  const pkg = path.join(root, 'node_modules', 'tiny-pkg');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'tiny-pkg', exports: { import: './esm.mjs', require: './cjs.cjs' } }));
  fs.writeFileSync(path.join(pkg, 'esm.mjs'), "export const kind = 'esm';\n");
  fs.writeFileSync(path.join(pkg, 'cjs.cjs'), "exports.kind = 'cjs';\n");
  const src = path.join(root, 'src');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'helper.mjs'), "export const helper = 'helper-esm';\n");
  fs.writeFileSync(path.join(src, 'helper.cjs'), "exports.helper = 'helper-cjs';\n");
  return { root, src };
}

async function run(file: string, source: string): Promise<{ out: any; stderr: string; status: number | null }> {
  fs.writeFileSync(file, source);
  const outDir = tempDir();
  const p = await prepare({ file, source, outDir });
  // The user's file as itself (its prepared text in outDir), or a copy in outDir.
  assert.ok(p.runFile === file ? p.sourceFile?.startsWith(outDir) : p.runFile.startsWith(outDir));
  const r = runPrepared(p, outDir);
  let out: any;
  try { out = JSON.parse(r.stdout); } catch { out = r.stdout; }
  return { out, stderr: withoutStats(r.stderr), status: r.status };
}

test('ESM (.ts with imports): bare, relative, dynamic imports, require, __dirname, import.meta', async () => {
  const { src } = project();
  const file = path.join(src, 'main.ts');
  const r = await run(file, `import { kind } from 'tiny-pkg';
import { helper } from './helper.mjs';
const dyn: { kind: string } = await import('tiny-pkg');
const rel = await import('./helper.mjs');
const req = require('tiny-pkg');
console.log(JSON.stringify({ kind, helper, dyn: dyn.kind, rel: rel.helper, req: req.kind, reqRel: require('./helper.cjs').helper,
  dirname: __dirname, filename: __filename, url: import.meta.url, metaDir: import.meta.dirname, metaFile: import.meta.filename,
  resolved: import.meta.resolve('./helper.mjs'), isMain: import.meta.url === \`file://\${process.argv[1]}\` }));
`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.out, {
    kind: 'esm', helper: 'helper-esm', dyn: 'esm', rel: 'helper-esm', req: 'cjs', reqRel: 'helper-cjs',
    dirname: src, filename: file, url: pathToFileURL(file).href, metaDir: src, metaFile: file,
    resolved: pathToFileURL(path.join(src, 'helper.mjs')).href, isMain: true,
  });
});

test("ESM: the user's own __dirname/require declarations are left alone", async () => {
  const { src } = project('module');
  const file = path.join(src, 'own.js');
  const r = await run(file, `import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
const __filename = fileURLToPath(import.meta.url);
const __dirname = dirname(__filename);
const require = createRequire(import.meta.url);
console.log(JSON.stringify({ dirname: __dirname, req: require('tiny-pkg').kind }));
`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.out, { dirname: src, req: 'cjs' });
});

test('CommonJS (.cts and untyped .js): require, relative require, dynamic import, __dirname', async () => {
  const { src } = project();
  for (const name of ['main.cts', 'plain.js']) {
    const file = path.join(src, name);
    const r = await run(file, `const { kind } = require('tiny-pkg');
const { helper } = require('./helper.cjs');
Promise.all([import('tiny-pkg'), import('./helper.mjs')]).then(([d, h]) => {
  console.log(JSON.stringify({ kind, helper, dyn: d.kind, rel: h.helper, dirname: __dirname, filename: __filename, main: require.main === module }));
});
`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.out, { kind: 'cjs', helper: 'helper-cjs', dyn: 'esm', rel: 'helper-esm', dirname: src, filename: file, main: true }, name);
  }
});

test("a missing package fails with Node's own message", async () => {
  const { src } = project();
  const esm = await run(path.join(src, 'missing.ts'), "import x from 'no-such-pkg';\nconsole.log(x);\n");
  assert.notEqual(esm.status, 0);
  // Node names the importing file: the run file (the runner puts the user's file name back).
  assert.match(esm.stderr, /Cannot find package 'no-such-pkg' imported from .*missing\.(ts|mjs)/);
  const cjs = await run(path.join(src, 'missing.cts'), "const x = require('no-such-pkg');\nconsole.log(x);\n");
  assert.notEqual(cjs.status, 0);
  assert.match(cjs.stderr, /Cannot find module 'no-such-pkg'/);
  const dyn = await run(path.join(src, 'missing-dyn.cjs'), "import('no-such-pkg').catch((e) => console.log(JSON.stringify(e.message)));\n");
  assert.match(String(dyn.out), /Cannot find package 'no-such-pkg' imported from .*missing-dyn\.cjs/);
  // A package only in a higher node_modules (monorepo hoisting) and a scoped one are found too.
  const { root } = project();
  const nested = path.join(root, 'packages', 'app');
  fs.mkdirSync(path.join(nested, 'node_modules', '@scope', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(nested, 'node_modules', '@scope', 'deep', 'package.json'), JSON.stringify({ name: '@scope/deep', type: 'module', exports: './i.js' }));
  fs.writeFileSync(path.join(nested, 'node_modules', '@scope', 'deep', 'i.js'), "export default 'deep';\n");
  const mono = await run(path.join(nested, 'mono.mts'), "import deep from '@scope/deep';\nimport { kind } from 'tiny-pkg';\nconst name = 'tiny' + '-pkg';\nconst d = await import(name);\nconsole.log(JSON.stringify([deep, kind, d.kind]));\n");
  assert.equal(mono.status, 0, mono.stderr);
  assert.deepEqual(mono.out, ['deep', 'esm', 'esm']);
});

test('local TypeScript imports (./util, ./lib/helper.js meaning helper.ts) run too', async () => {
  const { src } = project();
  fs.mkdirSync(path.join(src, 'lib'));
  fs.writeFileSync(path.join(src, 'lib', 'helper.ts'), "'use strict';\nexport const helper = (n: number): string => `helper${n}`;\nexport const where: string = __dirname;\n");
  fs.writeFileSync(path.join(src, 'util.ts'), "import { kind } from 'tiny-pkg';\nimport { helper } from './lib/helper.js';\nexport async function util(): Promise<string> { await null; return `${kind}-${helper(1)}`; }\n");
  const esm = await run(path.join(src, 'main.ts'), `import { util } from './util';
import * as h from './lib/helper.js';
const again = await import('./util.ts');
console.log(JSON.stringify({ u: await util(), where: h.where, same: again.util === util }));
`);
  assert.equal(esm.status, 0, esm.stderr);
  assert.deepEqual(esm.out, { u: 'esm-helper1', where: path.join(src, 'lib'), same: true });
  const cjs = await run(path.join(src, 'dyn.cts'), "import('./util').then(async (m) => console.log(JSON.stringify(await m.util())));\n");
  assert.equal(cjs.status, 0, cjs.stderr);
  assert.equal(cjs.out, 'esm-helper1');
});
