/**
 * `async-viz run`: every user file of the project, prepared by the runner (src/run/prepare/
 * project.ts), runs as itself with its awaits marked. As for the entry file (entry.ts), the
 * recorder lets Node's read happen (same system calls, same async ids as a plain run) and hands
 * Node the prepared text instead: `fs.readFileSync` (CommonJS loader, tsx's and ts-node's
 * require hooks) and `fs.promises.readFile` (the ES module loader). Each file is served once per
 * thread by path and once by file: URL, its first reads being the loaders'; later reads (the
 * program reading its own source) get the real text. Once every file has been served by path the
 * hooks are removed.
 */
import { fileURLToPath } from 'node:url';
import { disguise } from './hide';
import { fs, nodeModule as Module, thenOrig } from './util';

let loaded: { from: string; files: Map<string, string> } | undefined;

/** The manifest: user file (real path) → file holding its prepared text. Empty when there is none. */
export function loadUserFiles(manifest: string): Map<string, string> {
  if (loaded?.from === manifest) return loaded.files;
  const files = new Map<string, string>();
  if (manifest) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>)) files.set(k, v);
    } catch {
      // no manifest: files run as they are
    }
  }
  loaded = { from: manifest, files };
  return files;
}

/** The path a read names (a path string, a file: URL or URL string), else undefined. */
function pathOf(p: unknown): string | undefined {
  try {
    if (p instanceof URL) return p.protocol === 'file:' ? fileURLToPath(p) : undefined;
    if (typeof p === 'string') return p.startsWith('file:') ? fileURLToPath(p) : p;
  } catch {
    // not a path
  }
  return undefined;
}

/** The result's type, as the caller asked for it: a string when it got one, else a Buffer. */
const like = (result: unknown, text: string): unknown => (typeof result === 'string' ? text : Buffer.from(text));

/**
 * `entry`: in Node's module hooks thread, the main thread's entry file and what its text needs
 * there (its start call, which the main thread would have put in had it read the file itself).
 */
export function hookUserFiles(files: Map<string, string>, entry?: { file: string; text: (prepared: string) => string }): void {
  if (files.size === 0) return;
  const pending = new Map(files);
  /** Files already served to a read that named them by file: URL (see take). */
  const servedAsUrl = new Set<string>();
  const readFileSync = fs.readFileSync;
  const promises = fs.promises;
  const readFile = promises.readFile;
  /**
   * The prepared text for `p` (undefined when it is not a pending user file): once to a read that
   * names it by path and once by file: URL. Node's ES module loader reads a CommonJS module by
   * URL for its export names and then the CommonJS loader (or tsx's require hook) by path to run
   * it; both must see the text that runs. The hooks go once every file has been read by path.
   */
  const take = (p: unknown): string | undefined => {
    const file = pathOf(p);
    const prepared = file !== undefined ? pending.get(file) : undefined;
    if (prepared === undefined) return undefined;
    const asUrl = p instanceof URL || (typeof p === 'string' && p.startsWith('file:'));
    if (asUrl) {
      if (servedAsUrl.has(file!)) return undefined;
      servedAsUrl.add(file!);
    } else {
      pending.delete(file!);
      if (pending.size === 0) restore();
    }
    try {
      const text = readFileSync(prepared, 'utf8');
      return entry && file === entry.file ? entry.text(text) : text;
    } catch {
      return undefined;
    }
  };
  const syncHook = disguise(function readFileSync_(this: unknown, ...args: unknown[]) {
    const result = (readFileSync as any).apply(this, args);
    const text = take(args[0]);
    return text === undefined ? result : like(result, text);
  }, readFileSync);
  const asyncHook = disguise(function readFile_(this: unknown, ...args: unknown[]) {
    const result = (readFile as any).apply(this, args) as Promise<unknown>;
    if (pathOf(args[0]) === undefined || !pending.has(pathOf(args[0])!)) return result;
    return thenOrig.call(result, (r: unknown) => {
      const text = take(args[0]);
      return text === undefined ? r : like(r, text);
    });
  }, readFile);
  function restore(): void {
    if ((fs as any).readFileSync === syncHook) (fs as any).readFileSync = readFileSync;
    if ((promises as any).readFile === asyncHook) (promises as any).readFile = readFile;
    try {
      Module.syncBuiltinESMExports();
    } catch {
      // ES module named imports of fs keep what they had
    }
  }
  (fs as any).readFileSync = syncHook;
  (promises as any).readFile = asyncHook;
  try {
    Module.syncBuiltinESMExports();
  } catch {
    // ES module named imports of fs keep the originals
  }
}
