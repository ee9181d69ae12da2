/**
 * `async-viz run`: the user's files of a project, prepared before the command starts. A command
 * may load any of them (npm → sh → node server.js → ./routes/users.js), in any process, so every
 * JavaScript and TypeScript file under the project folder that has an `async` or `await` in it
 * (not node_modules, not dot-folders, not declaration files) gets the await rewrite a single file
 * gets, into ONE site table (ids never collide between files) and ONE position table. The
 * recorder hands Node the prepared text whenever Node reads one of these files (ENV.userFiles,
 * src/recorder/user-files.ts), so each runs under its own path, its own format and its own
 * loader (Node's, tsx's, ts-node's). TypeScript goes through esbuild first; its sites and stack
 * frames map to the .ts lines (the prepared text carries an inline source map too, for loaders
 * that stack maps of their own on top). A file that does not parse is left as it is: Node will
 * say what is wrong with it, as in a plain run.
 */
import * as fs from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SiteTable } from '../../core/wire';
import type { PositionFile, PositionTable } from '../../core/positions';
import { detectModuleFormat } from './format';
import { transpile } from './transpile';
import { IdentityMap, LineSourceMap, type PositionSource } from './sourcemap';
import { parseOutput, rewrite, REC, CALL } from './rewrite';
import { SiteLocator } from './sites';
import { sourceMapComment } from './index';
import { prologuePos } from './prologue';

/**
 * The first line of a prepared TypeScript file: the text is esbuild's JavaScript (types gone, the
 * recorder's `$av$` marks in), and a loader that type-checks it (ts-node) would refuse to run it
 * ("Cannot find name '$av$'", "implicitly has an 'any' type"). The user's own types were checked
 * on the user's text, or will be by the editor; the recorded run must not fail where the plain
 * run does not.
 */
const TS_NOCHECK = '// @ts-nocheck';

/** Limits of the walk: a project bigger than this is prepared only in part (its first files found). */
export const PROJECT_LIMITS = {
  /** Files prepared at most. */
  maxFiles: 5000,
  /** Files larger than this (bundles, generated code) are left as they are. */
  maxBytes: 1 << 20,
} as const;

const SOURCE = /\.(?:[cm]?js|[cm]?ts)$/i;
const SKIP_DIRS = new Set(['node_modules']);
/** A file without either word has nothing to rewrite: it runs as it is. */
const ASYNC_WORDS = /\b(?:async|await)\b/;

export interface PreparedProject {
  /** Sites of every prepared file (each entry names its file). */
  sites: SiteTable;
  /** JSON `{ [real path]: prepared text file }` for ENV.userFiles. */
  manifestFile: string;
  /** Position table of every prepared file, for ENV.positions. */
  positionsFile: string;
  /** The prepared files (real paths). */
  files: string[];
  /** True when some prepared file is TypeScript (the recorder turns Node's source maps on). */
  typescript: boolean;
  /** Files left as they are because they did not parse, with the parser's message. */
  skipped: { file: string; reason: string }[];
}

/** Source files under `root`, nearest first, skipping node_modules, dot-folders and .d.ts files. */
async function walk(root: string, limit: number): Promise<string[]> {
  const out: string[] = [];
  const queue = [root];
  while (queue.length && out.length < limit) {
    const dir = queue.shift()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) queue.push(p);
      } else if (e.isFile() && SOURCE.test(e.name) && !/\.d\.[cm]?ts$/i.test(e.name) && out.length < limit) out.push(p);
    }
  }
  return out;
}

export async function prepareProject(root: string, outDir: string, log: (line: string) => void = () => {}): Promise<PreparedProject> {
  const dir = path.join(outDir, 'files');
  await fs.mkdir(dir, { recursive: true });
  const sites: SiteTable = { awaits: [], functions: [] };
  const tables: PositionFile[] = [];
  const manifest: Record<string, string> = {};
  const skipped: PreparedProject['skipped'] = [];
  let typescript = false;
  for (const found of await walk(path.resolve(root), PROJECT_LIMITS.maxFiles)) {
    let file: string;
    let source: string;
    try {
      file = realpathSync(found);
      const st = await fs.stat(file);
      if (st.size > PROJECT_LIMITS.maxBytes) continue;
      source = await fs.readFile(file, 'utf8');
    } catch {
      continue;
    }
    if (!ASYNC_WORDS.test(source) || manifest[file]) continue;
    const ts = !/\.[cm]?js$/i.test(file);
    try {
      const format = detectModuleFormat(file, source);
      const out = ts ? await transpile(file, source, format, TS_NOCHECK) : { code: source, map: '' };
      const srcMap = ts ? new LineSourceMap(out.map) : undefined;
      const map: PositionSource = srcMap ?? new IdentityMap();
      const program = parseOutput(out.code, format);
      const r = rewrite(program, new SiteLocator(out.code, source, map), { awaits: sites.awaits.length, functions: sites.functions.length, calls: sites.calls?.length ?? 0, file });
      if (!r.sites.awaits.length && !r.sites.functions.length) continue;
      sites.awaits.push(...r.sites.awaits);
      sites.functions.push(...r.sites.functions);
      (sites.calls ??= []).push(...(r.sites.calls ?? []));
      // Module top-level await: one call for the module's code, from its first line to its end.
      if (r.topFn >= 0) r.edits.open(prologuePos(program, out.code), `var ${CALL}=${REC}.enter(${r.topFn});`, -1);
      const { code, columns } = r.edits.apply(out.code);
      const tail = r.topFn >= 0 ? `\n;${REC}.leave(${CALL});` : '';
      const text = code + tail + (srcMap ? sourceMapComment(srcMap, columns, file, source) : '');
      const target = path.join(dir, `${tables.length}-${path.basename(file)}`);
      await fs.writeFile(target, text);
      manifest[file] = target;
      tables.push({ names: [file, pathToFileURL(file).href], path: file, url: pathToFileURL(file).href, cols: columns.table(), ...(srcMap ? { segs: srcMap.table() } : {}) });
      typescript ||= ts;
    } catch (e) {
      skipped.push({ file, reason: (e as Error).message });
    }
  }
  const manifestFile = path.join(outDir, 'user-files.json');
  const positionsFile = path.join(outDir, 'positions.json');
  const table: PositionTable = { files: tables };
  await fs.writeFile(manifestFile, JSON.stringify(manifest));
  await fs.writeFile(positionsFile, JSON.stringify(table));
  log(`prepared ${tables.length} user file(s) under ${root}${skipped.length ? `; left ${skipped.length} as they are (they do not parse)` : ''}`);
  return { sites, manifestFile, positionsFile, files: Object.keys(manifest), typescript, skipped };
}
