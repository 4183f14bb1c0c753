import { z } from 'zod';
import type { Node } from '../parse/python';
import { capture, defineRule } from '../rule';
import { removeExceptClause } from '../rewrite/removeExceptClause';
import { unwrapTry } from '../rewrite/unwrapTry';
import { unwrapWithItem } from '../rewrite/unwrapWith';
import { isConstant, statementsOf } from '../syntax';

/** Calls that only report: a handler made of them carries on as if nothing failed. */
const LOG_CALL = /^(?:print|pprint|warn|(?:[\w.]*\.)?(?:_*log|_*logger|_*logging|\w*_logger)\.\w+|warnings\.warn|traceback\.print_exc|traceback\.print_exception|(?:sys\.)?std(?:err|out)\.write|tqdm\.write|rank_zero_(?:warn|info|debug)|print_rank_0)$/i;

/** Calls that end the program or the test: a handler that makes one does not swallow. */
const TERMINATE_CALL = /^(?:sys\.exit|exit|quit|os\._exit|os\.abort|pytest\.(?:fail|skip|exit|xfail)|self\.fail|self\.skipTest|unittest\.skip)$/;

/**
 * Exceptions that signal control flow, not failure: the iteration protocol, and a non-blocking
 * queue that is empty or full (`except queue.Empty: continue` is how a worker polls).
 */
const CONTROL_FLOW = new Set(['StopIteration', 'StopAsyncIteration', 'GeneratorExit', 'Empty', 'Full']);

/** Calls that hand a caught error on to someone who will raise it: another thread, a future, a wrapper. */
const FORWARD_CALL = /(?:^|\.)(?:exc_info|throw|set_exception|ExceptionWrapper|_*wrap_?exception)$/i;

/** Methods that pass the error object along when given it (`errors.put(e)`, `failures.append(e)`). */
const FORWARD_METHOD = /\.(?:put|put_nowait|append|add|send|set_exception|throw)$/;

const BROAD = new Set(['Exception', 'BaseException']);

type Kind = 'pass' | 'ellipsis' | 'continue' | 'return' | 'log' | 'bare' | 'broad';

interface Verdict {
  kind: Kind;
  /** The `return …` text for the return kind. */
  detail?: string;
}

const short = (s: string, max = 40) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
};

/** The block of an except clause. */
function bodyOf(clause: Node): Node | undefined {
  return clause.namedChildren.find((c) => c?.type === 'block') ?? undefined;
}

/** The exception type expression of a clause (without `as name`), undefined for a bare `except:`. */
function typeOf(clause: Node): Node | undefined {
  const value = clause.childForFieldName('value') ?? clause.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment') ?? undefined;
  if (!value) return undefined;
  return value.type === 'as_pattern' ? (value.namedChild(0) ?? undefined) : value;
}

/** The last dotted part of each exception named by a type expression (tuples flattened). */
function exceptionNames(type: Node): string[] {
  if (type.type === 'tuple' || type.type === 'parenthesized_expression') {
    return type.namedChildren.flatMap((c) => (c && c.type !== 'comment' ? exceptionNames(c) : []));
  }
  return [type.text.split('.').pop()!.trim()];
}

/** Whether a handler raises or ends the program somewhere (outside nested functions). */
function raisesOrExits(block: Node): boolean {
  for (const n of block.descendantsOfType(['raise_statement', 'call'])) {
    if (!n) continue;
    let nested = false;
    for (let p = n.parent; p && p.id !== block.id; p = p.parent) {
      if (p.type === 'function_definition' || p.type === 'lambda' || p.type === 'class_definition') {
        nested = true;
        break;
      }
    }
    if (nested) continue;
    if (n.type === 'raise_statement') return true;
    const fn = n.childForFieldName('function')?.text.replace(/\s+/g, '');
    if (fn && TERMINATE_CALL.test(fn)) return true;
  }
  return false;
}

/** The name bound by `except E as name`, if any. */
function boundName(clause: Node): string | undefined {
  const value = clause.childForFieldName('value') ?? clause.namedChildren.find((c) => c?.type === 'as_pattern') ?? undefined;
  if (value?.type !== 'as_pattern') return undefined;
  const alias = value.childForFieldName('alias');
  return alias?.text.trim() || undefined;
}

/**
 * Whether a handler hands the error on instead of dropping it: `sys.exc_info()`, `gen.throw(...)`,
 * `future.set_exception(e)`, `ExceptionWrapper(...)`, `queue.put(e)`, `self.error = e`.
 */
function forwardsError(block: Node, name: string | undefined): boolean {
  for (const n of block.descendantsOfType(['call', 'assignment'])) {
    if (!n) continue;
    if (n.type === 'assignment') {
      if (name && n.childForFieldName('right')?.text === name) return true;
      continue;
    }
    const fn = n.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
    if (FORWARD_CALL.test(fn)) return true;
    const args = n.childForFieldName('arguments');
    if (name && FORWARD_METHOD.test(fn) && args?.namedChildren.some((a) => a?.text === name)) return true;
  }
  return false;
}

/** The kind of statement a swallowing body is made of, or undefined when it does real work. */
function statementKind(s: Node): Kind | undefined {
  switch (s.type) {
    case 'pass_statement':
      return 'pass';
    case 'continue_statement':
      return 'continue';
    case 'return_statement': {
      const value = s.namedChildren.find((c) => c?.type !== 'comment') ?? null;
      return !value || isConstant(value) ? 'return' : undefined;
    }
    case 'expression_statement': {
      const expr = s.namedChild(0);
      if (s.namedChildCount !== 1 || !expr) return undefined;
      if (expr.type === 'ellipsis') return 'ellipsis';
      const call = expr.type === 'await' ? expr.namedChild(0) : expr;
      if (call?.type !== 'call') return undefined;
      const fn = call.childForFieldName('function')?.text.replace(/\s+/g, '');
      return fn && LOG_CALL.test(fn) ? 'log' : undefined;
    }
    default:
      return undefined;
  }
}

/** Why a handler swallows its error, or undefined when it does not. */
function judge(clause: Node): Verdict | undefined {
  const block = bodyOf(clause);
  if (!block) return undefined;
  const type = typeOf(clause);
  const names = type ? exceptionNames(type) : [];
  if (names.length > 0 && names.every((n) => CONTROL_FLOW.has(n))) return undefined;
  const statements = statementsOf(block);
  const last = statements[statements.length - 1];
  if (!last || last.type === 'raise_statement') return undefined;
  const kinds = statements.map(statementKind);
  if (kinds.every((k) => k !== undefined)) {
    if (kinds.includes('log')) return { kind: 'log' };
    const kind = kinds[kinds.length - 1]!;
    return kind === 'return' ? { kind, detail: short(last.text) } : { kind };
  }
  if (raisesOrExits(block) || forwardsError(block, boundName(clause))) return undefined;
  if (!type) return { kind: 'bare' };
  if (names.some((n) => BROAD.has(n))) return { kind: 'broad' };
  return undefined;
}

function messageOf(clause: Node, v: Verdict): string {
  const type = typeOf(clause);
  const what = type ? `'except ${short(type.text)}'` : "bare 'except:'";
  const surface = 'let the error surface (or re-raise it)';
  switch (v.kind) {
    case 'pass':
      return `${what} swallows the error with only 'pass': ${surface}`;
    case 'ellipsis':
      return `${what} swallows the error with only '...': ${surface}`;
    case 'continue':
      return `${what} skips the failure with only 'continue': ${surface}`;
    case 'return':
      return `${what} hides the error behind '${v.detail}': ${surface}`;
    case 'log':
      return `${what} only logs the error and carries on: ${surface} after logging`;
    case 'bare':
      return `bare 'except:' catches every error, even KeyboardInterrupt, and does not re-raise: ${surface}`;
    case 'broad':
      return `${what} catches every error and does not re-raise: ${surface}`;
  }
}

/**
 * What it does: flags exception handlers that hide the error (only `pass`, `...`, `continue`,
 * `return <constant>` or logging; a bare `except:` or `except Exception` that never re-raises) and
 * `with contextlib.suppress(...)`.
 * Why: a swallowed error turns a crash at the cause into wrong results far away.
 * Fix: remove the handler (unwrap the try when every handler swallows; drop the suppress item);
 * not safe when a broad handler does work that the fix would delete.
 */
export default defineRule({
  meta: {
    id: 'swallowed-exception',
    category: 'fail-fast',
    guideline: 'Never swallow errors: a handler must re-raise.',
    defaultSeverity: 'error',
    description: 'Flags handlers that hide the error: pass, continue, return a constant, only logging, bare except, except Exception without re-raise, contextlib.suppress.',
    phrases: { avoid: [/\bswallow/i, /\bsilen(?:t|ce|tly)\b.*\b(?:errors?|exceptions?|fail)/i, /\b(?:errors?|exceptions?|failures?)\b.*\b(?:silen|hid|ignor|mask)/i, /\bbare\s+except/i, /\bexcept\s*:\s*pass/i, /\b(?:hid(?:e|den)|mask(?:ed)?)\s+(?:the\s+)?(?:errors?|exceptions?|failures?)/i, /\b(?:broad|generic|blanket|catch-all)\s+(?:except(?:ions?)?|catch(?:es)?|handlers?)\b/i, /\bexcept\s+(?:Base)?Exception\b/i, /\b(?:catch|except)\w*\s+(?:\w+\s+){0,2}(?:(?:just|only|merely)\s+)?to\s+(?:log|print|ignore|hide|silence)\b/i], require: [/\bspecific\s+exceptions?\b/i, /\bnarrow(?:est)?\s+exceptions?\b/i, /\bre-?rais/i] },
    fixable: true,
    example: {
      flagged: 'for path in paths:\n    try:\n        images.append(load(path))\n    except OSError:\n        continue\n',
      fixed: 'for path in paths:\n    images.append(load(path))\n',
    },
  },
  options: z.object({}).strict(),
  query: `
(try_statement (except_clause) @clause) @try
(with_statement
  (with_clause (with_item value: (call function: [(identifier) (attribute)] @fn) @call) @item)
  (#any-of? @fn "suppress" "contextlib.suppress")) @with
`,
  check(ctx) {
    const verdicts = new Map<number, Map<number, Verdict | undefined>>();
    const verdictsOf = (tryNode: Node) => {
      let v = verdicts.get(tryNode.id);
      if (!v) {
        v = new Map();
        for (const c of tryNode.namedChildren) if (c?.type === 'except_clause') v.set(c.id, judge(c));
        verdicts.set(tryNode.id, v);
      }
      return v;
    };
    for (const m of ctx.matches) {
      const withNode = capture(m, 'with');
      if (withNode) {
        const item = capture(m, 'item')!;
        const call = capture(m, 'call')!;
        ctx.report({
          node: call,
          message: `'${short(call.text, 60)}' silently swallows the error: let the error surface`,
          fix: unwrapWithItem(withNode, item, ctx.text),
        });
        continue;
      }
      const clause = capture(m, 'clause')!;
      const tryNode = capture(m, 'try')!;
      const all = verdictsOf(tryNode);
      const verdict = all.get(clause.id);
      if (!verdict) continue;
      const colon = clause.children.find((c) => c?.type === ':');
      const end = colon ? colon.endPosition : clause.startPosition;
      const everyHandlerSwallows = [...all.values()].every((v) => v !== undefined);
      const fix = everyHandlerSwallows ? unwrapTry(tryNode, ctx.text) : removeExceptClause(clause, ctx.text);
      // A broad handler that does work (`x = fallback()`) loses that work: the author must decide.
      const dropsWork = (everyHandlerSwallows ? [...all.values()] : [verdict]).some((v) => v!.kind === 'bare' || v!.kind === 'broad');
      ctx.report({
        range: { start: { line: clause.startPosition.row, character: clause.startPosition.column }, end: { line: end.row, character: end.column } },
        message: messageOf(clause, verdict),
        fix: fix && dropsWork ? { ...fix, safe: false } : fix,
      });
    }
  },
});
