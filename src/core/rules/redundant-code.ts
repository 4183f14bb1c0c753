import { z } from 'zod';
import type { Fix } from '../finding';
import type { Node } from '../parse/python';
import { callArguments, capture, defineRule, FUNCTION_DEFINITIONS, nameCalls, type Match, type RuleContext } from '../rule';
import { statementsOf } from '../syntax';
import { eolOf, LineIndex } from '../text';

/** Builtins that always return a bool: `return isinstance(x, T)` needs no `bool(…)`. */
const BOOL_CALLS = new Set(['isinstance', 'issubclass', 'hasattr', 'callable']);
/** Comparison operators that always give a bool (`==`, `<`… give arrays and tensors elementwise). */
const BOOL_OPERATORS = new Set(['in', 'not in', 'is', 'is not']);
/** Expressions that need parentheses after `not` or at the end of `return`. */
const LOOSE = new Set(['boolean_operator', 'conditional_expression', 'lambda', 'named_expression']);

/** The expression inside redundant parentheses `(x)`. */
function unparen(node: Node): Node {
  while (node.type === 'parenthesized_expression' && node.namedChildCount === 1) {
    const inner = node.namedChild(0)!;
    if (inner.type === 'yield' || inner.type === 'comment') break;
    node = inner;
  }
  return node;
}

/** Whether an expression always evaluates to a bool. */
function isBool(node: Node): boolean {
  node = unparen(node);
  switch (node.type) {
    case 'true':
    case 'false':
    case 'not_operator':
      return true;
    case 'comparison_operator':
      return node.childrenForFieldName('operators').every((op) => !!op && BOOL_OPERATORS.has(op.type));
    case 'call': {
      const fn = node.childForFieldName('function');
      return fn?.type === 'identifier' && BOOL_CALLS.has(fn.text);
    }
    case 'boolean_operator':
      return isBool(node.childForFieldName('left')!) && isBool(node.childForFieldName('right')!);
    default:
      return false;
  }
}

/** `c` as an expression that stands alone after `return` (parenthesized when it spans lines). */
const standalone = (c: Node) => (c.text.includes('\n') ? `(${c.text})` : c.text);

/** `return <cond>` as a bool: `c` itself when it is one, else `bool(c)`; negated with `not`. */
function boolReturn(condition: Node, negate: boolean): string {
  let c = unparen(condition);
  if (negate && c.type === 'not_operator') {
    c = unparen(c.childForFieldName('argument')!);
    negate = false;
  }
  if (negate) return `return not ${LOOSE.has(c.type) || c.text.includes('\n') ? `(${c.text})` : c.text}`;
  return isBool(c) ? `return ${standalone(c)}` : `return bool(${c.text})`;
}

/** Whether a node's value is only tested for truth (an `if` condition, an operand of `not`…). */
function inBooleanContext(node: Node): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    switch (p.type) {
      case 'parenthesized_expression':
        continue;
      case 'boolean_operator':
        continue;
      case 'not_operator':
      case 'if_clause':
        return true;
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement':
        return p.childForFieldName('condition')?.id === child.id;
      case 'assert_statement':
        return p.namedChild(0)?.id === child.id;
      case 'conditional_expression':
        return p.namedChild(1)?.id === child.id;
      default:
        return false;
    }
  }
  return false;
}

/** Rows strictly inside multi-line strings: re-indenting them would change the string's value. */
function stringInteriorRows(node: Node): Set<number> {
  const rows = new Set<number>();
  for (const s of node.descendantsOfType('string')) {
    if (!s) continue;
    for (let r = s.startPosition.row + 1; r <= s.endPosition.row; r++) rows.add(r);
  }
  return rows;
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];
const hasComment = (node: Node) => node.descendantsOfType('comment').length > 0;
/** A short quote of some code for a message. */
const quote = (text: string, max = 40) => {
  const one = text.replace(/\s*\n\s*/g, ' ');
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
};

/** Edit that deletes a statement alone on its line (with the line), or undefined. */
function deleteLine(node: Node, index: () => LineIndex, text: string): { start: number; end: number } | undefined {
  const row = node.startPosition.row;
  if (node.endPosition.row !== row) return undefined;
  const lines = index();
  const line = lines.lineText(row);
  const start = lines.lineStart(row);
  const before = text.slice(start, node.startIndex);
  const after = line.slice(node.endPosition.column);
  if (before.trim() !== '') return undefined;
  if (after.trim() === '') {
    const next = row + 1 < lines.lineCount ? lines.lineStart(row + 1) : text.length;
    return { start, end: next };
  }
  // Keep a trailing comment as a comment line.
  if (after.trimStart().startsWith('#')) return { start: node.startIndex, end: node.endIndex + (after.length - after.trimStart().length) };
  return undefined;
}

type Ctx = RuleContext<Record<string, never>>;

/**
 * What it does: flags constructs that have a shorter equivalent, each with its rewrite.
 * - `if c: return True else: return False` (or `if c: return True` then `return False`) →
 *   `return c` when `c` is always a bool (`not`, `in`, `is`, `isinstance`…), else
 *   `return bool(c)` (`==` and `<` are elementwise on tensors); the inverse → `return not c`.
 * - `x == None` → `x is None`, `x != None` → `x is not None`; `x == True` → `x`,
 *   `x == False` → `not x` (a safe fix where only the truth of the result is used, as in an
 *   `if` condition; elsewhere, on a tensor mask say, the fix is offered but not applied).
 * - `else` after an `if` (and `elif`s) that all end in `return`/`raise` → dedent the else body.
 * - a bare `return` as the last statement of a function → removed.
 * - `pass` in a block that has other statements → removed.
 * - `list([… for …])` → `[… for …]`.
 * - `lambda x: f(x)` → `f` (not applied automatically: `f` is then evaluated at once, not at
 *   each call, which matters when it is defined later or rebound).
 * Why: every redundant token is one more thing to read and to keep correct.
 */
export default defineRule({
  meta: {
    id: 'redundant-code',
    category: 'bloat',
    guideline: 'Minimal code: no redundant constructs.',
    defaultSeverity: 'warning',
    description: 'Flags constructs with a shorter equivalent: if c: return True else: return False, == None, else after return, and more.',
    phrases: { avoid: [/\bredundan(?:t|cy|ce)\b(?!\s+(?:\w+\s+)?(?:assert\w*|checks?|comments?|docstrings?|tests?|imports?|type\s+hints?)\b)/i, /\bbloat(?:ed)?\b/i, /\bunnecessary\s+(?:code|complexity)\b/i, /\bboilerplate\b/i], require: [/\bminimal\b(?=[\w\s,-]*\bcode\b)/i, /\bconcise\s+code\b|\bcode\b[^.;]*\bconcise\b/i, /\bsimple\s+code\b/i] },
    fixable: true,
    example: {
      flagged: 'def is_empty(x):\n    if x is None:\n        return True\n    else:\n        return False\n',
      fixed: 'def is_empty(x):\n    return x is None\n',
    },
  },
  options: z.object({}).strict(),
  query: [
    '(if_statement consequence: (block (return_statement [(true) (false)])) alternative: (else_clause body: (block (return_statement [(true) (false)])))) @boolelse',
    '(block (if_statement !alternative consequence: (block (return_statement [(true) (false)]))) @boolif . (return_statement [(true) (false)]) @boolnext)',
    '(comparison_operator [(true) (false) (none)]) @cmp',
    '(if_statement alternative: (else_clause) @else) @ifelse',
    FUNCTION_DEFINITIONS,
    '(block (pass_statement) @pass)',
    '(module (pass_statement) @pass)',
    nameCalls(['list']),
    '(lambda body: (call)) @lambda',
  ].join('\n'),
  check(ctx) {
    let index: LineIndex | undefined;
    const lines = () => (index ??= new LineIndex(ctx.text));
    const boolIfs = new Set<number>();
    const passBlocks = new Map<number, Node>();
    for (const m of ctx.matches) {
      const name = m.captures[0].name;
      if (name === 'boolelse' || name === 'boolif' || name === 'boolnext') checkBoolReturn(ctx, m, boolIfs);
    }
    for (const m of ctx.matches) {
      const node = m.captures.find((c) => c.name === 'cmp' || c.name === 'else' || c.name === 'body' || c.name === 'pass' || c.name === 'call' || c.name === 'lambda');
      if (!node) continue;
      switch (node.name) {
        case 'cmp':
          checkComparison(ctx, node.node);
          break;
        case 'else':
          if (!boolIfs.has(capture(m, 'ifelse')!.id)) checkElse(ctx, capture(m, 'ifelse')!, node.node, lines);
          break;
        case 'body':
          checkFinalReturn(ctx, node.node, lines);
          break;
        case 'pass': {
          const block = node.node.parent!;
          passBlocks.set(block.id, block);
          break;
        }
        case 'call':
          checkListCall(ctx, node.node, callArguments(node.node)!);
          break;
        case 'lambda':
          checkLambda(ctx, node.node);
          break;
      }
    }
    for (const block of passBlocks.values()) checkPass(ctx, block, lines);
  },
});

function checkBoolReturn(ctx: Ctx, m: Match, seen: Set<number>): void {
  const ifNode = capture(m, 'boolelse') ?? capture(m, 'boolif')!;
  if (seen.has(ifNode.id)) return;
  if (ifNode.namedChildren.some((c) => c?.type === 'elif_clause')) return;
  const only = (block: Node | null) => {
    const statements = statementsOf(block);
    return statements.length === 1 && statements[0].type === 'return_statement' ? statements[0] : undefined;
  };
  const first = only(ifNode.childForFieldName('consequence'));
  const second = capture(m, 'boolnext') ?? only(ifNode.namedChildren.find((c) => c?.type === 'else_clause')!.childForFieldName('body'));
  if (!first || !second) return;
  const a = first.namedChild(0)!.type;
  const b = second.namedChild(0)!.type;
  if (a === b) return;
  seen.add(ifNode.id);
  const condition = ifNode.childForFieldName('condition')!;
  const rewrite = boolReturn(condition, a === 'false');
  const end = second.endIndex;
  const between = ctx.text.slice(ifNode.endIndex, second.startIndex);
  const clean = !hasComment(ifNode) && (second.startIndex < ifNode.endIndex || between.trim() === '');
  const colon = ifNode.children.find((c) => c?.type === ':')!;
  ctx.report({
    range: { start: { line: ifNode.startPosition.row, character: ifNode.startPosition.column }, end: { line: colon.endPosition.row, character: colon.endPosition.column } },
    message: `this if returns ${a === 'true' ? 'True' : 'False'} or ${b === 'true' ? 'True' : 'False'}: write '${quote(rewrite, 50)}' instead`,
    fix: clean ? { title: `Replace with '${quote(rewrite)}'`, edits: [{ start: ifNode.startIndex, end, text: rewrite }], safe: true } : undefined,
  });
}

function checkComparison(ctx: Ctx, cmp: Node): void {
  if (cmp.namedChildCount !== 2 || cmp.childCount !== 3) return;
  const op = cmp.child(1)!.type;
  if (op !== '==' && op !== '!=') return;
  const [left, right] = [cmp.namedChild(0)!, cmp.namedChild(1)!];
  const LITERAL = new Set(['true', 'false', 'none']);
  const literal = LITERAL.has(right.type) ? right : LITERAL.has(left.type) ? left : undefined;
  if (!literal) return;
  const x = literal === right ? left : right;
  if (LITERAL.has(x.type)) return;
  let rewrite: string;
  let safe = true;
  if (literal.type === 'none') rewrite = `${x.text} ${op === '==' ? 'is' : 'is not'} None`;
  else {
    const truthy = (literal.type === 'true') === (op === '==');
    rewrite = truthy ? x.text : `not ${x.text}`;
    safe = inBooleanContext(cmp);
  }
  const literalText = literal.type === 'none' ? 'None' : literal.type === 'true' ? 'True' : 'False';
  const what = literal.type === 'none' ? 'compares by value' : 'is redundant';
  const note = safe ? '' : rewrite.startsWith('not ') ? ` ('~${quote(x.text, 30)}' for a tensor)` : ' (if it is a bool or a bool tensor)';
  ctx.report({
    node: cmp,
    message: `'${op} ${literalText}' ${what}: write '${quote(rewrite)}' instead${note}`,
    fix: { title: `Replace with '${quote(rewrite)}'`, edits: [{ start: cmp.startIndex, end: cmp.endIndex, text: rewrite }], safe },
  });
}

/** Whether a block's last statement leaves the function or the loop for sure. */
function endsInJump(block: Node | null): string | undefined {
  const last = statementsOf(block).at(-1);
  if (last?.type === 'return_statement') return 'return';
  if (last?.type === 'raise_statement') return 'raise';
  return undefined;
}

function checkElse(ctx: Ctx, ifNode: Node, elseClause: Node, lines: () => LineIndex): void {
  const jumps = new Set<string>();
  const branches = [ifNode.childForFieldName('consequence'), ...ifNode.namedChildren.filter((c) => c?.type === 'elif_clause').map((c) => c!.childForFieldName('consequence'))];
  for (const b of branches) {
    const jump = endsInJump(b);
    if (!jump) return;
    jumps.add(jump);
  }
  const after = [...jumps].sort().reverse().join("'/'");
  const elseKeyword = elseClause.child(0)!;
  ctx.report({
    node: elseKeyword,
    message: `'else' after '${after}' is redundant: dedent its body`,
    fix: dedentElse(ctx.text, ifNode, elseClause, lines()),
  });
}

/** The fix that removes `else:` and dedents its body to the level of the `if`. */
function dedentElse(text: string, ifNode: Node, elseClause: Node, lines: LineIndex): Fix | undefined {
  const body = elseClause.childForFieldName('body');
  if (!body || body.hasError) return undefined;
  const ifRow = ifNode.startPosition.row;
  const indent = text.slice(lines.lineStart(ifRow), ifNode.startIndex);
  const elseRow = elseClause.startPosition.row;
  if (indent.trim() !== '' || text.slice(lines.lineStart(elseRow), elseClause.startIndex) !== indent) return undefined;
  const colon = elseClause.children.find((c) => c?.type === ':')!;
  const eol = eolOf(text);
  let replacement: string;
  if (body.startPosition.row === elseRow) {
    if (text.slice(colon.endIndex, body.startIndex).trim() !== '') return undefined;
    replacement = body.text;
  } else {
    // Nothing but `else:` on its line (a comment there would be lost).
    if (lines.lineText(elseRow).slice(colon.endPosition.column).trim() !== '') return undefined;
    const own = indentOf(lines.lineText(body.startPosition.row));
    const keep = stringInteriorRows(body);
    const out: string[] = [];
    for (let row = elseRow + 1; row <= elseClause.endPosition.row; row++) {
      const line = lines.lineText(row);
      if (keep.has(row)) out.push(line);
      else if (line.trim() === '') out.push('');
      else if (line.startsWith(own)) out.push(indent + line.slice(own.length));
      else out.push(indent + line.trimStart());
    }
    // Blank lines between `else:` and the body go with the `else:` line.
    while (out.length > 1 && out[0] === '') out.shift();
    replacement = out.join(eol).slice(indent.length);
  }
  return { title: "Remove the 'else' and dedent its body", edits: [{ start: elseClause.startIndex, end: elseClause.endIndex, text: replacement }], safe: true };
}

function checkFinalReturn(ctx: Ctx, body: Node, lines: () => LineIndex): void {
  // Most bodies end in something else than a bare return: decided without listing the statements.
  const tail = body.lastNamedChild;
  if (tail && tail.type !== 'comment' && (tail.type !== 'return_statement' || tail.namedChildCount > 0)) return;
  const statements = statementsOf(body);
  const last = statements.at(-1);
  if (!last || statements.length < 2 || last.type !== 'return_statement' || last.namedChildCount > 0) return;
  const del = deleteLine(last, lines, ctx.text);
  ctx.report({
    node: last,
    message: "a bare 'return' at the end of a function is redundant: remove it",
    fix: del ? { title: "Remove the final 'return'", edits: [{ ...del, text: '' }], safe: true } : undefined,
  });
}

function checkPass(ctx: Ctx, block: Node, lines: () => LineIndex): void {
  const statements = statementsOf(block);
  const passes = statements.filter((s) => s.type === 'pass_statement');
  // A block of only `pass` statements keeps one.
  const redundant = passes.length === statements.length ? passes.slice(1) : passes;
  for (const p of redundant) {
    const del = deleteLine(p, lines, ctx.text);
    ctx.report({
      node: p,
      message: "'pass' in a block that has other statements is redundant: remove it",
      fix: del ? { title: "Remove 'pass'", edits: [{ ...del, text: '' }], safe: true } : undefined,
    });
  }
}

function checkListCall(ctx: Ctx, call: Node, args: Node): void {
  // `list([x for x in y])`: the comprehension is the only thing in the parentheses.
  const comprehension = args.type === 'argument_list' && args.namedChildCount === 1 ? args.namedChild(0) : null;
  if (comprehension?.type !== 'list_comprehension') return;
  ctx.report({
    node: call,
    message: "'list(…)' around a list comprehension is redundant: write the comprehension alone",
    fix: { title: "Remove 'list(…)'", edits: [{ start: call.startIndex, end: call.endIndex, text: comprehension.text }], safe: true },
  });
}

/** Whether a node is a name or a dotted attribute path of names (`f`, `self.net.forward`). */
function isDottedName(node: Node): boolean {
  if (node.type === 'identifier') return true;
  return node.type === 'attribute' && isDottedName(node.childForFieldName('object')!);
}

function checkLambda(ctx: Ctx, lambda: Node): void {
  const call = lambda.childForFieldName('body')!;
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (!fn || !args || args.type !== 'argument_list' || !isDottedName(fn)) return;
  const params = lambda.childForFieldName('parameters')?.namedChildren ?? [];
  const passed = args.namedChildren.filter((a) => a?.type !== 'comment');
  if (params.length !== passed.length) return;
  const names = new Set<string>();
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const a = passed[i]!;
    const pName = p.type === 'identifier' ? p : p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' ? p.namedChild(0) : null;
    const expected = p.type === 'identifier' ? 'identifier' : p.type === 'list_splat_pattern' ? 'list_splat' : 'dictionary_splat';
    if (!pName || pName.type !== 'identifier' || a.type !== expected) return;
    const aName = a.type === 'identifier' ? a : a.namedChild(0);
    if (aName?.type !== 'identifier' || aName.text !== pName.text) return;
    names.add(pName.text);
  }
  if (fn.descendantsOfType('identifier').some((id) => !!id && names.has(id.text))) return;
  ctx.report({
    node: lambda,
    message: `'${quote(lambda.text)}' only forwards its arguments: pass '${quote(fn.text)}' instead`,
    fix: { title: `Replace the lambda with '${quote(fn.text)}'`, edits: [{ start: lambda.startIndex, end: lambda.endIndex, text: fn.text }], safe: false },
  });
}
