/**
 * Local TypeScript imports (`./util`, `./util.js`, `./util.ts` next to the user's file): Node 20
 * cannot load .ts, so each one reached through a literal relative specifier is transpiled
 * (not instrumented: the site table has no file column) into outDir, given the same identity
 * prologue, and the resolve hook sends the specifier there. ESM and import() only: a CommonJS
 * `require('./util')` of a .ts file is not handled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Node } from './ast';
import { children } from './ast';
import { detectModuleFormat } from './format';
import { transpile } from './transpile';
import { parseOutput } from './rewrite';
import { topLevelNames } from './names';
import { identityPrologue, prologuePos } from './prologue';

export interface LocalDeps {
  /** [run-file URL, original URL] for each written dependency. */
  parents: [string, string][];
  /** [original parent URL + "\n" + specifier, dependency run-file URL]. */
  redirects: [string, string][];
}

const TS_EXT = ['.ts', '.tsx', '.mts', '.cts'];
const JS_TO_TS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The local TypeScript file a relative specifier means (TypeScript's own conventions), or undefined. */
export function localTsFile(fromDir: string, specifier: string): string | undefined {
  if (!/^\.\.?(\/|$)/.test(specifier)) return undefined;
  const p = path.resolve(fromDir, specifier);
  const ext = path.extname(p).toLowerCase();
  if (TS_EXT.includes(ext)) return isFile(p) ? p : undefined;
  if (JS_TO_TS[ext]) {
    if (isFile(p)) return undefined;
    const stem = p.slice(0, -ext.length);
    return JS_TO_TS[ext].map((e) => stem + e).find(isFile);
  }
  if (isFile(p)) return undefined;
  return [...TS_EXT.map((e) => p + e), ...TS_EXT.map((e) => path.join(p, `index${e}`))].find(isFile);
}

/** Literal specifiers of static imports, re-exports and import() calls. */
function specifiers(program: Node): string[] {
  const out: string[] = [];
  const visit = (n: Node): void => {
    const src = n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ImportExpression' ? n.source : undefined;
    if (src?.type === 'Literal' && typeof src.value === 'string') out.push(src.value);
    for (const c of children(n)) visit(c);
  };
  visit(program);
  return out;
}

/** Transpiles the local .ts files reachable from `program` (the user's file) into `depDir`. */
export async function prepareLocalDeps(program: Node, original: string, depDir: string): Promise<LocalDeps> {
  const deps: LocalDeps = { parents: [], redirects: [] };
  const written = new Map<string, string>(); // original path -> run URL
  const queue: { program: Node; file: string }[] = [{ program, file: original }];
  while (queue.length) {
    const { program: prog, file } = queue.shift()!;
    for (const spec of specifiers(prog)) {
      const ts = localTsFile(path.dirname(file), spec);
      if (!ts || ts === original) continue;
      let runUrl = written.get(ts);
      if (!runUrl) {
        const source = fs.readFileSync(ts, 'utf8');
        const format = detectModuleFormat(ts, source);
        const out = await transpile(ts, source, format);
        const depProgram = parseOutput(out.code, format);
        const runFile = path.join(depDir, `${written.size}-${path.basename(ts).replace(/\.[^.]*$/, '')}${format === 'esm' ? '.mjs' : '.cjs'}`);
        fs.mkdirSync(depDir, { recursive: true });
        const at = prologuePos(depProgram, out.code);
        fs.writeFileSync(runFile, out.code.slice(0, at) + identityPrologue(format, ts, topLevelNames(depProgram)) + out.code.slice(at));
        runUrl = pathToFileURL(runFile).href;
        written.set(ts, runUrl);
        deps.parents.push([runUrl, pathToFileURL(ts).href]);
        queue.push({ program: depProgram, file: ts });
      }
      deps.redirects.push([`${pathToFileURL(file).href}\n${spec}`, runUrl]);
    }
  }
  return deps;
}
