/**
 * The script of each thread: what Node loads as its entry, and where its top-level code starts
 * and ends (a `script` span; CommonJS top-level code has no callback around it).
 *
 * Node reads an entry file with `fs.readFileSync` (CommonJS loader) or `fs.promises.readFile`
 * (ES module loader of Node 20; a Node with `module.registerHooks`, 22.15 and later, reads ES
 * modules where no hook sees it, and there an in-thread load hook of that API, removed after the
 * entry, hands Node the text instead). The recorder sees that read, lets it happen (same system calls, same async
 * ids as a plain run) and hands Node other text:
 *  - the user's file, when it runs as itself: the prepared text (src/run/prepare), so the marked
 *    code runs under the user's own path and URL;
 *  - any other script of a worker or child process: the file itself with one call in front
 *    (`$av$.cjsStart()` after a hashbang and directives, or `$av$.esmStart()`), whose columns the
 *    stack mapping knows.
 * Both hooks are removed as soon as they have served (the program reading its own file later gets
 * its real text). An eval script (`node -e`, a Worker with `eval: true`) starts when the preload
 * ends and ends with the first tick after it.
 */
import { pathToFileURL, fileURLToPath } from 'node:url';
import { skipTrivia } from '../core/js-text';
import { disguise, own } from './hide';
import { registerInsertion } from './stacks';
import { loadUserFiles } from './user-files';
import type { AsyncVizApi } from './api';
import type { Thread } from './state';
import { fs, nodeModule as Module, path, proc, thenOrig } from './util';

export type EntryKind = { kind: 'file'; file: string } | { kind: 'eval' } | { kind: 'data' } | { kind: 'none' };

const realpath = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
};

/** The entry of a thread from its script name (a path, a file URL, `[eval]`, `[data: URL]`). */
export function entryOf(script: string | undefined, isEval: boolean): EntryKind {
  if (isEval) return { kind: 'eval' };
  // A data: URL worker's module starts itself (children.ts puts the call in).
  if (script === '[data: URL]') return { kind: 'data' };
  if (!script || script.startsWith('[') || script.startsWith('data:') || script.startsWith('node:')) return { kind: 'none' };
  try {
    return { kind: 'file', file: realpath(script.startsWith('file:') ? fileURLToPath(script) : script) };
  } catch {
    return { kind: 'none' };
  }
}

/** End of a hashbang line and of a directive prologue ('use strict'; ...): where a statement may go first. */
export function statementStart(text: string, directives: boolean): number {
  let i = 0;
  if (text.startsWith('#!')) {
    const nl = text.indexOf('\n');
    if (nl < 0) return text.length;
    i = nl + 1;
  }
  if (!directives) return i;
  for (;;) {
    const j = skipTrivia(text, i);
    const q = text[j];
    if (q !== '"' && q !== "'") return i;
    let k = j + 1;
    while (k < text.length && text[k] !== q && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
    if (text[k] !== q) return i;
    k++;
    // A directive is the whole statement: `;`, a line end or the end of the file next.
    let m = k;
    while (m < text.length && (text[m] === ' ' || text[m] === '\t')) m++;
    if (text[m] === ';') i = m + 1;
    else if (m >= text.length || text[m] === '\n' || text[m] === '\r') i = k;
    else return i;
  }
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 0, start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: pos - start };
}

/** Text Node gets for `file` read as `format`, and the script start it implies. */
function textFor(th: Thread, file: string, format: 'cjs' | 'esm', original: string): { text: string; startsNow: boolean } {
  const { cfg } = th;
  if (cfg.entrySource && file === realpath(cfg.entryOriginal)) {
    // The prepared text: an ES module calls esmStart itself; CommonJS starts here, as Node compiles it.
    return { text: fs.readFileSync(cfg.entrySource, 'utf8'), startsNow: format === 'cjs' && cfg.entryFormat === 'cjs' };
  }
  const started = withStartCall(original, format);
  registerStartCall(file, started);
  return { text: started.text, startsNow: false };
}

/** An entry's text with its start call put in front of its first statement, and where it went. */
export function withStartCall(original: string, format: 'cjs' | 'esm'): { text: string; line: number; col: number; len: number } {
  const call = format === 'cjs' ? '$av$.cjsStart();' : '$av$.esmStart();';
  const at = statementStart(original, format === 'cjs');
  const { line, col } = lineCol(original, at);
  return { text: original.slice(0, at) + call + original.slice(at), line, col, len: call.length };
}

/** This thread's stack positions in `file` leave out its start call. */
function registerStartCall(file: string, at: { line: number; col: number; len: number }): void {
  registerInsertion([file, pathToFileURL(file).href], file, pathToFileURL(file).href, at.line, at.col, at.len);
}

/**
 * Calls `start` when Node has compiled the CommonJS module `file` and is about to run it: its
 * `Module.prototype._compile` asks `path.dirname(filename)` right between the two (checked in its
 * source text; else `start` runs now, before the compile).
 */
function whenCompiled(file: string, start: () => void): void {
  let compile = '';
  try {
    compile = Function.prototype.toString.call((Module as any).prototype._compile);
  } catch {
    // unknown: start now
  }
  const at = compile.indexOf('path.dirname(filename)');
  if (at < 0 || at < compile.indexOf('wrapSafe') || at > compile.indexOf('ReflectApply(compiledWrapper')) return start();
  const dirname = path.dirname;
  const hook = disguise(function dirname_(this: unknown, ...args: unknown[]) {
    if (args[0] === file) {
      path.dirname = dirname;
      try {
        start();
      } catch {
        // swallow
      }
    }
    return (dirname as any).apply(this, args);
  }, dirname);
  path.dirname = hook as typeof path.dirname;
}

export function hookEntry(th: Thread, api: AsyncVizApi, entry: EntryKind): void {
  if (entry.kind === 'eval') {
    api.scriptStart();
    own(() => proc.nextTick(() => api.scriptEnd()));
    return;
  }
  if (entry.kind === 'data') th.loading = true;
  if (entry.kind !== 'file') return;
  const file = entry.file;
  th.loading = true;
  // `async-viz run`: an ES module entry that a loader reads in Node's module hooks thread (tsx)
  // gets its start call there (user-files.ts); this thread's stacks must leave it out too.
  const prepared = loadUserFiles(th.cfg.userFiles).get(file);
  let servedHere = false;
  const startedElsewhere = () => {
    if (servedHere || prepared === undefined) return;
    try {
      registerStartCall(file, withStartCall(fs.readFileSync(prepared, 'utf8'), 'esm'));
    } catch {
      // positions on the entry's first line keep the call's width
    }
  };
  // The copy of the user's file in the run folder brackets itself (its prologue).
  if (th.cfg.entryRun && !th.cfg.entrySource && file === realpath(th.cfg.entryRun)) return;
  const readFileSync = fs.readFileSync;
  // Only an ES module is read through fs.promises (loading it costs a CommonJS child start-up time).
  const ownFile = th.cfg.entrySource && file === realpath(th.cfg.entryOriginal);
  const esm = ownFile ? th.cfg.entryFormat === 'esm' : !file.endsWith('.cjs');
  const registerHooks = (Module as any).registerHooks as RegisterHooks | undefined;
  if (esm && typeof registerHooks === 'function') {
    hookEsmLoad(th, file, registerHooks);
    th.onScriptStart = () => undefined;
    return;
  }
  const promises = esm ? fs.promises : undefined;
  const readFile = promises?.readFile;
  const restore = () => {
    if ((fs as any).readFileSync === syncHook) (fs as any).readFileSync = readFileSync;
    if (promises && (promises as any).readFile === asyncHook) (promises as any).readFile = readFile;
    try {
      Module.syncBuiltinESMExports();
    } catch {
      // ES module named imports of fs keep what they had
    }
  };
  const syncHook = disguise(function readFileSync_(this: unknown, ...args: unknown[]) {
    const p = args[0];
    const result = (readFileSync as any).apply(this, args);
    if (typeof p !== 'string' || p !== file || typeof result !== 'string') return result;
    (fs as any).readFileSync = readFileSync;
    servedHere = true;
    try {
      const { text, startsNow } = textFor(th, file, 'cjs', result);
      if (startsNow) {
        // The prepared text ends its script itself (its last line, a top-level return).
        restore();
        whenCompiled(file, () => api.scriptStart());
      }
      return text;
    } catch {
      return result;
    }
  }, readFileSync);
  const asyncHook = function readFile_(this: unknown, ...args: unknown[]) {
    const p = args[0];
    const result = (readFile as any).apply(this, args);
    let path: string | undefined;
    try {
      path = p instanceof URL ? (p.protocol === 'file:' ? fileURLToPath(p) : undefined) : typeof p === 'string' ? (p.startsWith('file:') ? fileURLToPath(p) : p) : undefined;
    } catch {
      path = undefined;
    }
    if (path !== file) return result;
    restore();
    servedHere = true;
    return thenOrig.call(result, (buf: Buffer) => {
      try {
        return Buffer.from(textFor(th, file, 'esm', buf.toString()).text);
      } catch {
        return buf;
      }
    });
  };
  (fs as any).readFileSync = syncHook;
  if (promises && readFile) (promises as any).readFile = disguise(asyncHook, readFile);
  // Once the script runs, Node has read what it needed.
  th.onScriptStart = () => {
    restore();
    startedElsewhere();
  };
}

type LoadResult = { format?: string; source?: string | ArrayBuffer | ArrayBufferView; shortCircuit?: boolean };
type RegisterHooks = (hooks: { load: (url: string, context: unknown, next: (url: string, context?: unknown) => LoadResult) => LoadResult }) => { deregister(): void };

/** The ES module entry's text through an in-thread load hook (`module.registerHooks`), removed once it has served. */
function hookEsmLoad(th: Thread, file: string, registerHooks: RegisterHooks): void {
  const url = pathToFileURL(file).href;
  let handle: { deregister(): void } | undefined;
  try {
    handle = registerHooks({
      load(u, context, next) {
        const result = next(u, context);
        if (u !== url || result.source === undefined) return result;
        try {
          handle?.deregister();
        } catch {
          // already gone
        }
        try {
          const src = typeof result.source === 'string' ? result.source : Buffer.from(result.source as ArrayBuffer).toString();
          return { ...result, source: textFor(th, file, 'esm', src).text };
        } catch {
          return result;
        }
      },
    });
  } catch {
    // no hooks: the module runs unmarked
  }
}
