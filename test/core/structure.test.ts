/**
 * The shape of the code, checked: no import circles among src/ and webview/ (type-only imports
 * included: a circle of types is still two files that cannot be read apart), no file over 300
 * lines, and the recorder's environment variables named only in the ENV table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : f.endsWith('.ts') ? [p] : [];
  });
}

const files = [...tsFiles(path.join(root, 'src')), ...tsFiles(path.join(root, 'webview'))];
const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');

/** The project files a file imports (static imports and re-exports, type-only ones too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]/gm)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => existsSync(p));
    if (target) out.push(target);
  }
  return out;
}

/** Strongly connected components with more than one file (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), on = new Set<string>(), stack: string[] = [], out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

test('no import circles in src/ and webview/', () => {
  assert.ok(files.length > 100, `${files.length} files`);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  assert.ok([...graph.values()].reduce((n, e) => n + e.length, 0) > 300, 'the imports were found');
  // The scan finds a circle when there is one.
  const probe = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
  assert.deepEqual(circles(probe), [['a', 'b', 'c']]);
  assert.deepEqual(circles(graph).map((c) => c.map(rel)), []);
});

test('no file over 300 lines in src/ and webview/', () => {
  const long = files.map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > 300);
  assert.deepEqual(long, []);
});

test('the recorder\'s environment variables are named only in the ENV table (src/core/env.ts)', () => {
  const literal = /['"`]ASYNC_VIZ_[A-Z_]+['"`]/;
  const outside = files.filter((f) => rel(f) !== 'src/core/env.ts' && literal.test(readFileSync(f, 'utf8'))).map(rel);
  assert.deepEqual(outside, []);
});
