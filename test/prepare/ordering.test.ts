/**
 * The rewrite must not change what a program does or when: each fixture runs prepared (under a
 * counting mock recorder, which like the real one hands Node the prepared text when the file runs
 * as itself) and as plain output (esbuild alone for TypeScript, the file itself for JavaScript),
 * and the printed orderings (which include a microtask tick counter) must be identical.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transform } from 'esbuild';
import { prepare, detectModuleFormat } from '../../src/run/prepare/index';
import { loaderFor } from '../../src/run/prepare/transpile';
import { FIXTURES, preparedText, recorderStats, runNode, runPrepared, tempDir, withoutStats } from './helpers';

const ORDER = path.join(FIXTURES, 'order');

/** Plain node: the file itself (JavaScript), else esbuild's output alone written next to the fixture (so imports resolve as for the user). */
async function baseline(file: string): Promise<ReturnType<typeof runNode>> {
  if (/\.[mc]?js$/.test(file)) return runNode(file);
  const source = fs.readFileSync(file, 'utf8');
  const format = detectModuleFormat(file, source);
  const r = await transform(source, { loader: loaderFor(file), format, target: 'node20', platform: 'node' });
  const out = path.join(path.dirname(file), `.baseline-${process.pid}-${path.basename(file)}${format === 'esm' ? '.mjs' : '.cjs'}`);
  fs.writeFileSync(out, r.code);
  try {
    return runNode(out);
  } finally {
    fs.rmSync(out, { force: true });
  }
}

for (const name of fs.readdirSync(ORDER).sort()) {
  test(`ordering unchanged: ${name}`, async () => {
    const file = path.join(ORDER, name);
    const outDir = tempDir();
    const p = await prepare({ file, source: fs.readFileSync(file, 'utf8'), outDir });
    const code = preparedText(p);
    assert.ok(code.includes('$av$.r($av$c,'), 'the file was instrumented');
    assert.ok(p.sites.awaits.length > 0 && p.sites.functions.length > 0);
    assert.equal(p.loaderFile, undefined, 'no --import: it would change the order');

    const base = await baseline(file);
    assert.equal(base.status, 0, base.stderr);
    assert.ok(base.stdout.trim().length > 0);
    if (/\.[mc]?js$/.test(file)) assert.equal(p.runFile, file, 'JavaScript runs as itself');

    const mocked = runPrepared(p);
    const pids = (s: string) => s.replace(/\(node:\d+\)/g, '(node:PID)');
    assert.equal(pids(withoutStats(mocked.stderr)), pids(base.stderr));
    assert.equal(mocked.stdout, base.stdout);
    const st = recorderStats(mocked.stderr);
    assert.equal(st.badCall, 0, 'marks name an open call');
    assert.equal(st.scriptStart, 1);
    assert.equal(st.scriptEnd, 1);
    assert.equal(st.enter, st.leave, 'every call left');
    assert.ok(st.fns.every((f) => f < p.sites.functions.length));
    assert.ok(st.sites.every((s) => s < p.sites.awaits.length));
  });
}
