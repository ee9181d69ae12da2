/**
 * The generated code around the user's module: the first line's prologue (recorder handle with a
 * no-op fallback, the original file's identity, scriptStart, top-level call) and the last line's
 * epilogue (entry function, leave, scriptEnd). All on existing lines: no newline is added.
 */
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { ModuleFormat } from './format';
import { CALL, REC } from './rewrite';

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
  /** CommonJS only: register these resolve hooks first (the file uses import()). */
  hooksUrl?: string;
}

export function prologue(o: FrameOptions): string {
  const file = JSON.stringify(o.original);
  const dir = JSON.stringify(path.dirname(o.original));
  const url = JSON.stringify(pathToFileURL(o.original).href);
  const parts: string[] = [];
  const needRequire = !o.declared.has('require');
  if (o.format === 'esm') {
    if (needRequire) parts.push('import{createRequire as $av$cr}from"node:module";');
    parts.push(`const ${REC}=globalThis.__asyncViz||${FALLBACK};`);
    parts.push(`Object.assign(import.meta,{url:${url},filename:${file},dirname:${dir}});`);
    if (needRequire) parts.push(`const require=$av$cr(${url});`);
    if (!o.declared.has('__filename')) parts.push(`const __filename=${file};`);
    if (!o.declared.has('__dirname')) parts.push(`const __dirname=${dir};`);
  } else {
    parts.push(`const ${REC}=globalThis.__asyncViz||${FALLBACK};`);
    // `var` re-binds the CommonJS wrapper's parameters to the user's file.
    if (needRequire) parts.push(`var require=module.require("node:module").createRequire(${file});`);
    // module.require: the user's own top-level `require` (if any) is not initialised yet here.
    if (o.hooksUrl) parts.push(`module.require("node:module").register(${JSON.stringify(o.hooksUrl)});`);
    if (!o.declared.has('__filename')) parts.push(`var __filename=${file};`);
    if (!o.declared.has('__dirname')) parts.push(`var __dirname=${dir};`);
  }
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
