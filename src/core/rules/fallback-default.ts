import { z } from 'zod';
import type { Fix } from '../finding';
import type { Node } from '../parse/python';
import { callArguments, calledObject, capture, defineRule, methodCalls, nameCalls } from '../rule';
import { isConstant, plainStringValue } from '../syntax';

/**
 * Receivers whose `.get` is not a mapping lookup: HTTP clients and sessions, queues, config
 * parsers, key-value stores. Tested against every name in the receiver (`self.session` → session).
 */
const NOT_A_MAPPING = /^_*(?:requests|session|sess|client|http|https|httpx|aiohttp|urllib3?|api|conn|connection|browser|driver|app|router|blueprint|queue|q|redis|ray|parser|config_?parser|cp|ws|websocket|socket|sock|s3|boto3?|etcd|store|kv_?store|channel|[a-z0-9_]*_(?:session|client|queue|parser|store))$/i;

const ENVIRON = /^(?:os\.)?environ$/;

const KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));

/** Expressions that can take `.name` or `[k]` without parentheses. */
const PRIMARY = new Set(['identifier', 'attribute', 'call', 'subscript', 'parenthesized_expression', 'list', 'dictionary', 'tuple', 'set', 'string', 'concatenated_string', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension']);

const short = (s: string, max = 50) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
};

interface Args {
  positional: Node[];
  keywords: Map<string, Node>;
  /** `*a` or `**kw`: the arguments cannot be read. */
  splat: boolean;
  list: Node;
}

function argsOf(list: Node): Args {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  let splat = false;
  for (const c of list.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'keyword_argument') {
      const name = c.childForFieldName('name')?.text;
      const value = c.childForFieldName('value');
      if (name && value) keywords.set(name, value);
    } else if (c.type === 'list_splat' || c.type === 'dictionary_splat') splat = true;
    else positional.push(c);
  }
  return { positional, keywords, splat, list };
}

/** `name` as attribute text after `obj`, when `name` is a valid identifier. */
function attributeText(obj: Node, name: string | undefined): string | undefined {
  if (name === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || KEYWORDS.has(name)) return undefined;
  const o = PRIMARY.has(obj.type) ? obj.text : `(${obj.text})`;
  return `${o}.${name}`;
}

/** The text of a key inside `[...]`. */
const keyText = (key: Node) => (key.type === 'named_expression' || key.type === 'yield' ? `(${key.text})` : key.text);

/** `counts[k] = counts.get(k, 0) + 1`: accumulating into the same key is not a fallback. */
function accumulatesIntoSameKey(call: Node, recv: Node, key: Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'assignment' || p.type === 'augmented_assignment') {
      const left = p.childForFieldName('left');
      return left?.type === 'subscript' && left.childForFieldName('value')?.text === recv.text && left.childForFieldName('subscript')?.text === key.text;
    }
    if (p.type === 'expression_statement' || p.type === 'block' || p.type === 'module') return false;
  }
  return false;
}

const fix = (title: string, start: number, end: number, text: string): Fix => ({ title, edits: [{ start, end, text }], safe: true });

/**
 * What it does: flags lookups that fall back to a default instead of failing: `.get(k, literal)`,
 * `.get(k, default=…)`, `getattr(o, n, d)`, `os.environ.get(k, d)`, `os.getenv(k, d)`, `next(it, d)`
 * and `o.n if hasattr(o, "n") else d`.
 * Why: a silent default turns a missing key, attribute or variable into a wrong result later.
 * Fix: access it directly (`d[k]`, `o.n`, `os.environ["K"]`, `next(it)`) so a missing one raises.
 */
export default defineRule({
  meta: {
    id: 'fallback-default',
    category: 'fail-fast',
    guideline: 'No fallback defaults: access what must exist directly.',
    defaultSeverity: 'warning',
    description: 'Flags .get(k, default), getattr with a default, os.environ.get/os.getenv with a default, next(it, default) and hasattr-else fallbacks.',
    phrases: { avoid: [/\bfall\s*-?\s*backs?\b/i, /\bdefault\s+values?\b(?!\s+(?:for|of|in|on)\s+(?:\w+\s+)?(?:arguments?|parameters?|params|args|kwargs|fields?|options?|settings?)\b)/i, /\bif\s+(?:this|it|that)\s+fails\b/i, /\.get\(/i, /\bgetattr\b/i, /\bsilent\s+defaults?\b/i] },
    fixable: true,
    example: {
      flagged: 'lr = config.get("lr", 1e-3)\nrank = int(os.environ.get("RANK", "0"))\n',
      fixed: 'lr = config["lr"]\nrank = int(os.environ["RANK"])\n',
    },
  },
  options: z.object({}).strict(),
  // The call patterns are shared with other rules (`methodCalls`, `nameCalls`): each call is tested once.
  query: [
    methodCalls(['get', 'getenv']),
    nameCalls(['getattr', 'next', 'getenv']),
    '(conditional_expression (_) (call function: (identifier) @hfn) (_) (#eq? @hfn "hasattr")) @ternary',
    '(conditional_expression (_) (not_operator argument: (call function: (identifier) @hfn)) (_) (#eq? @hfn "hasattr")) @notternary',
  ].join('\n'),
  check(ctx) {
    const seen = new Set<number>();
    for (const m of ctx.matches) {
      const call = capture(m, 'call');
      const args = call && callArguments(call);
      if (call && args?.type !== 'argument_list') continue;
      const method = capture(m, 'method');
      const methodName = method?.text;
      const fnName = capture(m, 'callee');
      const recv = method && call ? calledObject(call) : undefined;
      const get = methodName === 'get' ? call : undefined;
      const builtin = fnName && call;
      const osgetenv = methodName === 'getenv' && recv?.type === 'identifier' && recv.text === 'os' ? call : undefined;
      const ternary = capture(m, 'ternary') ?? capture(m, 'notternary');

      if (get && method && recv) {
        const a = argsOf(args!);
        if (a.splat) continue;
        const env = ENVIRON.test(recv.text.replace(/\s+/g, ''));
        const otherKeywords = [...a.keywords.keys()].some((k) => k !== 'default');
        let fallback: Node | undefined;
        if (a.positional.length === 2 && a.keywords.size === 0) fallback = a.positional[1];
        else if (a.positional.length === 1 && a.keywords.has('default') && !otherKeywords) fallback = a.keywords.get('default');
        if (!fallback) continue;
        const key = a.positional[0];
        if (!env) {
          if (a.positional.length === 2 && !isConstant(fallback)) continue;
          if ((recv.text.match(/[A-Za-z_]\w*/g) ?? []).some((name) => NOT_A_MAPPING.test(name))) continue;
          if (key.type === 'true' || key.type === 'false') continue;
          if (accumulatesIntoSameKey(get, recv, key)) continue;
        }
        const direct = `${recv.text}[${keyText(key)}]`;
        const noFix = /^(?:self|cls|super\(\s*\))$/.test(recv.text);
        ctx.report({
          range: { start: { line: method.startPosition.row, character: method.startPosition.column }, end: { line: get.endPosition.row, character: get.endPosition.column } },
          message: env
            ? `'${short(get.text)}' hides a missing environment variable behind a default: use ${short(direct)}`
            : `'${short(get.text)}' hides a missing key behind a default: use ${short(direct)}`,
          fix: noFix ? undefined : fix(`Use ${short(direct)}`, recv.endIndex, get.endIndex, `[${keyText(key)}]`),
        });
        continue;
      }

      if (builtin || osgetenv) {
        const call = (builtin ?? osgetenv)!;
        const name = builtin ? fnName!.text : 'os.getenv';
        const a = argsOf(args!);
        if (a.splat) continue;
        if (name === 'getattr') {
          if (a.positional.length !== 3 || a.keywords.size > 0) continue;
          const [obj, attr] = a.positional;
          const direct = attributeText(obj, plainStringValue(attr));
          const closing = a.list.lastChild!;
          ctx.report({
            node: call,
            message: `'${short(call.text)}' hides a missing attribute behind a default: use ${short(direct ?? `getattr(${obj.text}, ${attr.text})`)}`,
            fix: direct
              ? fix(`Use ${short(direct)}`, call.startIndex, call.endIndex, direct)
              : fix('Drop the default of getattr', attr.endIndex, closing.startIndex, ''),
          });
        } else if (name === 'next') {
          if (a.positional.length !== 2 || a.keywords.size > 0) continue;
          const closing = a.list.lastChild!;
          ctx.report({
            node: call,
            message: `'${short(call.text)}' hides an exhausted iterator behind a default: use next(${short(a.positional[0].text, 30)})`,
            fix: fix('Drop the default of next', a.positional[0].endIndex, closing.startIndex, ''),
          });
        } else {
          // os.getenv, or getenv imported from os.
          const onlyDefaultKeyword = a.keywords.size === 1 && a.keywords.has('default');
          if (!(a.positional.length === 2 && a.keywords.size === 0) && !(a.positional.length === 1 && onlyDefaultKeyword)) continue;
          const direct = `os.environ[${keyText(a.positional[0])}]`;
          ctx.report({
            node: call,
            message: `'${short(call.text)}' hides a missing environment variable behind a default: use ${short(direct)}`,
            fix: osgetenv ? fix(`Use ${short(direct)}`, call.startIndex, call.endIndex, direct) : undefined,
          });
        }
        continue;
      }

      if (ternary && !seen.has(ternary.id)) {
        seen.add(ternary.id);
        const [first, test, second] = ternary.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
        if (!first || !test || !second) continue;
        const negated = test.type === 'not_operator';
        const check = negated ? test.childForFieldName('argument') : test;
        if (check?.type !== 'call' || check.childForFieldName('function')?.text !== 'hasattr') continue;
        const a = argsOf(check.childForFieldName('arguments')!);
        if (a.splat || a.positional.length !== 2) continue;
        const [obj, attr] = a.positional;
        const name = plainStringValue(attr);
        if (name === undefined) continue;
        const access = negated ? second : first;
        const isAccess =
          (access.type === 'attribute' && access.childForFieldName('object')?.text === obj.text && access.childForFieldName('attribute')?.text === name) ||
          (access.type === 'call' && access.childForFieldName('function')?.text === 'getattr' && (() => {
            const g = argsOf(access.childForFieldName('arguments')!);
            return g.positional.length === 2 && g.positional[0].text === obj.text && plainStringValue(g.positional[1]) === name;
          })());
        if (!isAccess) continue;
        const direct = attributeText(obj, name) ?? access.text;
        ctx.report({
          node: ternary,
          message: `'${short(ternary.text)}' falls back when the attribute is missing: use ${short(direct)}`,
          fix: fix(`Use ${short(direct)}`, ternary.startIndex, ternary.endIndex, direct),
        });
      }
    }
  },
});
