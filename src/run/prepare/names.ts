/** Names: what a function is called (as written or inferred) and what the module's top level declares. */
import { children, type Node } from './ast';

/** Name of a function node given its (paren-free) parent, or `<anonymous>`. */
export function functionName(fn: Node, parent: Node | undefined): string {
  if (fn.id?.type === 'Identifier') return fn.id.name;
  if (!parent) return '<anonymous>';
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === fn && parent.id.type === 'Identifier' ? parent.id.name : '<anonymous>';
    case 'AssignmentExpression':
      if (parent.right !== fn) return '<anonymous>';
      if (parent.left.type === 'Identifier') return parent.left.name;
      if (parent.left.type === 'MemberExpression' && !parent.left.computed) return keyName(parent.left.property);
      return '<anonymous>';
    case 'AssignmentPattern':
      return parent.right === fn && parent.left.type === 'Identifier' ? parent.left.name : '<anonymous>';
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return parent.value === fn && !parent.computed ? keyName(parent.key) : '<anonymous>';
    default:
      return '<anonymous>';
  }
}

function keyName(key: Node): string {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal') return String(key.value);
  return '<anonymous>';
}

/** Every name the file binds anywhere (declarations, parameters, imports, catch parameters): scope-blind. */
export function boundNames(program: Node): Set<string> {
  const names = new Set<string>();
  const add = patternAdder(names);
  const visit = (n: Node): void => {
    switch (n.type) {
      case 'VariableDeclarator': add(n.id); break;
      case 'FunctionDeclaration': case 'FunctionExpression': case 'ArrowFunctionExpression':
        if (n.id) names.add(n.id.name);
        for (const p of n.params) add(p);
        break;
      case 'ClassDeclaration': case 'ClassExpression': if (n.id) names.add(n.id.name); break;
      case 'ImportSpecifier': case 'ImportDefaultSpecifier': case 'ImportNamespaceSpecifier': names.add(n.local.name); break;
      case 'CatchClause': add(n.param); break;
    }
    for (const c of children(n)) visit(c);
  };
  visit(program);
  return names;
}

/** Adds the identifiers a binding pattern binds. */
function patternAdder(names: Set<string>): (p: Node | null | undefined) => void {
  const addPattern = (p: Node | null | undefined): void => {
    if (!p) return;
    switch (p.type) {
      case 'Identifier': names.add(p.name); break;
      case 'ObjectPattern': for (const prop of p.properties) addPattern(prop.type === 'RestElement' ? prop.argument : prop.value); break;
      case 'ArrayPattern': for (const el of p.elements) addPattern(el); break;
      case 'RestElement': addPattern(p.argument); break;
      case 'AssignmentPattern': addPattern(p.left); break;
    }
  };
  return addPattern;
}

/** Names bound in the module's top-level scope (declarations directly in the program body, and imports). */
export function topLevelNames(program: Node): Set<string> {
  const names = new Set<string>();
  const addPattern = patternAdder(names);
  const addDecl = (s: Node | null | undefined): void => {
    if (!s) return;
    if (s.type === 'VariableDeclaration') for (const d of s.declarations) addPattern(d.id);
    else if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id) names.add(s.id.name);
  };
  for (const s of program.body as Node[]) {
    if (s.type === 'ImportDeclaration') for (const sp of s.specifiers) names.add(sp.local.name);
    else if (s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') addDecl(s.declaration);
    else addDecl(s);
  }
  return names;
}
