/**
 * The ESM resolution hook: Node resolves the run file's imports from the run file's folder (a temp
 * dir); this hook resolves them from the user's file instead, so relative imports, bare packages
 * (node_modules above the user's file) and dynamic import() behave as in a plain run, and a missing
 * package fails with Node's own message. Two tiny files: the --import entry registers the hooks.
 *
 * CommonJS gets no --import file: any --import makes Node 20 run a CommonJS main through the ESM
 * loader, which moves its top-level code into a promise job and so runs promise callbacks before
 * process.nextTick ones (the ESM order). A CommonJS run file that uses import() registers the
 * hooks itself, in its prologue (measured: registering does not change that order).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LocalDeps } from './deps';

export interface LoaderFiles {
  /** URL of the hooks module (for `module.register`). */
  hooksUrl: string;
  /** Absolute path of the module to pass to node with --import (it registers the hooks). */
  importFile: string;
}

/** Writes the hook files next to the run file. */
export async function writeLoader(runFile: string, original: string, deps: LocalDeps = { parents: [], redirects: [] }): Promise<LoaderFiles> {
  const base = runFile.replace(/\.[cm]?js$/, '');
  const hooks = `${base}.av-hooks.mjs`;
  const loader = `${base}.av-loader.mjs`;
  // PARENT: run file (or transpiled local .ts) -> the user's file it stands for.
  // REDIRECT: (user's parent file, specifier) -> transpiled local .ts (see deps.ts).
  const parents = Object.fromEntries([[pathToFileURL(runFile).href, pathToFileURL(original).href], ...deps.parents]);
  const redirects = Object.fromEntries(deps.redirects);
  await fs.writeFile(
    hooks,
    `const PARENT=${JSON.stringify(parents)};\nconst REDIRECT=${JSON.stringify(redirects)};\n` +
      'export function resolve(specifier,context,next){\n' +
      '  const orig=context.parentURL&&Object.hasOwn(PARENT,context.parentURL)?PARENT[context.parentURL]:undefined;\n' +
      '  if(orig===undefined)return next(specifier,context);\n' +
      '  const key=orig+"\\n"+specifier;\n' +
      '  if(Object.hasOwn(REDIRECT,key))return{url:REDIRECT[key],shortCircuit:true};\n' +
      '  return next(specifier,{...context,parentURL:orig});\n' +
      '}\n',
  );
  await fs.writeFile(loader, `import{register}from"node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  return { hooksUrl: pathToFileURL(hooks).href, importFile: path.resolve(loader) };
}
