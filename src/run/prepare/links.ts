/**
 * outDir/node_modules: links to the packages the user's file imports, as Node would find them from
 * the user's folder (nearest node_modules first, walking up). Node resolves the run file's bare
 * specifiers there and follows each link to the real path, so module identity and the package's
 * own dependencies are those of a plain run. A missing package gets no link and fails with Node's
 * own "Cannot find package" error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** node_modules folders above `dir`, nearest first. */
function nodeModulesChain(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    if (path.basename(d) !== 'node_modules') {
      const nm = path.join(d, 'node_modules');
      if (fs.existsSync(nm)) out.push(nm);
    }
    if (path.dirname(d) === d) return out;
  }
}

/**
 * Links `packages` (or, with `all`, every package of every node_modules above) into
 * `outDir/node_modules`. Returns the names linked.
 */
export function linkPackages(outDir: string, fromDir: string, packages: Iterable<string>, all: boolean): string[] {
  const chain = nodeModulesChain(fromDir);
  const wanted = new Set(packages);
  if (all) {
    for (const nm of chain.slice().reverse()) {
      for (const e of safeList(nm)) {
        if (e.startsWith('.')) continue;
        if (e.startsWith('@')) for (const s of safeList(path.join(nm, e))) wanted.add(`${e}/${s}`);
        else wanted.add(e);
      }
    }
  }
  const target = path.join(outDir, 'node_modules');
  const linked: string[] = [];
  for (const name of wanted) {
    const found = chain.map((nm) => path.join(nm, name)).find((p) => fs.existsSync(p));
    if (!found) continue;
    const link = path.join(target, name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    try {
      fs.rmSync(link, { force: true, recursive: false });
    } catch {
      // not there
    }
    fs.symlinkSync(fs.realpathSync(found), link, 'junction');
    linked.push(name);
  }
  return linked;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
