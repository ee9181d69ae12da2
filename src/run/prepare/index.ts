/**
 * prepare: turns the user's .ts/.js file into a runnable, instrumented file plus a site table.
 * esbuild transpiles (format chosen as Node would), acorn finds the awaits and async functions in
 * esbuild's output, and pure insertions (no newline) add the recorder calls, so run-file line N is
 * esbuild's line N, which the source map takes back to the user's file.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { SiteTable } from '../../core/wire';
import type { ModuleFormat } from '../../core/trace';
import { SnippetSyntaxError } from '../types';
import { detectModuleFormat } from './format';
import { transpile } from './transpile';
import { LineSourceMap } from './sourcemap';
import { parseOutput, rewrite } from './rewrite';
import { SiteLocator } from './sites';
import { topLevelNames } from './names';
import { topLevelFunctions } from '../../core/top-level-functions';
import { epilogue, prologue, prologuePos, type FrameOptions } from './prologue';
import { prepareLocalDeps } from './deps';
import { rewriteSpecifiers } from './imports';
import { linkPackages } from './links';
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
  /** Absolute path of the file to run (inside outDir), .mjs or .cjs. */
  runFile: string;
  /** The format Node itself would have used for the user's file. */
  format: ModuleFormat;
  /** Await and async function sites, original 1-based positions. */
  sites: SiteTable;
  /** Maps a position in runFile (1-based line/col) to the user's file (1-based), or null. */
  mapPosition(line: number, col: number): { line: number; col: number } | null;
  /**
   * Always undefined now: resolution needs no --import (imports.ts says why a hook was dropped).
   * Kept so a runner that passes it when set keeps working. Never pass any --import for a
   * CommonJS run file: Node 20 then runs a CommonJS main through the ESM loader, which reorders
   * its top-level process.nextTick and promise callbacks (measured).
   */
  loaderFile?: string;
}

export async function prepare(input: PrepareInput): Promise<Prepared> {
  const original = path.resolve(input.file);
  const format = detectModuleFormat(original, input.source);
  const out = await transpile(input.file, input.source, format);
  const map = new LineSourceMap(out.map);

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
  const runFile = path.resolve(input.outDir, `${stem}${format === 'esm' ? '.mjs' : '.cjs'}`);
  await fs.mkdir(input.outDir, { recursive: true });
  // Resolution from the user's folder without a resolve hook (see imports.ts).
  const deps = await prepareLocalDeps(program, original, path.join(input.outDir, `${stem}.deps`));
  rewriteSpecifiers(program, original, r.edits, (spec) => deps.redirect(original, spec));
  linkPackages(input.outDir, path.dirname(original), deps.packages, deps.computed);
  const frame: FrameOptions = { format, original, runFile, declared, topFn: r.topFn, entryFunction: input.entryFunction };
  r.edits.open(prologuePos(program, out.code), prologue(frame), -1);
  const body = program.body as Node[];
  r.edits.close(body.length ? body[body.length - 1].end : prologuePos(program, out.code), epilogue(frame), -1);
  const { code, columns } = r.edits.apply(out.code);

  await fs.writeFile(runFile, code);

  return {
    runFile,
    format,
    sites: r.sites,
    mapPosition(line, col) {
      if (line < 1 || col < 1) return null;
      const o = map.find(line - 1, columns.toOutput(line - 1, col - 1));
      return o ? { line: o.line + 1, col: o.col + 1 } : null;
    },
  };
}

/** The entry function must be one of the file's top-level functions, as the CodeLenses see them (one scanner for both). */
function checkEntry(name: string, source: string, file: string): void {
  if (!/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)) throw new Error(`Async Viz: "${name}" is not a function name`);
  if (!topLevelFunctions(source).functions.some((f) => f.name === name)) throw new Error(`Async Viz: no top-level function "${name}" in ${file}`);
}
