/**
 * The top-level functions of a TS/JS file, found without a parser: one pass over the text that
 * tracks brace depth while skipping strings, template literals, comments and regular
 * expressions, then a regex on each line that starts at depth 0 in code. Linear in the file size
 * (a 5,000-line file takes about a millisecond) and tolerant of a file being edited. The one
 * answer to "which top-level functions does this file have?": the CodeLenses (and the compare
 * picker) offer those callable without arguments, and prepare accepts only these names as the
 * function to call after the module (`--call`, the lens's entry function).
 */

/** A top-level function declaration or a variable initialised with a function or arrow function. */
export interface FunctionSite {
  /** Name as written (the variable's name for `const f = () => ...`). */
  name: string;
  /** 0-based line of the declaration. */
  line: number;
  /** 0-based column where the declaration starts (`export`, `async`, `function` or `const`). */
  col: number;
  /** True for `async function` / `async () =>`. */
  isAsync: boolean;
  /** True when it has a parameter without a default, `?` or `...` (a call with no arguments leaves it undefined). */
  needsArgs: boolean;
}

export interface ScanResult {
  /** The functions, in file order. */
  functions: FunctionSite[];
  /** False when the braces do not balance (the user is mid-edit): callers keep their last good result. */
  balanced: boolean;
}

const DECL_FUNCTION = /^(?:export\s+(?:default\s+)?)?(async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\(/;
const DECL_ARROW = /^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;\n]+)?=\s*(async\s+)?(?:(function\b\s*\*?\s*[\w$]*\s*(?:<[^>]*>)?\s*\()|(\()|([A-Za-z_$][\w$]*)\s*=>)/;

/** Characters after which a `/` starts a regular expression rather than a division. */
const REGEX_PREV = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);

/**
 * Brace depth at the start of every line (strings, comments, templates and regexes skipped), and
 * whether each line starts in code (not inside a block comment or a template literal). Returns
 * them and whether the file ends balanced.
 */
export function lineDepths(text: string): { depths: Int32Array; inCode: Uint8Array; balanced: boolean } {
  const lineCount = countLines(text);
  const depths = new Int32Array(lineCount);
  const inCode = new Uint8Array(lineCount).fill(1);
  let line = 0;
  let depth = 0;
  let prev = ''; // last significant character, for the regex heuristic
  // Stack of template literal nesting: each entry is the brace depth at which `${` opened.
  const templates: number[] = [];
  const n = text.length;
  let i = 0;
  /** A new line begins; `code` is false when it begins inside a comment or a template literal. */
  const newline = (code = true) => {
    line++;
    if (line < lineCount) {
      depths[line] = depth;
      inCode[line] = code ? 1 : 0;
    }
  };
  const skipTemplate = (): void => {
    // Inside a template literal body: runs until the closing backtick or a `${`.
    while (i < n) {
      const c = text[i];
      if (c === '\\') { if (text[i + 1] === '\n') newline(false); i += 2; continue; }
      if (c === '\n') newline(false);
      if (c === '`') { i++; prev = 'a'; return; }
      if (c === '$' && text[i + 1] === '{') { templates.push(depth); depth++; i += 2; prev = '{'; return; }
      i++;
    }
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') { newline(); i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && text[i + 1] === '/') { while (i < n && text[i] !== '\n') i++; continue; }
    if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < n && !(text[i] === '*' && text[i + 1] === '/')) { if (text[i] === '\n') newline(false); i++; }
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      prev = 'a';
      continue;
    }
    if (c === '`') { i++; skipTemplate(); continue; }
    if (c === '/' && (REGEX_PREV.has(prev) || /[a-z]/.test(prev) && /\b(?:return|typeof|case|do|else|in|of|void|yield|await)$/.test(text.slice(Math.max(0, i - 8), i).trimEnd()))) {
      i++;
      let inClass = false;
      while (i < n && text[i] !== '\n') {
        const d = text[i];
        if (d === '\\') { i += 2; continue; }
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/i.test(text[i])) i++;
      prev = 'a';
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (templates.length > 0 && templates[templates.length - 1] === depth - 1) {
        templates.pop();
        depth--;
        i++;
        skipTemplate();
        continue;
      }
      depth = Math.max(0, depth - 1);
    }
    // After an identifier, number or `)`, a `/` divides; after a keyword (checked above) it starts a regex.
    prev = c;
    i++;
  }
  return { depths, inCode, balanced: depth === 0 && templates.length === 0 };
}

function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** True when a parameter list (the text between the parentheses) needs no argument. */
export function paramsOptional(params: string): boolean {
  const parts = splitTopLevel(params).map((p) => p.trim()).filter((p) => p.length > 0);
  return parts.every((p) => {
    if (p.startsWith('...')) return true;
    if (/^this\s*:/.test(p)) return true;
    // `a = 1`, `{ x } = {}`, `a?: number`: a default value (a lone `=` at depth 0) or a `?` before the type.
    if (/^[\w$]+\s*\?/.test(p)) return true;
    return hasTopLevelDefault(p);
  });
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && s[i - 1] !== '=')) depth--;
    else if (c === ',' && depth === 0) { out.push(s.slice(start, i)); start = i + 1; }
  }
  out.push(s.slice(start));
  return out;
}

function hasTopLevelDefault(p: string): boolean {
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && p[i - 1] !== '=')) depth--;
    else if (c === '=' && depth === 0 && p[i + 1] !== '>' && p[i + 1] !== '=' && p[i - 1] !== '=' && p[i - 1] !== '!') return true;
  }
  return false;
}

/** The text between the parenthesis at `open` and its match (at most 2,000 characters on), and what follows. */
function paramText(text: string, open: number): { params: string; after: string } | null {
  let depth = 0;
  const end = Math.min(text.length, open + 2000);
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { params: text.slice(open + 1, i), after: text.slice(i + 1, i + 200) };
  }
  return null;
}

/** `): Promise<void> =>` or `) =>`: what follows an arrow function's parameter list. */
const ARROW_AFTER = /^\s*(?::[^=;{}]*)?=>/;

/** How far into the text after a line's start a declaration may reach (a declaration can span lines). */
const DECL_REACH = 600;

/** Every top-level function of the file (callable without arguments or not). */
export function topLevelFunctions(text: string): ScanResult {
  const { depths, inCode, balanced } = lineDepths(text);
  const functions: FunctionSite[] = [];
  let offset = 0;
  for (let line = 0; line < depths.length; line++) {
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl === -1 ? text.length : nl;
    if (depths[line] === 0 && inCode[line]) {
      const raw = text.slice(offset, lineEnd);
      const indent = raw.length - raw.trimStart().length;
      const body = text.slice(offset + indent, offset + indent + DECL_REACH);
      const f = DECL_FUNCTION.exec(body);
      if (f) {
        const p = paramText(text, offset + indent + f[0].length - 1);
        if (p !== null) functions.push({ name: f[2], line, col: indent, isAsync: Boolean(f[1]), needsArgs: !paramsOptional(p.params) });
      } else {
        const a = DECL_ARROW.exec(body);
        if (a) {
          // `x => ...` has one required parameter; `(...) =>` must really be an arrow, not `(1 + 2)`.
          const p = a[5] ? null : paramText(text, offset + indent + a[0].length - 1);
          if (a[5]) functions.push({ name: a[1], line, col: indent, isAsync: Boolean(a[2]), needsArgs: true });
          else if (p !== null && (a[3] !== undefined || ARROW_AFTER.test(p.after))) functions.push({ name: a[1], line, col: indent, isAsync: Boolean(a[2]), needsArgs: !paramsOptional(p.params) });
        }
      }
    }
    offset = lineEnd + 1;
  }
  return { functions, balanced };
}

/** The top-level functions callable without arguments (what the CodeLenses offer). */
export function scanFunctions(text: string): ScanResult {
  const r = topLevelFunctions(text);
  return { functions: r.functions.filter((f) => !f.needsArgs), balanced: r.balanced };
}
