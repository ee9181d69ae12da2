/**
 * prepare: turns the user's file into instrumented code plus a site table and a position table.
 * JavaScript is instrumented as it is (no transpiler: every line and every untouched column stays
 * the user's); TypeScript goes through esbuild first (format chosen as Node would). acorn finds
 * the awaits, async functions and catch/finally blocks, and pure insertions (never a newline
 * before the user's last line) add the recorder calls.
 *
 * Where possible the code runs AS the user's file: Node is started on the user's own path and the
 * recorder hands Node the prepared text when it reads that file (src/recorder/entry.ts), so
 * `__filename`, `import.meta`, `require`, relative imports, `process.argv[1]`, module identity and
 * every stack trace are the plain run's. Otherwise (TypeScript that Node can only load as an ES
 * module, an unsaved file) it runs as a copy in the run folder made to pass for the user's file.
 */
import * as fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SiteTable } from '../../core/wire';
import type { ModuleFormat } from '../../core/trace';
import { mapToUser, type PositionFile, type PositionTable } from '../../core/positions';
import { SnippetSyntaxError } from '../types';
import { detectModuleFormat, packageType } from './format';
import { transpile } from './transpile';
import { IdentityMap, LineSourceMap, encodeMappings, type PositionSource } from './sourcemap';
import { parseOutput, rewrite } from './rewrite';
import { SiteLocator } from './sites';
import { topLevelNames } from './names';
import { topLevelFunctions } from '../../core/top-level-functions';
import { epilogue, ownStartPos, prologue, prologuePos, startCall, type FrameOptions } from './prologue';
import { prepareLocalDeps } from './deps';
import { rewriteSpecifiers } from './imports';
import { linkPackages } from './links';
import type { ColumnMap } from './edits';
import type { Node } from './ast';

export { detectModuleFormat } from './format';

export interface PrepareInput {
  /** Absolute path of the user's file (it need not exist on disk). */
  file: string;
  /** The code to prepare. */
  source: string;
  /** Top-level function to call after the module's own code. */
  entryFunction?: string;
  /** Folder for the generated files (created if missing). */
  outDir: string;
}

export interface Prepared {
  /** The file to start Node with: the user's own file when it runs as itself, else the copy in outDir (.mjs or .cjs). */
  runFile: string;
  /** When the user's file runs as itself: the prepared text the recorder gives Node in its place (a file in outDir). */
  sourceFile?: string;
  /** The format Node itself would have used for the user's file. */
  format: ModuleFormat;
  /** Await and async function sites, original 1-based positions. */
  sites: SiteTable;
  /** Position table of every prepared file of the run (JSON, core/positions.ts), for the recorder. */
  positionsFile: string;
  /** TypeScript: the prepared code carries a source map, and the recorder turns Node's source maps on (Node then prints the TypeScript line above an uncaught error). */
  sourceMaps: boolean;
  /** Maps a position in the code that ran (1-based line/col) to the user's file (1-based), or null. */
  mapPosition(line: number, col: number): { line: number; col: number } | null;
  /**
   * Always undefined now: resolution needs no --import (imports.ts says why a hook was dropped).
   * Kept so a runner that passes it when set keeps working. Never pass any --import for a
   * CommonJS run file: Node 20 then runs a CommonJS main through the ESM loader, which reorders
   * its top-level process.nextTick and promise callbacks (measured).
   */
  loaderFile?: string;
}

const JS_EXT = new Set(['.js', '.mjs', '.cjs']);

/**
 * True when Node, started on `file`, loads it with the loader that fits `format`: then the file
 * can run as itself. ES modules must be JavaScript (Node 20's ES loader refuses .ts); CommonJS
 * TypeScript goes through the CommonJS loader unless a `type: module` package or .mts sends Node
 * to the ES loader.
 */
function runsAsItself(file: string, format: ModuleFormat, js: boolean): boolean {
  if (!existsSync(file)) return false;
  if (js) return true;
  const ext = path.extname(file).toLowerCase();
  return format === 'cjs' && ext !== '.mts' && packageType(path.dirname(file)) !== 'module';
}

export async function prepare(input: PrepareInput): Promise<Prepared> {
  const original = path.resolve(input.file);
  const js = JS_EXT.has(path.extname(original).toLowerCase());
  const format = detectModuleFormat(original, input.source);
  const out = js ? { code: input.source, map: '' } : await transpile(input.file, input.source, format);
  const srcMap = js ? undefined : new LineSourceMap(out.map);
  const map: PositionSource = srcMap ?? new IdentityMap();

  let program: Node;
  try {
    program = parseOutput(out.code, format);
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    const o = loc ? map.find(loc.line - 1, loc.column) : null;
    throw new SnippetSyntaxError(input.file, (o?.line ?? 0) + 1, (o?.col ?? 0) + 1, (e as Error).message.replace(/\s*\(\d+:\d+\)$/, ''));
  }

  const r = rewrite(program, new SiteLocator(out.code, input.source, map));
  const declared = topLevelNames(program);
  if (input.entryFunction !== undefined) checkEntry(input.entryFunction, input.source, input.file);
  const stem = path.basename(original).replace(/\.[^.]*$/, '') || 'snippet';
  const ext = format === 'esm' ? '.mjs' : '.cjs';
  await fs.mkdir(input.outDir, { recursive: true });
  const own = runsAsItself(original, format, js);
  const runFile = own ? original : path.resolve(input.outDir, `${stem}${ext}`);
  const frame: FrameOptions = { format, original, runFile, declared, topFn: r.topFn, entryFunction: input.entryFunction };
  const tables: PositionFile[] = [];

  if (own) {
    // CommonJS needs no start call: the recorder starts the script when Node reads the file.
    if (format === 'esm') r.edits.open(ownStartPos(program, out.code), startCall(frame), -1);
    if (!js) {
      // Local TypeScript imports still need their transpiled copies; everything else resolves as it is.
      const deps = await prepareLocalDeps(program, original, path.join(input.outDir, `${stem}.deps`));
      tables.push(...deps.tables);
      rewriteSpecifiers(program, original, r.edits, (spec) => deps.redirect(original, spec), true);
      // The copies sit in the run folder: the packages they import are linked there.
      if (deps.tables.length) linkPackages(input.outDir, path.dirname(original), deps.packages, deps.computed);
    }
  } else {
    // Resolution from the user's folder without a resolve hook (see imports.ts).
    const deps = await prepareLocalDeps(program, original, path.join(input.outDir, `${stem}.deps`));
    tables.push(...deps.tables);
    rewriteSpecifiers(program, original, r.edits, (spec) => deps.redirect(original, spec));
    linkPackages(input.outDir, path.dirname(original), deps.packages, deps.computed);
    r.edits.open(prologuePos(program, out.code), prologue(frame), -1);
  }
  const { code, columns } = r.edits.apply(out.code);
  const tail = epilogue(frame);
  const text = code + (tail ? `\n${tail}` : '') + (srcMap ? sourceMapComment(srcMap, columns, original, input.source) : '');
  const sourceFile = own ? path.resolve(input.outDir, `${stem}.prepared${ext}`) : undefined;
  await fs.writeFile(sourceFile ?? runFile, text);

  const entry: PositionFile = {
    names: [runFile, pathToFileURL(runFile).href],
    path: original,
    url: pathToFileURL(original).href,
    cols: columns.table(),
    ...(srcMap ? { segs: srcMap.table() } : {}),
  };
  tables.unshift(entry);
  const positionsFile = path.resolve(input.outDir, `${stem}.positions.json`);
  const table: PositionTable = { files: tables };
  await fs.writeFile(positionsFile, JSON.stringify(table));

  return {
    runFile,
    ...(sourceFile ? { sourceFile } : {}),
    format,
    sites: r.sites,
    positionsFile,
    sourceMaps: !!srcMap,
    mapPosition: (line, col) => mapToUser(entry, line, col),
  };
}

/** An inline source map of the prepared code (esbuild's, shifted by the insertions), for Node's own printing of uncaught errors. */
export function sourceMapComment(map: LineSourceMap, columns: ColumnMap, original: string, source: string): string {
  const segs = (function* () {
    for (const [gl, gc, sl, sc] of map.segments()) yield [gl, columns.toRun(gl, gc), sl, sc] as [number, number, number, number];
  })();
  const json = JSON.stringify({ version: 3, sources: [pathToFileURL(original).href], sourcesContent: [source], names: [], mappings: encodeMappings(segs) });
  return `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(json).toString('base64')}`;
}

/** The entry function must be one of the file's top-level functions, as the CodeLenses see them (one scanner for both). */
function checkEntry(name: string, source: string, file: string): void {
  if (!/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)) throw new Error(`Async Viz: "${name}" is not a function name`);
  if (!topLevelFunctions(source).functions.some((f) => f.name === name)) throw new Error(`Async Viz: no top-level function "${name}" in ${file}`);
}
