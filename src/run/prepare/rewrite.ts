/**
 * The await rewrite, on esbuild's JS output (or the user's own JavaScript): wraps async function
 * bodies with enter/fail/leave, brackets every `await` with suspend/resume marks and `for await`
 * loops with marks per iteration, and starts every `catch` and `finally` block of async code with
 * `rx` (an await whose promise rejected resumes there: its resume mark never ran). Only
 * insertions, never a newline, never an extra await or promise: microtask order is unchanged.
 */
import * as acorn from 'acorn';
import type { SiteTable } from '../../core/wire';
import { children, type Node } from './ast';
import { Edits } from './edits';
import { functionName } from './names';
import type { ModuleFormat } from '../../core/trace';
import type { SiteLocator } from './sites';
import { CallMarks, bodyStart } from './calls';

/** Identifiers used by the generated code. */
export const REC = '$av$';
export const CALL = '$av$c';

export interface RewriteResult {
  program: Node;
  edits: Edits;
  sites: SiteTable;
  /** Function site of `<top-level>` when the module has top-level await, else -1. */
  topFn: number;
}

/** A CommonJS module's top-level `return` ends its script too. */
const END = `${REC}.scriptEnd()`;

/** `catch`/`finally` blocks of async code: where an await that threw resumes. */
const RX = `${REC}.rx(${CALL});`;

export function parseOutput(code: string, format: ModuleFormat): Node {
  return acorn.parse(code, {
    ecmaVersion: 'latest',
    sourceType: format === 'esm' ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: format === 'cjs',
    preserveParens: true,
  }) as unknown as Node;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * `base`: site ids start there (the run's other files took the ones below), and each site names
 * `base.file` (`async-viz run` prepares every user file of a project into one table).
 */
export function rewrite(program: Node, locate: SiteLocator, base: { awaits: number; functions: number; calls?: number; file?: string } = { awaits: 0, functions: 0 }): RewriteResult {
  const edits = new Edits();
  const sites: SiteTable = { awaits: [], functions: [], calls: [] };
  const file = base.file ? { file: base.file } : {};
  const addAwait = (s: SiteTable['awaits'][number]): number => base.awaits + sites.awaits.push({ ...s, ...file }) - 1;
  const addFunction = (s: SiteTable['functions'][number]): number => base.functions + sites.functions.push({ ...s, ...file }) - 1;
  const marks = new CallMarks(edits, locate, sites, program, { calls: base.calls ?? 0, ...file });
  let topFn = -1;
  let fnDepth = 0;
  /** Innermost enclosing functions, innermost last (empty at top level). */
  const fns: Node[] = [];
  /** catch/finally blocks of the top level: marked only if the module turns out to await at top level. */
  const topBlocks: { pos: number; depth: number }[] = [];

  const ensureTop = (): void => {
    if (topFn < 0) topFn = addFunction({ name: '<top-level>', line: 1, col: 1 });
  };

  const asyncFunction = (fn: Node, parent: Node | undefined, depth: number): void => {
    const isMember = parent && (parent.type === 'MethodDefinition' || parent.type === 'Property') && parent.value === fn && (parent.method || parent.kind !== 'init');
    const at = locate.functionPosition(isMember ? parent.start : fn.start);
    const id = addFunction({ name: functionName(fn, parent), line: at.line, col: at.col });
    const enter = `const ${CALL}=${REC}.enter(${id});try{`;
    const exit = `}catch($av$e){${REC}.fail(${CALL});throw $av$e}finally{${REC}.leave(${CALL})}`;
    const body = fn.body as Node;
    if (body.type === 'BlockStatement') {
      edits.open(bodyStart(body), enter, depth);
      edits.close(body.end - 1, exit, depth);
    } else {
      edits.open(body.start, `{${enter}return `, depth);
      edits.close(body.end, `${exit}}`, depth);
    }
  };

  const awaitExpr = (node: Node, depth: number): void => {
    if (fnDepth === 0) ensureTop();
    const arg = node.argument as Node;
    const at = locate.position(node.start, arg.start);
    const site = addAwait({ line: at.line, col: at.col, text: locate.text(arg.start, arg.end) });
    edits.open(node.start, `${REC}.r(${CALL},${site},`, depth);
    edits.open(node.start + 5, ` ${REC}.s(${CALL},${site},`, depth);
    edits.close(node.end, '))', depth);
  };

  const forAwait = (node: Node, outer: Node, outerDepth: number, depth: number): void => {
    if (fnDepth === 0) ensureTop();
    const right = node.right as Node;
    const body = node.body as Node;
    const at = locate.forAwaitPosition(right.start);
    const site = addAwait({ line: at.line, col: at.col, text: locate.text(right.start, right.end) });
    const mark = (k: 's' | 'r'): string => `${REC}.${k}(${CALL},${site},0)`;
    edits.open(outer.start, '{', outerDepth - 0.5);
    edits.close(outer.end, `;${mark('r')}}`, outerDepth - 0.5);
    edits.open(right.start, `${REC}.s(${CALL},${site},`, depth);
    edits.close(right.end, ')', depth);
    edits.open(body.start, `{${mark('r')};try{`, depth);
    edits.close(body.end, `}finally{${mark('s')}}}`, depth);
  };

  /** A catch or finally block: its code runs in the continuation of an await that threw. */
  const resumeBlock = (block: Node, depth: number): void => {
    const fn = fns[fns.length - 1];
    if (fn === undefined) topBlocks.push({ pos: block.start + 1, depth });
    else if (fn.async) edits.open(block.start + 1, RX, depth);
  };

  // Iterative-enough recursion: esbuild output nesting is bounded by the user's own nesting.
  const visit = (node: Node, parent: Node | undefined, labels: { node: Node; depth: number } | undefined, depth: number): void => {
    const isFn = FUNCTION_TYPES.has(node.type);
    if (isFn && node.async) asyncFunction(node, parent, depth);
    else if (node.type === 'AwaitExpression') awaitExpr(node, depth);
    else if (node.type === 'ForOfStatement' && node.await) forAwait(node, labels?.node ?? node, labels?.depth ?? depth, depth);
    else if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      marks.mark(node, parent, fns[fns.length - 1], parent?.type === 'ExpressionStatement' && parent.expression === node, depth);
    } else if (node.type === 'CatchClause') resumeBlock(node.body as Node, depth);
    else if (node.type === 'TryStatement' && node.finalizer) resumeBlock(node.finalizer as Node, depth);
    else if (node.type === 'ReturnStatement' && fns.length === 0) {
      // Only CommonJS has top-level returns. `return X` keeps X on its line (else ASI had made it `return;`).
      edits.open(node.start + 6, node.argument ? ` ${END},` : ` ${END}`, depth);
    }
    if (isFn) {
      fnDepth++;
      fns.push(node);
    }
    for (const c of children(node)) {
      // Parentheses are transparent for naming; a label chain is wrapped as a whole.
      const p = node.type === 'ParenthesizedExpression' ? parent : node;
      const l = node.type === 'LabeledStatement' ? (labels ?? { node, depth }) : undefined;
      visit(c, p, l, depth + 1);
    }
    if (isFn) {
      fnDepth--;
      fns.pop();
    }
  };
  visit(program, undefined, undefined, 0);
  if (topFn >= 0) for (const b of topBlocks) edits.open(b.pos, RX, b.depth);
  return { program, edits, sites, topFn };
}
