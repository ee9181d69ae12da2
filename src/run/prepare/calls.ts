/**
 * Call-site marks: every call and `new` in the user's file that may start asynchronous work
 * (async-calls.ts) writes its site id into a register of
 * the recorder (`$av$k`, an Int32Array per thread) just before it is made, so the init hook knows
 * which line created an async resource without capturing a stack (a stack per init costs 10-18x
 * on timers; two typed-array stores cost nothing measurable). Library code is not marked: a
 * resource made deep inside a package carries the user call that led there.
 *
 * Two registers: [0] the innermost marked call (the `setTimeout` inside a `sleep` helper) and
 * [1] the latest call in the code of an async function or the top level (the `sleep(250)` in
 * `main`): the code that owns the row the wait is drawn under. A plain function with a block body
 * keeps [1] as it found it (`const $av$o=$av$k[1]` at its start, restored by each of its marks),
 * so an async call it made cannot leave its own site there.
 *
 * The marks never touch the callee's text (V8 prints it in "x is not a function") nor a spread's
 * argument (printed in "x is not iterable"), add no argument and start no line with `(`. Inside
 * an expression they are a call, `$av$.m(id, outer, value)`, never an assignment: V8 names an
 * anonymous function parsed before an assignment after the assignment's target (a stack frame
 * `at $av$k.<computed>` instead of `at file:line:col`).
 *  - a call starting an expression statement, callee and arguments without calls: `MARK,f(a)`,
 *    two stores in front;
 *  - else the last argument X (not a spread) carries it, evaluated after X: `f(a,$av$.m(id,outer,X))`;
 *  - else (no arguments, or a spread last) a callee and arguments without calls: `($av$.m(id,outer,0),f())`;
 *  - else (a call-chain callee) the call is not marked.
 */
import type { Node } from './ast';
import { children } from './ast';
import type { Edits } from './edits';
import type { SiteLocator } from './sites';
import type { SiteTable } from '../../core/wire';
import { mayStartAsync } from './async-calls';
import { boundNames } from './names';

/** The recorder's site registers and a plain function's saved [1]. */
export const SITE_REG = '$av$k';
export const OUTER = '$av$o';
/** `$av$.m(site, outer, value)`'s outer when [1] is left alone. */
const KEEP_OUTER = -2;
/** Arguments kept in the site table (the first two say what an operation is: a path, a delay). */
const MAX_ARGS = 2;
const MAX_ARG_TEXT = 40;

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** Nodes that run other code when evaluated (calls, and what may call: await/yield resume others, a class runs its static parts). */
const CALL_LIKE = new Set(['CallExpression', 'NewExpression', 'TaggedTemplateExpression', 'ImportExpression', 'AwaitExpression', 'YieldExpression', 'ClassExpression']);

export class CallMarks {
  private readonly calls: NonNullable<SiteTable['calls']>;
  /** Per node: evaluating it makes a call (memo; a nested function's body does not count). */
  private readonly impure = new WeakMap<Node, boolean>();
  /** Plain functions that already start with the save of [1]. */
  private readonly saved = new WeakSet<Node>();

  /** Every name the file binds (which calls may start asynchronous work: async-calls.ts). */
  private readonly bound: Set<string>;

  /** `base.calls`: the first site id (a project's other files took the ones below); `base.file`: the file each site names. */
  constructor(private readonly edits: Edits, private readonly locate: SiteLocator, sites: SiteTable, program: Node, private readonly base: { calls: number; file?: string } = { calls: 0 }) {
    this.calls = sites.calls ??= [];
    this.bound = boundNames(program);
  }

  private hasCall(node: Node): boolean {
    if (FUNCTION_TYPES.has(node.type)) return false;
    const memo = this.impure.get(node);
    if (memo !== undefined) return memo;
    let r = CALL_LIKE.has(node.type);
    if (!r) for (const c of children(node)) if (this.hasCall(c)) { r = true; break; }
    this.impure.set(node, r);
    return r;
  }

  /**
   * Marks the call `node`. `parent`: its parent node; `fn`: the innermost enclosing function
   * (undefined at top level); `stmt`: true when it starts an expression statement.
   */
  mark(node: Node, parent: Node | undefined, fn: Node | undefined, stmt: boolean, depth: number): void {
    const callee = node.callee as Node;
    if (callee.type === 'Super' || !mayStartAsync(node, this.bound)) return;
    const args = node.arguments as Node[];
    const last = args[args.length - 1];
    const simple = !this.hasCall(callee) && args.every((a) => !this.hasCall(a));
    // The object of a member access or a callee: a wrap there would cut an optional chain.
    const inner = parent !== undefined && ((parent.object === node && parent.type === 'MemberExpression') || (parent.callee === node && parent.type === 'CallExpression') || parent.tag === node);
    const wrapWhole = simple && !inner;
    const onLast = last !== undefined && last.type !== 'SpreadElement';
    if (!(wrapWhole && stmt) && !onLast && !wrapWhole) return;
    const id = this.site(node, callee, args);
    const ctx = this.context(node, fn);
    const call = `$av$.m(${id},${ctx === 'owner' ? String(id) : ctx === 'plain' ? OUTER : String(KEEP_OUTER)},`;
    if (wrapWhole && stmt) {
      // Nothing of the statement is parsed before it: no function's inferred name can take it up.
      this.edits.open(node.start, `${inline(id, ctx)},`, depth);
    } else if (onLast) {
      // Around the argument (depth + 1) and outside its own edits (an await's, an async arrow's).
      this.edits.open(last.start, call, depth + 0.5);
      this.edits.close(last.end, ')', depth + 0.5);
    } else {
      this.edits.open(node.start, `(${call}0),`, depth);
      this.edits.close(node.end, ')', depth);
    }
  }

  /** Which registers a mark in `fn` writes; a plain function's first mark saves [1] at its start. */
  private context(node: Node, fn: Node | undefined): 'owner' | 'plain' | 'inner' {
    if (fn === undefined) return 'owner';
    const body = fn.body as Node;
    const inBody = node.start >= body.start && node.end <= body.end;
    if (!inBody) return 'inner';
    if (fn.async) return 'owner';
    if (body.type !== 'BlockStatement') return 'inner';
    if (!this.saved.has(fn)) {
      this.saved.add(fn);
      // Before any mark at the same place (a call's depth is always more than its function's).
      this.edits.open(bodyStart(body), `const ${OUTER}=${SITE_REG}[1];`, -1);
    }
    return 'plain';
  }

  private site(node: Node, callee: Node, args: Node[]): number {
    const at = this.locate.position(node.start);
    const name = this.locate.text(callee.start, callee.end);
    const text = node.type === 'NewExpression' ? `new ${name}` : name;
    const shown = args.slice(0, MAX_ARGS).map((a) => this.argText(a));
    const file = this.base.file ? { file: this.base.file } : {};
    return this.base.calls + this.calls.push({ line: at.line, col: at.col, text, ...(shown.length ? { args: shown } : {}), ...file }) - 1;
  }

  /** A literal's value as it reads (a string without its quotes), '' for a function, else the argument as written. */
  private argText(a: Node): string {
    if (FUNCTION_TYPES.has(a.type)) return '';
    if (a.type === 'Literal' && typeof a.value === 'string') return clip(a.value);
    if (a.type === 'TemplateLiteral' && (a.expressions as Node[]).length === 0) return clip(String((a.quasis as Node[])[0]?.value?.cooked ?? ''));
    return clip(this.locate.text(a.start, a.end));
  }
}

/** The stores of a mark: [0] always; [1] = the site in async or top-level code, restored in a plain function. */
function inline(id: number, ctx: 'owner' | 'plain' | 'inner'): string {
  if (ctx === 'owner') return `${SITE_REG}[0]=${SITE_REG}[1]=${id}`;
  if (ctx === 'plain') return `${SITE_REG}[1]=${OUTER},${SITE_REG}[0]=${id}`;
  return `${SITE_REG}[0]=${id}`;
}

/** Where a statement may go first in a function's block body: past its directive prologue. */
export function bodyStart(body: Node): number {
  let pos = body.start + 1;
  for (const s of body.body as Node[]) {
    if (s.type === 'ExpressionStatement' && typeof s.directive === 'string') pos = s.end;
    else break;
  }
  return pos;
}

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= MAX_ARG_TEXT ? t : `${t.slice(0, MAX_ARG_TEXT - 1)}…`;
}
