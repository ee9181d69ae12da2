/**
 * Import specifiers, made to resolve from the user's file although the run file sits in a temp
 * dir, WITHOUT a resolve hook: a registered hook sends every resolution (import() included) to
 * Node's module-hooks thread, which delays dynamic imports by a turn and so changes the order
 * (measured). Instead:
 *  - relative literal specifiers become absolute file URLs (exact: Node resolves relative
 *    specifiers as plain URLs), or the transpiled copy of a local .ts file (deps.ts);
 *  - computed import() specifiers go through `$av$rel`, which does the same at run time;
 *  - bare package specifiers stay: outDir/node_modules links to the packages the user's file
 *    would find (links.ts), and Node follows the link to the real path.
 */
import { isBuiltin } from 'node:module';
import { pathToFileURL } from 'node:url';
import { children, type Node } from './ast';
import type { Edits } from './edits';

export const REL = '$av$rel';

export interface ImportScan {
  /** Bare package names imported with a literal specifier. */
  packages: Set<string>;
  /** Some import() has a computed specifier (any package may be needed). */
  computed: boolean;
  /** Literal relative specifiers (for local .ts files). */
  relative: { node: Node; specifier: string }[];
}

const isRelative = (s: string): boolean => /^\.\.?(\/|$)/.test(s);

/** Package name of a bare specifier (`@scope/name/sub` -> `@scope/name`), or undefined. */
export function packageName(s: string): string | undefined {
  if (isRelative(s) || s.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('#') || isBuiltin(s)) return undefined;
  const parts = s.split('/');
  return s.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function scanImports(program: Node): ImportScan {
  const scan: ImportScan = { packages: new Set(), computed: false, relative: [] };
  const visit = (n: Node): void => {
    const hasSource = n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ImportExpression';
    if (hasSource && n.source) {
      const src = n.source as Node;
      if (src.type === 'Literal' && typeof src.value === 'string') {
        const pkg = packageName(src.value);
        if (pkg) scan.packages.add(pkg);
        else if (isRelative(src.value)) scan.relative.push({ node: src, specifier: src.value });
      } else scan.computed = true;
    }
    for (const c of children(n)) visit(c);
  };
  visit(program);
  return scan;
}

/**
 * Rewrites the relative specifiers of `program` (a file standing for `original`): `redirect` maps a
 * specifier to a URL (local .ts copies), others become absolute URLs; computed import() goes through $av$rel.
 * With `onlyRedirects` (the file runs as itself: everything else resolves as it is) only the redirects.
 */
export function rewriteSpecifiers(program: Node, original: string, edits: Edits, redirect: (spec: string) => string | undefined, onlyRedirects = false): void {
  const base = pathToFileURL(original);
  const visit = (n: Node): void => {
    const hasSource = n.type === 'ImportDeclaration' || n.type === 'ExportAllDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ImportExpression';
    if (hasSource && n.source) {
      const src = n.source as Node;
      if (src.type === 'Literal' && typeof src.value === 'string') {
        const to = isRelative(src.value) ? (redirect(src.value) ?? (onlyRedirects ? undefined : new URL(src.value, base).href)) : undefined;
        if (to !== undefined) edits.replace(src.start, src.end, JSON.stringify(to));
      } else if (n.type === 'ImportExpression' && !onlyRedirects) {
        edits.open(src.start, `${REL}(`, 1e6);
        edits.close(src.end, ')', 1e6);
      }
    }
    for (const c of children(n)) visit(c);
  };
  visit(program);
}

/** Run-time twin of the literal rewrite, for computed import() specifiers and import.meta.resolve. */
export function relHelper(original: string): string {
  const url = JSON.stringify(pathToFileURL(original).href);
  return `const ${REL}=(s)=>typeof s==="string"&&/^\\.\\.?(\\/|$)/.test(s)?new URL(s,${url}).href:s;`;
}

