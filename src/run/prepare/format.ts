/**
 * Module format detection, as Node 20 itself decides it for the user's file:
 * extension first, then the nearest package.json "type", then syntax detection
 * (a file that only parses as a module, i.e. uses import/export, import.meta or top-level await, is ESM).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as acorn from 'acorn';
import { transformSync } from 'esbuild';
import type { ModuleFormat } from '../../core/trace';
import { loaderFor } from './transpile';

/** The `type` field of the nearest package.json above `dir`, or undefined when there is none (or it has no type). */
export function packageType(dir: string): 'module' | 'commonjs' | undefined {
  for (let d = dir; ; ) {
    const pj = path.join(d, 'package.json');
    let text: string | undefined;
    try {
      text = fs.readFileSync(pj, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      // Node stops at the first package.json it finds, whatever it says.
      try {
        const type = (JSON.parse(text) as { type?: unknown }).type;
        return type === 'module' || type === 'commonjs' ? type : undefined;
      } catch {
        return undefined;
      }
    }
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** True when plain JS `code` fails as a CommonJS script but parses as a module (Node's detect-module rule). */
export function jsNeedsModule(code: string): boolean {
  const base = { ecmaVersion: 'latest' as const, allowHashBang: true };
  try {
    const program = acorn.parse(code, { ...base, sourceType: 'script', allowReturnOutsideFunction: true });
    // `const __dirname = ...` at the top fails inside Node's CommonJS wrapper: Node then tries ESM.
    if (!program.body.some(redeclaresWrapperName)) return false;
  } catch (e) {
    // These two are ESM syntax for sure; anything else (e.g. a top-level await) needs the module parse.
    if (/'import' and 'export' may appear only|'import\.meta' outside a module/.test((e as Error).message)) return true;
  }
  try {
    acorn.parse(code, { ...base, sourceType: 'module' });
    return true;
  } catch {
    return false;
  }
}

const WRAPPER_NAMES = new Set(['require', 'module', 'exports', '__filename', '__dirname']);

/** A top-level let/const/class declaring one of the CommonJS wrapper's parameters. */
function redeclaresWrapperName(s: acorn.Statement | acorn.ModuleDeclaration): boolean {
  if (s.type === 'ClassDeclaration') return WRAPPER_NAMES.has(s.id.name);
  if (s.type !== 'VariableDeclaration' || s.kind === 'var') return false;
  return s.declarations.some((d) => d.id.type === 'Identifier' && WRAPPER_NAMES.has(d.id.name));
}

/** The format Node would use for `file` with this source. TypeScript extensions follow their JS twins. */
export function detectModuleFormat(file: string, source: string): ModuleFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.mjs' || ext === '.mts') return 'esm';
  if (ext === '.cjs' || ext === '.cts') return 'cjs';
  const type = packageType(path.dirname(path.resolve(file)));
  if (type === 'module') return 'esm';
  if (type === 'commonjs') return 'cjs';
  // No word that ESM syntax needs: CommonJS, without parsing.
  if (!/\b(?:import|export|await)\b|\b(?:let|const|class)\s+(?:require|module|exports|__filename|__dirname)\b/.test(source)) return 'cjs';
  let js = source;
  if (ext !== '.js') {
    try {
      // verbatimModuleSyntax keeps value imports that esbuild would drop as unused: they still make the file a module.
      js = transformSync(source, {
        loader: loaderFor(file),
        target: 'esnext',
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      }).code;
    } catch {
      return 'cjs'; // a syntax error: reported by prepare's own transform
    }
  }
  return jsNeedsModule(js) ? 'esm' : 'cjs';
}
