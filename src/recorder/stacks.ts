/**
 * Stack traces that name the user's file at the user's own lines and columns, although the code
 * that ran has the recorder's marks inserted (and, for TypeScript, was transpiled).
 *
 * Node formats every `error.stack` by calling `Error.prepareStackTrace`, which by default is its
 * own `ErrorPrepareStackTrace`. The recorder puts a function in its place that prints the same
 * text (Node's header, V8's own text for each frame) but with the positions of prepared files
 * mapped through the run's position table (core/positions.ts). It carries Node's function's name,
 * length and source text (hide.ts), and hands every stack without a prepared frame to Node's
 * function untouched. Node's uncaught-error output is made of `error.stack` too. A program that
 * installs its own `Error.prepareStackTrace` gets V8's raw call sites (see the README).
 *
 * The same table maps the inspector's frames (the flusher's samples) and the files whose start
 * the recorder marks at run time (entry.ts: a worker's or child's own script).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { mapToUser, userName, type PositionFile, type PositionTable } from '../core/positions';
import { disguise } from './hide';
import { path } from './util';

const registry = new Map<string, PositionFile>();
let tableFile = '';
let loaded = true;
/** Names (paths and URLs) of prepared files, or prefixes of them (the run folder). */
let preparedNames = new Set<string>();
let preparedPrefixes: string[] = [];

/** Where the run's position table is, and which files it covers (read on first need). */
export function configureStacks(positions: string, names: string[]): void {
  if (!positions) return;
  tableFile = positions;
  loaded = false;
  const dir = path.dirname(positions) + path.sep;
  preparedPrefixes = [dir, pathToFileURL(dir).href];
  preparedNames = new Set(names.filter(Boolean).flatMap((n) => [n, pathToFileURL(n).href]));
}

function load(): void {
  loaded = true;
  try {
    const table = JSON.parse(readFileSync(tableFile, 'utf8')) as PositionTable;
    for (const f of table.files) for (const n of f.names) if (!registry.has(n)) registry.set(n, f);
  } catch {
    // no table: positions stay as they ran
  }
}

/** A file whose start the recorder marked at run time: `len` characters inserted at (line, col), 0-based. */
export function registerInsertion(names: string[], userPath: string, userUrl: string, line: number, col: number, len: number): void {
  // A prepared user file (`async-viz run`) keeps its table: the start call goes in front of the
  // line's other insertions (it is at the first statement, before any of them).
  const prepared = lookup(names[0]);
  const cols = { ...prepared?.cols, [line]: [col, len, 0, ...(prepared?.cols?.[line] ?? [])] };
  const f: PositionFile = prepared ? { ...prepared, cols } : { names, path: userPath, url: userUrl, cols };
  for (const n of names) registry.set(n, f);
}

function lookup(name: string | null | undefined): PositionFile | undefined {
  if (!name) return undefined;
  const f = registry.get(name);
  if (f || loaded) return f;
  if (preparedNames.has(name) || preparedPrefixes.some((p) => name.startsWith(p))) {
    load();
    return registry.get(name);
  }
  return undefined;
}

/** The user's position of a position in code that ran (`name` a path or URL), or null when it is not prepared code. */
export function mapPosition(name: string, line: number, col: number): { name: string; line: number; col: number } | null {
  const f = lookup(name);
  if (!f) return null;
  const to = mapToUser(f, line, col);
  return to ? { name: userName(f, name), ...to } : null;
}

interface CallSiteLike {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

const isPrepared = (cs: CallSiteLike): boolean => {
  try {
    return lookup(cs.getFileName()) !== undefined;
  } catch {
    return false;
  }
};

/** V8's text of one frame, with its position mapped. */
function frameText(cs: CallSiteLike): string {
  const s = String(cs);
  const name = cs.getFileName();
  const line = cs.getLineNumber();
  const col = cs.getColumnNumber();
  if (!name || !line || !col) return s;
  const tail = `${name}:${line}:${col}`;
  const at = s.lastIndexOf(tail);
  const to = mapPosition(name, line, col);
  if (at < 0 || !to) return s;
  return `${s.slice(0, at)}${to.name}:${to.line}:${to.col}${s.slice(at + tail.length)}`;
}

const AT = '\n    at ';

/** The program asked for Node's source maps itself (--enable-source-maps, process.setSourceMapsEnabled). */
let programMaps = false;
/** Node's source maps are on (the recorder's, the program's or both). */
let nodeMaps = false;
const mapsOn = (): boolean => nodeMaps;

/**
 * Turns Node's source maps on for the prepared TypeScript (Node then prints the TypeScript line
 * above an uncaught error) while other files' frames stay as V8 prints them, unless the program
 * itself turns source maps on.
 */
export function enableSourceMaps(proc: NodeJS.Process): void {
  programMaps = (proc as any).sourceMapsEnabled === true;
  const set = proc.setSourceMapsEnabled;
  try {
    set.call(proc, true);
    nodeMaps = true;
  } catch {
    return;
  }
  const setSourceMapsEnabled = function setSourceMapsEnabled(this: unknown, ...args: unknown[]) {
    programMaps = !!args[0];
    nodeMaps = programMaps;
    return (set as any).apply(this, args);
  };
  proc.setSourceMapsEnabled = disguise(setSourceMapsEnabled, set);
}

export function installStacks(): void {
  const d = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  const original = d?.value;
  if (typeof original !== 'function') return;
  const prepare = function ErrorPrepareStackTrace(error: unknown, trace: CallSiteLike[]) {
    if (!Array.isArray(trace) || (programMaps === mapsOn() && !trace.some(isPrepared))) return original(error, trace);
    const head = original(error, []) as string;
    let out = head;
    for (const cs of trace) {
      if (isPrepared(cs)) out += AT + frameText(cs);
      else if (!programMaps) out += AT + String(cs);
      else {
        // The program's source maps: Node maps other files' frames itself.
        const one = String(original(error, [cs]));
        out += AT + (one.startsWith(head + AT) ? one.slice(head.length + AT.length) : String(cs));
      }
    }
    return out;
  };
  Object.defineProperty(Error, 'prepareStackTrace', { ...d, value: disguise(prepare, original) });
}

/** The stack where `fn` was called (mapped like any other), or ''. */
export function stackOf(fn: (...a: any[]) => unknown): string {
  const holder: { stack?: unknown } = {};
  try {
    Error.captureStackTrace(holder, fn);
    return typeof holder.stack === 'string' ? holder.stack : '';
  } catch {
    return '';
  }
}

/**
 * True when Node's own fatal-error path for async hooks (`fatalError` in
 * node:internal/async_hooks: a hook callback threw) is calling `fn` (process.exit), not the
 * program. Reads the call sites with a prepareStackTrace of our own, set and restored
 * synchronously, so one the program installed is never called and cannot notice.
 */
export function calledByAsyncHookFatal(fn: (...a: any[]) => unknown): boolean {
  const E = Error as any;
  const savedPrepare = E.prepareStackTrace;
  const savedLimit = E.stackTraceLimit;
  try {
    E.stackTraceLimit = 8;
    E.prepareStackTrace = (_e: unknown, sites: NodeJS.CallSite[]) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, fn);
    const sites = holder.stack ?? [];
    return Array.isArray(sites) && sites.some((s) => s.getFunctionName?.() === 'fatalError' && s.getFileName?.() === 'node:internal/async_hooks');
  } catch {
    return false;
  } finally {
    E.prepareStackTrace = savedPrepare;
    E.stackTraceLimit = savedLimit;
  }
}
