/**
 * Which calls get a site mark (calls.ts): those that can start asynchronous work. A mark is text
 * on the user's line, and Node prints the line an uncaught error was thrown at as it ran, so
 * calls that never start any (an `Error` made for a `throw`, `JSON.parse`, `console.log`, array
 * and string methods, `then`, a `...Sync` function, a name the file never binds: a typo's
 * ReferenceError) are left as written. A scope-blind, static guess: a marked call that starts
 * nothing costs two stores; an unmarked one that does start something gives its resource the
 * line of the marked call before it in the same code, or none.
 */
import type { Node } from './ast';

/** Globals whose members start nothing asynchronous. */
const PURE_OBJECTS = new Set(['console', 'Math', 'JSON', 'Object', 'Array', 'Number', 'String', 'Boolean', 'Reflect', 'Symbol', 'Promise', 'Date', 'BigInt', 'Intl', 'Error', 'RegExp', 'URL', 'Buffer', 'path']);
/** Methods of built-in values (arrays, strings, maps, sets, promises, numbers) that start nothing. */
const PURE_METHODS = new Set([
  'then', 'catch', 'finally', 'push', 'pop', 'shift', 'unshift', 'map', 'filter', 'forEach', 'reduce', 'reduceRight', 'join',
  'split', 'slice', 'splice', 'includes', 'indexOf', 'lastIndexOf', 'find', 'findIndex', 'findLast', 'some', 'every', 'flat',
  'flatMap', 'fill', 'at', 'concat', 'sort', 'reverse', 'keys', 'values', 'entries', 'toString', 'toFixed', 'toLocaleString',
  'padStart', 'padEnd', 'trim', 'trimStart', 'trimEnd', 'replace', 'replaceAll', 'startsWith', 'endsWith', 'toUpperCase',
  'toLowerCase', 'charAt', 'charCodeAt', 'codePointAt', 'match', 'matchAll', 'repeat', 'has', 'add', 'delete', 'clear',
  'bind', 'call', 'apply', 'valueOf', 'hasOwnProperty', 'localeCompare', 'normalize', 'substring', 'test',
]);
/** Global functions that start asynchronous work (any other unbound name's call is not marked). */
const ASYNC_GLOBALS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch']);

/** The name a callee ends in (`fs.readFile` → readFile), or '' for a computed or other callee. */
function calleeName(callee: Node): string {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  return '';
}

/** True when the call or `new` may start asynchronous work. `bound`: every name the file binds. */
export function mayStartAsync(node: Node, bound: ReadonlySet<string>): boolean {
  const callee = node.callee as Node;
  const name = calleeName(callee);
  if (name.endsWith('Sync')) return false;
  if (node.type === 'NewExpression') return !/Error$/.test(name) && name !== 'Promise';
  if (callee.type === 'Identifier') return bound.has(name) || ASYNC_GLOBALS.has(name);
  if (callee.type === 'MemberExpression') {
    const obj = callee.object as Node;
    if (obj.type === 'Identifier' && PURE_OBJECTS.has(obj.name) && !bound.has(obj.name)) return false;
    if (PURE_METHODS.has(name)) return false;
  }
  return true;
}
