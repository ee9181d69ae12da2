/**
 * The generated code around the user's module: the first line's prologue (recorder handle with a
 * no-op fallback, the original file's identity, scriptStart, top-level call) and the last line's
 * epilogue (entry function, leave, scriptEnd). All on existing lines: no newline is added.
 */
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { ModuleFormat } from '../../core/trace';
import { CALL, REC } from './rewrite';
import type { Node } from './ast';
import { REL, relHelper } from './imports';

/** What the recorder must provide as `globalThis.__asyncViz`; this no-op stands in when it is absent. */
const FALLBACK = '{enter(){return -1},leave(){},fail(){},s(c,i,v){return v},r(c,i,v){return v},scriptStart(){},scriptEnd(){}}';

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

export function prologue(o: FrameOptions): string {
  const parts: string[] = [`const ${REC}=globalThis.__asyncViz||${FALLBACK};`, identityPrologue(o.format, o.original, o.declared)];
  // "Am I the main module?" checks compare import.meta.url or __filename with process.argv[1].
  parts.push(`if(process.argv[1]===${JSON.stringify(o.runFile)})process.argv[1]=${JSON.stringify(o.original)};`);
  parts.push(`${REC}.scriptStart();`);
  if (o.topFn >= 0) parts.push(`const ${CALL}=${REC}.enter(${o.topFn});`);
  return parts.join('');
}

export function epilogue(o: FrameOptions): string {
  const parts: string[] = [';'];
  const fn = o.entryFunction;
  if (fn) {
    parts.push(`if(typeof ${fn}!=="function")throw new TypeError(${JSON.stringify(`Async Viz: ${fn} is not a function`)});`);
    parts.push(`const $av$er=${fn}();`);
  }
  if (o.topFn >= 0) parts.push(`${REC}.leave(${CALL});`);
  parts.push(`${REC}.scriptEnd();`);
  if (fn) {
    const thenable = '$av$er!==null&&(typeof $av$er==="object"||typeof $av$er==="function")&&typeof $av$er.then==="function"';
    parts.push(o.format === 'esm' ? `if(${thenable})await $av$er;` : `if(${thenable})$av$er.then(void 0,function($av$e){throw $av$e});`);
  }
  return parts.join('');
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
