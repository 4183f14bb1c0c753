import { z } from 'zod';
import type { Node } from '../parse/python';
import { capture, defineRule, FUNCTION_DEFINITIONS } from '../rule';
import { isConstant, plainStringValue, statementsOf } from '../syntax';

/** A cheap pre-filter for the query (no `@`, no `"`): text that may say placeholder. */
const MAYBE = '[Yy]our[_ -]|[Dd]ummy|DUMMY|[Pp]laceholder|PLACEHOLDER|[Ff]ake|FAKE|TODO|FIXME|XXX|TBD|[Tt]odo|[Ff]ixme|[Cc]hange_?[Mm]e|CHANGE_?ME';

/** Strings that are a to-do marker, whatever follows: `"TODO"`, `"FIXME: real path"`, `"<CHANGEME>"`. */
const MARKER_STRING = /^[\s<[({'"`*#-]*(?:TODO|FIXME|XXX|TBD|CHANGEME|CHANGE[_ -]ME|todo|fixme|tbd|changeme|change[_ -]me)(?![A-Za-z0-9])/;

/**
 * Short strings that say they are not real: `"dummy"`, `"<placeholder>"`, `"fake-api-key"`,
 * `"your_api_key_here"`; a second word must name a value (`"fake_result"` is a name, not a value).
 */
const FAKE_STRING = /^[\s<[({*-]*(?:(?:dummy|placeholder|fake)(?:[\s_-]+(?:api[\s_-]*)?(?:value|val|key|token|secret|password|pwd|url|uri|path|dir|file|id|email|user|username|data|host|endpoint))?|your[\s_-]+[A-Za-z0-9_ -]*[\s_-]here)[\s>\])}.*!-]*$/i;

/** Targets whose string value is a name or a kind (`op = "placeholder"`, `name="dummy"`), not data. */
const NAME_LIKE_TARGET = /^(?:name|op|op_?type|type|kind|mode|tag|label|target|category)$|_(?:name|op|type|kind|mode|tag)$/i;

/** Names that say they are not real values (words of snake_case or camelCase names). */
const FAKE_WORDS = new Set(['dummy', 'placeholder']);
const MARKER_NAMES = new Set(['TODO', 'FIXME', 'XXX', 'TBD']);

/** Decorators whose functions have no body on purpose (last dotted part). */
const STUB_DECORATORS = new Set(['abstractmethod', 'abstractproperty', 'abstractclassmethod', 'abstractstaticmethod', 'overload', '_overload', '_overload_method', 'type_check_only']);

/** Methods that are legitimately empty: an empty `__init__` or a context manager that does nothing. */
const EMPTY_BY_DESIGN = new Set(['__init__', '__enter__', '__exit__', '__aenter__', '__aexit__', '__del__', '__post_init__']);

/** Files with test code: `tests/` or `test/` folders, `test_*.py`, `*_test.py`, `conftest.py`. */
const TEST_PATH = /(?:^|\/)tests?\/|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$/;

const short = (s: string, max = 40) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
};

const wordsOf = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/).filter(Boolean);

/** The last name of an identifier or dotted attribute. */
function nameOf(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  return undefined;
}

/** Whether a name says it is a stand-in (dummy_x, placeholderValue, TODO). */
const fakeName = (name: string) => MARKER_NAMES.has(name) || wordsOf(name).some((w) => FAKE_WORDS.has(w));

/** What a stub body holds, for the message; undefined when the body does real work. */
function stubBody(body: Node): string | undefined {
  // A cheap bound first: a stub has a docstring, `pass` and `...` at most, plus a few comments.
  if (body.namedChildCount > 6) return undefined;
  const statements = statementsOf(body);
  if (statements.length === 0) return undefined;
  let doc = false;
  let pass = false;
  let ellipsis = false;
  for (const [i, s] of statements.entries()) {
    if (s.type === 'pass_statement') pass = true;
    else if (s.type === 'expression_statement' && s.namedChildCount === 1 && s.namedChild(0)?.type === 'ellipsis') ellipsis = true;
    else if (i === 0 && s.type === 'expression_statement' && s.namedChildCount === 1 && /^(?:concatenated_)?string$/.test(s.namedChild(0)!.type)) doc = true;
    else return undefined;
  }
  const filler = [pass ? "'pass'" : '', ellipsis ? "'...'" : ''].filter(Boolean).join(' and ');
  if (doc && filler) return `a docstring and ${filler}`;
  return doc ? 'a docstring' : filler;
}

/** The last dotted names of a definition's decorators (`@abc.abstractmethod  # note` → abstractmethod). */
function decoratorNames(def: Node): string[] {
  const parent = def.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren.flatMap((d) => {
    if (d?.type !== 'decorator') return [];
    let expr = d.namedChildren.find((c) => c?.type !== 'comment') ?? null;
    if (expr?.type === 'call') expr = expr.childForFieldName('function');
    return expr ? [expr.text.split('.').pop()!.trim()] : [];
  });
}

/** Whether a class lists `Protocol` (or `typing.Protocol`, `Protocol[T]`) among its bases. */
function isProtocol(cls: Node): boolean {
  const bases = cls.childForFieldName('superclasses');
  return !!bases && bases.namedChildren.some((b) => !!b && /^(?:[\w.]*\.)?Protocol(?:\s*\[|$)/.test(b.text));
}

/** The name an assignment binds (`x`, `self.x`, `d["x"]` → x), if simple. */
function targetName(assignment: Node): string | undefined {
  const left = assignment.childForFieldName('left');
  if (!left) return undefined;
  if (left.type === 'subscript') return plainStringValue(left.childForFieldName('subscript')) ?? nameOf(left.childForFieldName('value')!);
  return nameOf(left);
}

/** The parameter, keyword or dict key a value is given to (`name="x"`, `{"op": "x"}`, `def f(mode="x")`). */
function targetOf(value: Node): string | undefined {
  const p = value.parent;
  if (!p) return undefined;
  if (p.type === 'keyword_argument' || p.type === 'default_parameter' || p.type === 'typed_default_parameter') return p.childForFieldName('name')?.text;
  if (p.type === 'pair') {
    const key = p.childForFieldName('key');
    return plainStringValue(key) ?? (key ? nameOf(key) : undefined);
  }
  return undefined;
}

/**
 * What it does: flags stub function bodies (only `pass`, `...` or a docstring) outside abstract
 * methods, overloads, protocols and `.pyi` files, and values that say they are stand-ins: strings
 * like `"TODO"` or `"placeholder"`, and names like `dummy_output` returned or assigned.
 * Why: a placeholder runs without error and yields a wrong result; missing work should fail loudly.
 * Fix: none; implement it, or `raise NotImplementedError` until it is.
 */
/** A trailing comment that says the value before it is not the real one. */
const MARKER_COMMENT = /^#\s*(?:TODO|FIXME|XXX|TBD)\b|\b(?:placeholder|dummy|fake value|stand-in|stub value)\b/i;

/** The constant a trailing marker comment points at: `vocab_size = 0  # TODO`, `return None  # placeholder`. */
function markedConstant(comment: Node): Node | undefined {
  const before = comment.previousNamedSibling;
  if (!before || before.endPosition.row !== comment.startPosition.row || !MARKER_COMMENT.test(comment.text)) return undefined;
  const expr = before.type === 'expression_statement' ? before.namedChild(0) : before;
  const value =
    expr?.type === 'assignment' ? expr.childForFieldName('right') : expr?.type === 'return_statement' ? expr.namedChild(0) : undefined;
  return value && isConstant(value) ? value : undefined;
}

function reportMarkedConstants(comments: readonly Node[], report: (r: { node: Node; message: string }) => void): void {
  for (const comment of comments) {
    const value = markedConstant(comment);
    if (value) report({ node: value, message: `'${short(value.text)}' is marked as a placeholder by '${short(comment.text)}': compute the real value, or fail until it exists` });
  }
}

export default defineRule({
  meta: {
    id: 'placeholder-value',
    category: 'fail-fast',
    guideline: 'Never use value placeholders: no stubs, dummies or TODO values.',
    defaultSeverity: 'warning',
    description: 'Flags stub bodies outside abstract methods, overloads and protocols, and names or strings that say dummy, placeholder, fake, TODO or FIXME used as values.',
    phrases: { avoid: [/\bplace\s*-?\s*holders?\b/i, /\bdummy\b/i, /\bstubs?\b/i, /\bfake\s+(?:values?|data)\b/i, /\bmock(?:ed)?\s+(?:values?|data)\b/i] },
    fixable: false,
    example: {
      flagged: 'def normalize(x):\n    pass\n\napi_key = "TODO"\n',
      fixed: 'def normalize(x):\n    return (x - x.mean()) / x.std()\n\napi_key = os.environ["API_KEY"]\n',
    },
  },
  options: z.object({
    /** Test files (`tests/`, `test_*.py`, `*_test.py`) may use fakes and stub helpers. */
    allowInTests: z.boolean().default(true),
  }).strict(),
  query: `
${FUNCTION_DEFINITIONS}
(return_statement [(string) (concatenated_string) (identifier) (attribute) (expression_list)] @value (#match? @value "${MAYBE}"))
(yield [(string) (concatenated_string) (identifier) (attribute)] @value (#match? @value "${MAYBE}"))
(assignment right: [(string) (concatenated_string) (identifier) (attribute)] @assigned (#match? @assigned "${MAYBE}"))
(default_parameter value: [(string) (concatenated_string) (identifier) (attribute)] @value (#match? @value "${MAYBE}"))
(typed_default_parameter value: [(string) (concatenated_string) (identifier) (attribute)] @value (#match? @value "${MAYBE}"))
(pair value: [(string) (concatenated_string) (identifier) (attribute)] @value (#match? @value "${MAYBE}"))
(keyword_argument value: [(string) (concatenated_string) (identifier) (attribute)] @argument (#match? @argument "${MAYBE}"))
`,
  check(ctx) {
    if (ctx.path.endsWith('.pyi')) return;
    const inTests = ctx.options.allowInTests && TEST_PATH.test(ctx.path);

    /** Why a value is a placeholder, or undefined. `markersOnly`: only TODO-style markers count. */
    const verdict = (value: Node, markersOnly: boolean, nameLike: boolean): string | undefined => {
      if (value.type === 'string' || value.type === 'concatenated_string') {
        const parts = value.type === 'string' ? [value] : value.namedChildren.filter((c): c is Node => c?.type === 'string');
        const text = parts.map((p) => plainStringValue(p) ?? '').join('');
        if (MARKER_STRING.test(text)) return `the string '${short(text)}' is a to-do marker, not a value`;
        if (!markersOnly && !nameLike && FAKE_STRING.test(text)) return `the string '${short(text)}' is a placeholder, not a value`;
        return undefined;
      }
      const name = nameOf(value);
      if (!name) return undefined;
      if (MARKER_NAMES.has(name)) return `'${name}' is a to-do marker, not a value`;
      if (!markersOnly && fakeName(name)) return `'${short(value.text)}' is a stand-in, not the real value`;
      return undefined;
    };

    for (const m of ctx.matches) {
      const fn = capture(m, 'def');
      if (fn) {
        const name = capture(m, 'name')!;
        const kind = stubBody(capture(m, 'body')!);
        if (!kind) continue;
        if (inTests && !/^test/.test(name.text)) continue;
        if (decoratorNames(fn).some((d) => STUB_DECORATORS.has(d))) continue;
        if (/^_*no_?op_*$/i.test(name.text)) continue;
        const cls = ctx.facts.definition(fn).methodOf;
        if (cls && EMPTY_BY_DESIGN.has(name.text)) continue;
        if (cls && isProtocol(cls)) continue;
        ctx.report({
          node: name,
          message: `'${name.text}' is a stub (its body is only ${kind}): implement it, or raise NotImplementedError until it is`,
        });
        continue;
      }
      if (inTests) continue;
      const argument = capture(m, 'argument');
      const assigned = capture(m, 'assigned');
      const value = argument ?? assigned ?? capture(m, 'value')!;
      // The assignment is not captured: a capture costs every assignment of the file, the predicate drops most.
      const assignment = assigned?.parent ?? undefined;
      const target = assignment ? targetName(assignment) : targetOf(value);
      // `self.dummy_x = dummy_x` passes a stand-in along; it is flagged where it is used.
      if (assignment && target && value.type !== 'string' && fakeName(target)) continue;
      const nameLike = !!target && NAME_LIKE_TARGET.test(target);
      // A function that says it builds a dummy (make_dummy_batch) may return one.
      const owner = ctx.facts.enclosingDefinitions(value).find((d) => d.type === 'function_definition')?.childForFieldName('name')?.text;
      const builder = !!owner && fakeName(owner);
      const values = value.type === 'expression_list' ? value.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [value];
      for (const v of values) {
        const why = verdict(v, !!argument || builder, nameLike);
        if (why) ctx.report({ node: v, message: `${why}: compute the real one, or fail until it exists` });
      }
    }
    if (!inTests) reportMarkedConstants(ctx.facts.comments, ctx.report);
  },
});
