import { z } from 'zod';
import type { Fix, Range } from '../finding';
import type { Node } from '../parse/python';
import { capture, CLASS_DEFINITIONS, defineRule, FUNCTION_DEFINITIONS } from '../rule';
import { decoratorsOf, docstringOf, hasDecorator, indentOfLine, isMethod, parametersOf, statementsOf, type DefinitionInfo, type Parameter } from '../syntax';
import { eolOf } from '../text';

/** The options schema of `missing-docstring`; `edited-missing-docstring` reuses it without `modules`. */
export const options = z.object({
  /** Also ask for a module docstring (opt-in: many research scripts start with code). */
  modules: z.boolean().default(false),
  /** Also check private names (`_helper`, `_Cache` and its methods); off by default, as in pydocstyle. */
  private: z.boolean().default(false),
  /** Also check dunder methods (`__init__`, `__call__`, …); off by default: the class docstring documents construction. */
  dunder: z.boolean().default(false),
  /** Also check functions and classes defined inside a function (closures, local helpers). */
  nested: z.boolean().default(false),
  /** Only functions whose body has at least this many code lines (docstring, comments, blank lines not counted). */
  minLines: z.number().int().nonnegative().default(0),
  /** What the inserted docstring holds: a summary line, or Google `Args:` / NumPy `Parameters` sections too. */
  style: z.enum(['summary', 'google', 'numpy']).default('summary'),
}).strict();
type Options = z.infer<typeof options>;

const isDunder = (name: string) => /^__\w+__$/.test(name);
const isPrivate = (name: string) => name.startsWith('_') && !isDunder(name);

/** Escapes literal text for VS Code snippet syntax. */
const literal = (s: string) => s.replace(/[\\$}]/g, (c) => `\\${c}`);

/** Code lines of a block: non-blank lines that are not only a comment, the docstring excluded. */
function codeLines(body: Node, text: string): number {
  const rows = new Set<number>();
  const lines = text.slice(body.startIndex, body.endIndex).split('\n');
  lines.forEach((l, i) => {
    const t = l.trim();
    if (t && !t.startsWith('#')) rows.add(body.startPosition.row + i);
  });
  return rows.size;
}

/** Whether a function's own body (not nested definitions) holds a node of one of `types`. */
function ownBodyHas(def: Node, types: string[], test: (n: Node) => boolean = () => true): boolean {
  const body = def.childForFieldName('body');
  if (!body) return false;
  return body.descendantsOfType(types).some((n) => {
    if (!n || !test(n)) return false;
    for (let p = n.parent; p && p.id !== def.id; p = p.parent) if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') return false;
    return true;
  });
}

/** The docstring snippet for a definition, its lines joined with `eol + indent`. */
function docstringSnippet(def: Node, style: Options['style'], indent: string, eol: string): string {
  const summary = '"""${1:Summary.}';
  if (style === 'summary') return `${summary}"""`;
  let target = def;
  if (def.type === 'class_definition') {
    // A class documents its constructor's arguments.
    const init = statementsOf(def.childForFieldName('body')).map((s) => (s.type === 'decorated_definition' ? s.childForFieldName('definition') : s)).find((s) => s?.type === 'function_definition' && s.childForFieldName('name')?.text === '__init__');
    if (!init) return `${summary}"""`;
    target = init;
  }
  let params = parametersOf(target);
  const method = target !== def || isMethod(target);
  const star = (p: Parameter) => p.splat ?? '';
  // `self` / `cls`: the first parameter of a method that is not a static method.
  if (method && !hasDecorator(decoratorsOf(target), ['staticmethod']) && params.length && !star(params[0])) params = params.slice(1);
  let stop = 2;
  const next = (placeholder: string) => `\${${stop++}:${placeholder}}`;
  const lines: string[] = [summary, ''];
  const returns = def.type === 'function_definition' && (() => {
    const annotation = def.childForFieldName('return_type');
    if (annotation) return !/^(?:None|NoReturn|Never)$/.test(annotation.text) ? annotation : undefined;
    return ownBodyHas(def, ['return_statement'], (r) => r.namedChildCount > 0) ? null : undefined;
  })();
  const yields = def.type === 'function_definition' && ownBodyHas(def, ['yield']);
  if (style === 'google') {
    if (params.length) {
      lines.push('Args:');
      for (const p of params) lines.push(`    ${star(p)}${literal(p.name)}: ${next('Description.')}`);
    }
    if (returns !== undefined && returns !== false) {
      if (params.length) lines.push('');
      lines.push(yields ? 'Yields:' : 'Returns:', `    ${next('Description.')}`);
    } else if (yields) {
      if (params.length) lines.push('');
      lines.push('Yields:', `    ${next('Description.')}`);
    }
  } else {
    if (params.length) {
      lines.push('Parameters', '----------');
      for (const p of params) {
        lines.push(`${star(p)}${literal(p.name)} : ${p.annotation ? literal(p.annotation.text) : next('type')}`, `    ${next('Description.')}`);
      }
    }
    if ((returns !== undefined && returns !== false) || yields) {
      if (params.length) lines.push('');
      const header = yields ? 'Yields' : 'Returns';
      lines.push(header, '-'.repeat(header.length), returns && !yields ? literal(returns.text) : next('type'), `    ${next('Description.')}`);
    }
  }
  if (lines.length === 2) return `${summary}"""`;
  lines.push('"""');
  return lines.map((l, i) => (i === 0 || !l ? l : indent + l)).join(eol);
}

/** The snippet fix inserting a docstring as the first line of a definition's body; none for a one-line body. */
export function insertFix(def: Node, text: string, eol: string, style: Options['style']): Fix | undefined {
  const body = def.childForFieldName('body');
  const colon = def.children.find((c) => c?.type === ':');
  if (!body || !colon || body.startPosition.row === colon.endPosition.row) return undefined;
  const indent = indentOfLine(text, body.startIndex);
  // After the header line (and any comment on it), so comments above the first statement stay below the docstring.
  let at = text.indexOf('\n', colon.endIndex);
  if (at === -1) return undefined;
  if (text[at - 1] === '\r') at--;
  return { title: 'Insert docstring', edits: [{ start: at, end: at, text: eol + indent + docstringSnippet(def, style, indent, eol) }], safe: false, snippet: true };
}

/** The module docstring fix: before the first statement (after shebang, encoding and licence comments). */
function moduleFix(first: Node, text: string, eol: string): Fix {
  const at = text.lastIndexOf('\n', first.startIndex - 1) + 1;
  return { title: 'Insert module docstring', edits: [{ start: at, end: at, text: `"""\${1:Summary.}"""${eol}` }], safe: false, snippet: true };
}

/** The range of a statement's first line, from the statement's start. */
function firstLineOf(node: Node, text: string): Range {
  const lineStart = node.startIndex - node.startPosition.column;
  const nl = text.indexOf('\n', node.startIndex);
  const end = nl === -1 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
  return { start: { line: node.startPosition.row, character: node.startPosition.column }, end: { line: node.startPosition.row, character: end - lineStart } };
}

/** Whether a definition needs no docstring under the options. */
export function exempt(def: Node, info: DefinitionInfo, name: string, o: Omit<Options, 'modules'>, text: string): boolean {
  const fn = def.type === 'function_definition';
  if (fn && hasDecorator(info.decorators, ['overload'])) return true;
  // `@x.setter` / `@x.deleter`: the getter documents the property.
  if (fn && info.decorators.some((d) => /^\w[\w.]*\.(?:setter|deleter)$/.test(d.trim()))) return true;
  if (!o.dunder && isDunder(name)) return true;
  if (!o.private) {
    if (isPrivate(name)) return true;
    for (const c of info.enclosing) if (c.type === 'class_definition' && isPrivate(c.childForFieldName('name')?.text ?? '')) return true;
  }
  if (!o.nested && info.enclosing.some((d) => d.type === 'function_definition')) return true;
  if (fn && o.minLines > 0) {
    const body = def.childForFieldName('body');
    if (!body || codeLines(body, text) < o.minLines) return true;
  }
  return false;
}

/**
 * What it does: flags functions, methods and classes that have no docstring, and, with
 * `modules: true`, a module without one.
 * Options (defaults): `modules: false`; `private: false` skips `_private` names and the members
 * of private classes (as pydocstyle's notion of public); `dunder: false` skips `__init__`,
 * `__call__` and the other dunders (the class docstring documents construction, and the Google
 * and NumPy snippets of a class list `__init__`'s arguments); `nested: false` skips definitions
 * inside functions; `minLines: 0` skips functions with fewer code lines; `style: 'summary'`,
 * `'google'` or `'numpy'` shapes the inserted docstring.
 * Never flagged: `@overload` signatures, `@x.setter` / `@x.deleter` (the getter documents the
 * property), lambdas. `@override` methods are still flagged.
 * Fix (snippet, not safe): insert a docstring as the first line of the body with its
 * indentation; none when the body is on the header's line (`def f(): return 1`).
 */
export default defineRule({
  meta: {
    id: 'missing-docstring',
    category: 'docstrings',
    guideline: 'Use docstrings.',
    defaultSeverity: 'warning',
    description: 'Flags functions, methods and classes without a docstring.',
    phrases: { require: [/\bdoc\s*-?\s*strings?\b/i, /\bdoc(?:umentation)?\s+comments?\b/i, /\bdocument\s+(?:every|all|each|public)?\s*(?:functions?|methods?|classes)/i] },
    numberOptions: [{ option: 'minLines', pattern: /(?=.*\bdoc\s*-?strings?\b).*?\b(?:longer\s+than|more\s+than|over|at\s+least)\s+(\d+)\s+lines?\b/i }],
    fixable: true,
    example: {
      flagged: 'def scale(x, factor):\n    return x * factor\n',
      fixed: 'def scale(x, factor):\n    """Multiply x by factor."""\n    return x * factor\n',
    },
  },
  options,
  query: `${FUNCTION_DEFINITIONS}\n${CLASS_DEFINITIONS}`,
  check(ctx) {
    const o = ctx.options;
    const eol = eolOf(ctx.text);
    if (o.modules) {
      const root = ctx.tree.rootNode;
      const first = statementsOf(root)[0];
      if (first && !docstringOf(root)) {
        ctx.report({
          range: firstLineOf(first, ctx.text),
          message: 'module has no docstring: add one that says what the module is for',
          fix: moduleFix(first, ctx.text, eol),
        });
      }
    }
    for (const m of ctx.matches) {
      const def = capture(m, 'def')!;
      const nameNode = capture(m, 'name')!;
      const name = nameNode.text;
      const info = ctx.facts.definition(def);
      if (info.docstring || exempt(def, info, name, o, ctx.text)) continue;
      const kind = def.type === 'class_definition' ? 'class' : info.isMethod ? 'method' : 'function';
      const fix = insertFix(def, ctx.text, eol, o.style);
      ctx.report({
        node: nameNode,
        message: `${kind} '${name}' has no docstring: add one that says what it ${kind === 'class' ? 'is for' : 'does'}`,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
