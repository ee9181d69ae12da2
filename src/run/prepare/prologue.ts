/**
 * The generated code around the user's module. A file that runs as itself (the user's own file,
 * its prepared text handed to Node by the recorder) gets as little as possible: an ES module one
 * statement before its first own statement (`$av$.esmStart()`, on a blank or comment line when
 * there is one), CommonJS nothing (the recorder starts the script when Node reads the file), and
 * new lines after its last line for the entry function. A copy in the run folder also gets the
 * first line's prologue that makes it pass for the user's file (import.meta, require, __dirname,
 * process.argv[1]). `$av$` is the recorder's API, a global lexical binding (see
 * src/recorder/api.ts): no property of globalThis.
 */
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { ModuleFormat } from '../../core/trace';
import { CALL, REC } from './rewrite';
import type { Node } from './ast';
import { REL, relHelper } from './imports';

export interface FrameOptions {
  format: ModuleFormat;
  /** Absolute path of the user's file. */
  original: string;
  /** Names the user's module declares at its top level (left alone). */
  declared: Set<string>;
  /** `<top-level>` function site when the module has top-level await, else -1. */
  topFn: number;
  entryFunction?: string;
  /** Absolute path of the run file (process.argv[1] is set back to the user's file). */
  runFile: string;
}

/**
 * Makes the run file pass for the user's file: import.meta, and require/__filename/__dirname
 * (unless the module declares its own). CommonJS re-binds them with `var` (the wrapper's parameters).
 */
export function identityPrologue(format: ModuleFormat, original: string, declared: Set<string>): string {
  const file = JSON.stringify(original);
  const dir = JSON.stringify(path.dirname(original));
  const url = JSON.stringify(pathToFileURL(original).href);
  const parts: string[] = [];
  const needRequire = !declared.has('require');
  if (format === 'esm') {
    if (needRequire) parts.push('import{createRequire as $av$cr}from"node:module";');
    parts.push(relHelper(original));
    // import.meta.resolve resolves from the run file: relative specifiers are made absolute first.
    parts.push(`const $av$mr=import.meta.resolve;`);
    parts.push(`Object.assign(import.meta,{url:${url},filename:${file},dirname:${dir},resolve:(s,...a)=>$av$mr(${REL}(s),...a)});`);
    if (needRequire) parts.push(`const require=$av$cr(${url});`);
    if (!declared.has('__filename')) parts.push(`const __filename=${file};`);
    if (!declared.has('__dirname')) parts.push(`const __dirname=${dir};`);
  } else {
    parts.push(relHelper(original));
    // module.require: the user's own top-level `require` (if any) is not initialised yet here.
    if (needRequire) parts.push(`var require=module.require("node:module").createRequire(${file});`);
    if (!declared.has('__filename')) parts.push(`var __filename=${file};`);
    if (!declared.has('__dirname')) parts.push(`var __dirname=${dir};`);
  }
  return parts.join('');
}

/** Prologue of a copy in the run folder (first line). */
export function prologue(o: FrameOptions): string {
  const parts: string[] = [identityPrologue(o.format, o.original, o.declared)];
  // "Am I the main module?" checks compare import.meta.url or __filename with process.argv[1].
  parts.push(`if(process.argv[1]===${JSON.stringify(o.runFile)})process.argv[1]=${JSON.stringify(o.original)};`);
  parts.push(startCall(o));
  return parts.join('');
}

/**
 * The script's start and the top-level call. An ES module's script ends when its synchronous part
 * is over (the recorder sees to that); a CommonJS module's at its end (the epilogue) or a top-level
 * `return`: not with a tick of the recorder's, which would run the program's first microtasks
 * inside Node's tick processing (another frame at the bottom of their stacks).
 */
export function startCall(o: Pick<FrameOptions, 'format' | 'topFn'>): string {
  const start = `${REC}.${o.format === 'esm' ? 'esmStart' : 'scriptStart'}();`;
  return o.topFn >= 0 ? `${start}var ${CALL}=${REC}.top(${o.topFn});` : start;
}

/** What goes after the module's code (entry function, end of the top-level call, a CommonJS script's end); '' when nothing does. */
export function epilogue(o: Pick<FrameOptions, 'format' | 'topFn' | 'entryFunction'>): string {
  const parts: string[] = [];
  const fn = o.entryFunction;
  if (fn) {
    parts.push(`if(typeof ${fn}!=="function")throw new TypeError(${JSON.stringify(`Async Viz: ${fn} is not a function`)});`);
    parts.push(`const $av$er=${fn}();`);
  }
  if (o.topFn >= 0) parts.push(`${REC}.leave(${CALL});`);
  if (o.format === 'cjs') parts.push(`${REC}.scriptEnd();`);
  if (fn) {
    const thenable = '$av$er!==null&&(typeof $av$er==="object"||typeof $av$er==="function")&&typeof $av$er.then==="function"';
    parts.push(o.format === 'esm' ? `if(${thenable})await $av$er;` : `if(${thenable})$av$er.then(void 0,function($av$e){throw $av$e});`);
  }
  return parts.length ? `;${parts.join('')}` : '';
}

/**
 * Where an ES module that runs as itself gets its start call: a blank or comment-only line between
 * its imports (and directives) and its first own statement, else the start of that statement.
 * Either way no import line changes (Node prints an import line when linking fails).
 */
export function ownStartPos(program: Node, code: string): number {
  const body = program.body as Node[];
  let from = prologuePos(program, code);
  let first: Node | undefined;
  for (const s of body) {
    if (s.type === 'ImportDeclaration' || (s.type === 'ExpressionStatement' && typeof s.directive === 'string')) from = s.end;
    else {
      first = s;
      break;
    }
  }
  const to = first ? first.start : code.length;
  // The gap holds only whitespace and comments. A line of it that starts after `from` and
  // holds nothing but them (or nothing at all) takes the call at its start.
  let inBlock = false;
  /** Start of the current line while it has held only whitespace (and it began after `from`), else -1. */
  let lineStart = from === 0 || code[from - 1] === '\n' ? from : -1;
  for (let i = from; i < to; i++) {
    const c = code[i];
    if (inBlock) {
      if (c === '*' && code[i + 1] === '/') {
        inBlock = false;
        i++;
      }
    } else if (c === '/' && (code[i + 1] === '/' || code[i + 1] === '*')) {
      if (lineStart >= 0) return lineStart;
      if (code[i + 1] === '*') {
        inBlock = true;
        i++;
      } else {
        const nl = code.indexOf('\n', i);
        if (nl < 0 || nl >= to) break;
        i = nl - 1;
      }
    } else if (c === '\n') {
      if (lineStart >= 0) return lineStart;
      lineStart = i + 1;
    } else if (!/\s/.test(c)) lineStart = -1;
    if (inBlock && c === '\n') lineStart = -1;
  }
  return to;
}

/** Where the prologue goes: after a hashbang line and any directive prologue ("use strict"), so both keep their meaning. */
export function prologuePos(program: Node, code: string): number {
  let pos = code.startsWith('#!') ? code.indexOf('\n') + 1 || code.length : 0;
  for (const s of program.body as Node[]) {
    if (s.type === 'ExpressionStatement' && typeof s.directive === 'string') pos = s.end;
    else break;
  }
  return pos;
}
