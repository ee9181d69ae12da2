/**
 * Local TypeScript imports (`./util`, `./util.js`, `./util.ts` next to the user's file): Node 20
 * cannot load .ts, so each one reached through a literal relative specifier is transpiled (not
 * instrumented: the site table has no file column) into outDir with the same identity prologue,
 * and the importing specifier is rewritten to point at the copy. ESM imports and import() only:
 * a CommonJS `require('./util')` of a .ts file is not handled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Node } from './ast';
import { detectModuleFormat } from './format';
import type { ModuleFormat } from '../../core/trace';
import { transpile } from './transpile';
import { parseOutput } from './rewrite';
import { topLevelNames } from './names';
import { identityPrologue, prologuePos } from './prologue';
import { rewriteSpecifiers, scanImports } from './imports';
import { Edits } from './edits';
import { LineSourceMap } from './sourcemap';
import type { PositionFile } from '../../core/positions';

export interface LocalDeps {
  /** URL of the transpiled copy a specifier in `fromFile` means, if it is a local .ts file. */
  redirect(fromFile: string, specifier: string): string | undefined;
  /** Bare packages imported by the user's file or its local .ts files. */
  packages: Set<string>;
  /** Some import() has a computed specifier. */
  computed: boolean;
  /** Position tables of the transpiled copies (their frames name the .ts files). */
  tables: PositionFile[];
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

interface Dep {
  ts: string;
  runFile: string;
  format: ModuleFormat;
  code: string;
  map: string;
  program: Node;
}

/** Transpiles the local .ts files reachable from `program` (the user's file) into `depDir`. */
export async function prepareLocalDeps(program: Node, original: string, depDir: string): Promise<LocalDeps> {
  const deps = new Map<string, Dep>();
  const packages = new Set<string>();
  let computed = false;
  const redirect = (fromFile: string, specifier: string): string | undefined => {
    const ts = localTsFile(path.dirname(fromFile), specifier);
    const dep = ts ? deps.get(ts) : undefined;
    return dep ? pathToFileURL(dep.runFile).href : undefined;
  };
  const queue: { program: Node; file: string }[] = [{ program, file: original }];
  while (queue.length) {
    const { program: prog, file } = queue.shift()!;
    const scan = scanImports(prog);
    scan.packages.forEach((p) => packages.add(p));
    computed ||= scan.computed;
    for (const { specifier } of scan.relative) {
      const ts = localTsFile(path.dirname(file), specifier);
      if (!ts || ts === original || deps.has(ts)) continue;
      const source = fs.readFileSync(ts, 'utf8');
      const format = detectModuleFormat(ts, source);
      const out = await transpile(ts, source, format);
      const depProgram = parseOutput(out.code, format);
      const runFile = path.join(depDir, `${deps.size}-${path.basename(ts).replace(/\.[^.]*$/, '')}${format === 'esm' ? '.mjs' : '.cjs'}`);
      deps.set(ts, { ts, runFile, format, code: out.code, map: out.map, program: depProgram });
      queue.push({ program: depProgram, file: ts });
    }
  }
  if (deps.size) fs.mkdirSync(depDir, { recursive: true });
  const tables: PositionFile[] = [];
  for (const d of deps.values()) {
    const edits = new Edits();
    rewriteSpecifiers(d.program, d.ts, edits, (spec) => redirect(d.ts, spec));
    edits.open(prologuePos(d.program, d.code), identityPrologue(d.format, d.ts, topLevelNames(d.program)), -1);
    const { code, columns } = edits.apply(d.code);
    fs.writeFileSync(d.runFile, code);
    const runUrl = pathToFileURL(d.runFile).href;
    tables.push({ names: [d.runFile, runUrl], path: d.ts, url: pathToFileURL(d.ts).href, cols: columns.table(), segs: new LineSourceMap(d.map).table() });
  }
  return { redirect, packages, computed, tables };
}
