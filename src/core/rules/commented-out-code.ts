import { z } from 'zod';
import type { Fix } from '../finding';
import { parsePython, type Node } from '../parse/python';
import { defineRule } from '../rule';

/** Tool directives: never code, never prose, never deleted. */
export const PRAGMA = /^#+\s*(?:noqa\b|type\s*:|pylint\s*:|fmt\s*:|mantra\s*:|pragma\b|isort\s*:|pyright\s*:|ruff\s*:|mypy\s*:|flake8\s*:|nosec\b|pyre-|yapf\s*:|black\s*:|autopep8\s*:|codespell\s*:|spellchecker\s*:|-\*-|vim?\s*:|ex\s*:|coding[:=])/i;

/** Block lines that mark the code below them as a documented example, not dead code. */
const EXAMPLE_MARKER = /\b(?:example|examples|usage|for instance|such as|like so|like this|as follows|equivalent|would be|becomes|instead of|rather than|something like|in other words|expands to|translates to|looks like)\b|\b(?:e\.g|i\.e|eg|ie|cf)\.|:\s*$|^(?:>>>|\.\.\.|```|\$ )/i;

/** Statement types that are code whatever they hold (once the block parses). */
const STRONG_STATEMENTS = new Set([
  'import_statement', 'import_from_statement', 'future_import_statement', 'raise_statement', 'assert_statement',
  'delete_statement', 'global_statement', 'nonlocal_statement', 'decorated_definition', 'function_definition',
  'class_definition', 'if_statement', 'for_statement', 'while_statement', 'with_statement', 'try_statement', 'match_statement',
]);

/** Whether an assignment's value reads as a shape note (`out = (B, T, D)`): a tuple or list of names. */
function isShapeValue(value: Node | null): boolean {
  if (!value || (value.type !== 'tuple' && value.type !== 'list' && value.type !== 'expression_list')) return false;
  const items = value.namedChildren.filter((c): c is Node => !!c);
  return items.length > 1 && items.every((c) => c.type === 'identifier' || c.type === 'integer' || c.type === 'ellipsis') && items.some((c) => c.type === 'identifier');
}

/** How much a parsed top-level statement looks like code: 2 strong, 1 weak, 0 prose-like. */
function codeWeight(stmt: Node, source: string): number {
  if (STRONG_STATEMENTS.has(stmt.type)) {
    // A lone header (`if needed:`) parses with an empty block: prose-like, not code.
    const body = stmt.childForFieldName('body') ?? stmt.childForFieldName('consequence');
    if (stmt.type === 'import_statement' || stmt.type === 'import_from_statement' || stmt.type === 'future_import_statement') return 2;
    if (body && body.namedChildCount === 0) return 0;
    return 2;
  }
  if (stmt.type === 'return_statement') {
    const value = stmt.namedChild(0);
    // `return early` reads as prose; `return x.mean()` does not.
    return value && value.type !== 'identifier' ? 2 : 1;
  }
  if (stmt.type === 'pass_statement' || stmt.type === 'break_statement' || stmt.type === 'continue_statement') return 1;
  if (stmt.type !== 'expression_statement') return 0; // print_statement, exec_statement: Python 2 prose look-alikes
  const expr = stmt.namedChild(0);
  if (!expr) return 0;
  switch (expr.type) {
    case 'assignment': {
      const right = expr.childForFieldName('right');
      if (!right) return 0; // `Args: x`, `shape: (B, T)`: an annotation without a value
      const type = expr.childForFieldName('type');
      if (type && type.startPosition.row !== expr.startPosition.row) return 0; // `Usage:` and an indented example below it
      return isShapeValue(right) ? 0 : 2;
    }
    case 'augmented_assignment':
    case 'await':
    case 'yield':
      return 2;
    case 'call': {
      // `f(x)` is code; `Note (important)` is prose: code writes no space before the parenthesis.
      const fn = expr.childForFieldName('function');
      const args = expr.childForFieldName('arguments');
      if (!fn || !args || args.type !== 'argument_list') return 0;
      if (source.slice(fn.endIndex, args.startIndex) !== '') return 0;
      return 2;
    }
    default:
      return 0; // names, tuples, `e.g. foo`, `a + b`: what prose and shape notes parse as
  }
}

const KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except finally for ' +
  'from global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '));
/** Soft keywords, which start a statement (`match x:`, `case 1:`, `type T = int`). */
const SOFT_KEYWORDS = /^\s*(?:match|case|type)\b/;

/**
 * Whether a line cannot be Python: two names side by side with no keyword among them
 * (`compute the loss`), which no statement allows. A cheap test that spares most prose a parse.
 */
function cannotBeCode(line: string): boolean {
  // Backticks, bullets, a sentence's final period, a note's tag: prose and markdown.
  if (/`/.test(line) || /^\s*(?:[-*|>+•]\s|\|)/.test(line) || /[A-Za-z_]\.\s+[A-Za-z_]/.test(line.replace(/(['"]).*?\1/g, '""')) || /[A-Za-z)\]]\.\s*$/.test(line) || /^\s*(?:todo|fixme|xxx|note|nb)\b/i.test(line)) return true;
  const bare = line.replace(/(['"])(?:\\.|(?!\1).)*\1/g, '""').replace(/#.*$/, '').replace(SOFT_KEYWORDS, '');
  for (const m of bare.matchAll(/(?<![\w.])(\w+)[ \t]+(?=(\w+|["']))/g)) {
    if (!KEYWORDS.has(m[1]!) && !KEYWORDS.has(m[2]!) && !/^[rRbBuUfF]{1,2}$/.test(m[2]!)) return true;
  }
  return false;
}

/** Removes the common indentation of non-blank lines. */
function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n');
}

/**
 * Whether comment text (already without `#`) is Python code: it parses without `ERROR`/`MISSING`
 * nodes and holds more code-like statements (assignments, calls without a space before `(`,
 * imports, `return expr`, full compound statements) than prose-like ones (names, tuples, `a: b`).
 */
export function isCodeText(lines: string[]): boolean {
  if (lines.some(cannotBeCode)) return false;
  const source = dedent(lines);
  if (!source.trim() || !/[=(:.\[]|\b(?:import|return|raise|assert|del|pass|break|continue|yield|await)\b/.test(source)) return false;
  const tree = parsePython(source + '\n');
  try {
    const root = tree.rootNode;
    if (root.hasError) return false;
    let strong = 0;
    let weak = 0;
    let prose = 0;
    for (const stmt of root.namedChildren) {
      if (!stmt || stmt.type === 'comment') continue;
      const w = codeWeight(stmt, source);
      if (w === 2) strong++;
      else if (w === 1) weak++;
      else prose++;
    }
    return strong > 0 && strong + weak > prose;
  } finally {
    tree.delete();
  }
}

const BUILTINS = new Set(('print len range int float str list dict set tuple bool type isinstance issubclass getattr setattr ' +
  'hasattr delattr super object min max sum abs any all zip enumerate map filter sorted reversed open iter next id hash repr ' +
  'format round pow divmod input vars dir globals locals callable breakpoint exit quit frozenset bytes bytearray complex ' +
  'slice property staticmethod classmethod memoryview ord chr bin hex oct compile eval exec self cls __name__ __file__ ' +
  '__class__ NotImplemented Ellipsis Exception BaseException ValueError RuntimeError TypeError KeyError IndexError ' +
  'AttributeError NotImplementedError AssertionError StopIteration ImportError OSError IOError FileNotFoundError ' +
  'ZeroDivisionError Warning UserWarning DeprecationWarning').split(' '));

/** Identifiers a pattern binds (`a`, `a, (b, *c)`), not those it only reads (`x[i]`, `o.attr`). */
function boundBy(pattern: Node | null, out: Set<string>): void {
  if (!pattern) return;
  if (pattern.type === 'identifier') out.add(pattern.text);
  else if (/^(?:pattern_list|tuple_pattern|list_pattern|list_splat_pattern|tuple|list|parenthesized_expression)$/.test(pattern.type)) {
    for (const c of pattern.namedChildren) boundBy(c, out);
  }
}

/**
 * The names commented-out code reads but does not define itself, builtins aside: `print(x)`
 * reads `x`; `import pdb; pdb.set_trace()` reads nothing. Code that reads names the file never
 * uses (`x1 = x0.ndim`, `c = Matching(a, b)`) illustrates an idea rather than being dead code.
 */
export function freeNames(lines: string[]): string[] {
  const tree = parsePython(dedent(lines) + '\n');
  try {
    const bound = new Set<string>();
    const root = tree.rootNode;
    for (const n of root.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'named_expression'])) {
      if (n) boundBy(n.childForFieldName('left') ?? n.childForFieldName('name'), bound);
    }
    for (const n of root.descendantsOfType(['function_definition', 'class_definition'])) {
      const name = n?.childForFieldName('name');
      if (name) bound.add(name.text);
    }
    for (const n of root.descendantsOfType(['parameters', 'lambda_parameters'])) {
      for (const id of n?.descendantsOfType('identifier') ?? []) {
        // Parameter names, not the names their defaults and annotations read.
        const p = id?.parent;
        if (id && p && (p.id === n!.id || /splat_pattern$/.test(p.type) || (p.type === 'typed_parameter' && p.namedChild(0)?.id === id.id) || p.childForFieldName('name')?.id === id.id)) bound.add(id.text);
      }
    }
    for (const n of root.descendantsOfType(['import_statement', 'import_from_statement', 'aliased_import'])) {
      if (!n) continue;
      if (n.type === 'aliased_import') {
        const alias = n.childForFieldName('alias');
        if (alias) bound.add(alias.text);
        continue;
      }
      for (const name of n.childrenForFieldName('name')) {
        if (name?.type === 'dotted_name') bound.add(name.namedChild(0)?.text ?? '');
      }
      if (n.type === 'import_from_statement') for (const id of n.childForFieldName('module_name')?.descendantsOfType('identifier') ?? []) if (id) bound.add(id.text);
    }
    for (const n of root.descendantsOfType(['as_pattern_target', 'global_statement', 'nonlocal_statement'])) {
      for (const id of n?.descendantsOfType('identifier') ?? []) if (id) bound.add(id.text);
    }
    const free = new Set<string>();
    for (const id of root.descendantsOfType('identifier')) {
      if (!id || bound.has(id.text) || BUILTINS.has(id.text)) continue;
      const p = id.parent;
      if (p?.type === 'attribute' && p.childForFieldName('attribute')?.id === id.id) continue;
      if (p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === id.id) continue;
      if (p?.type === 'dotted_name' || p?.type === 'aliased_import') continue;
      free.add(id.text);
    }
    return [...free];
  } finally {
    tree.delete();
  }
}

/** Whether a comment is alone on its line (only indentation before it). */
export function isOwnLine(comment: Node, text: string): boolean {
  const lineStart = text.lastIndexOf('\n', comment.startIndex - 1) + 1;
  return text.slice(lineStart, comment.startIndex).trim() === '';
}

/** Own-line comments grouped into blocks: consecutive lines starting at the same column. */
export function commentBlocks(comments: readonly Node[], text: string): Node[][] {
  const blocks: Node[][] = [];
  let current: Node[] = [];
  for (const c of comments) {
    if (!isOwnLine(c, text)) continue;
    const last = current[current.length - 1];
    if (last && c.startPosition.row === last.startPosition.row + 1 && c.startPosition.column === last.startPosition.column) current.push(c);
    else {
      if (current.length) blocks.push(current);
      current = [c];
    }
  }
  if (current.length) blocks.push(current);
  return blocks;
}

/** A comment's text without its `#` marks and the one space after them. */
export function commentBody(comment: Node): string {
  return comment.text.replace(/^#+ ?/, '').replace(/\s+$/, '');
}

/** The closing brackets a line leaves open, innermost first (`f(a, [b` gives `])`); strings skipped. */
function openBrackets(line: string): string {
  const stack: string[] = [];
  const bare = line.replace(/(['"])(?:\\.|(?!\1).)*\1/g, '""').replace(/#.*$/, '');
  for (const ch of bare) {
    if (ch === '(') stack.push(')');
    else if (ch === '[') stack.push(']');
    else if (ch === '{') stack.push('}');
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (stack.pop() !== ch) return '';
    }
  }
  return stack.reverse().join('');
}

/** Whether a line could belong to a run of commented-out code lines. */
function mayContinueCode(line: string, prevIndent: number | undefined): boolean {
  const indent = /^[ \t]*/.exec(line)![0].length;
  const body = line.trim();
  // Blank lines and comments inside commented-out code (`#     # note`) go on with a run.
  if (!body || body.startsWith('#')) return prevIndent !== undefined;
  if (prevIndent !== undefined && indent > prevIndent) return true;
  if (/^(?:else|elif\b|except\b|finally|case\b)|^[)\]}]/.test(body)) return prevIndent !== undefined;
  if (body.endsWith(':') && isCodeText([body + '\n    pass'])) return true;
  // The first line of a call or literal that the next lines go on (`model = Net(`).
  const open = openBrackets(body);
  if (open) return isCodeText([body + open]);
  return isCodeText([body]);
}

/**
 * The runs of lines of one comment block that are commented-out code, as [first, last] indices.
 * The whole block when it parses; otherwise maximal runs of code-like lines that parse together.
 * A block that introduces code as an example (`Usage:`, `e.g.`) is documentation: no run.
 */
export function codeRuns(block: readonly Node[]): Array<[number, number]> {
  const lines = block.map((c) => (PRAGMA.test(c.text) || /:\/\//.test(c.text) ? null : commentBody(c)));
  // Code introduced by prose (`Usage:`, `e.g.`, `like this:`) is a documented example.
  if (lines.some((l) => l !== null && EXAMPLE_MARKER.test(l.trim()) && (cannotBeCode(l) || (/:\s*$/.test(l) && !isCodeText([l.trim() + '\n    pass']))))) return [];
  if (lines.every((l) => l !== null) && isCodeText(lines as string[])) return [[0, lines.length - 1]];
  if (block.length === 1) return [];
  const candidate: boolean[] = [];
  let prevIndent: number | undefined;
  for (const line of lines) {
    const ok = line !== null && mayContinueCode(line, prevIndent);
    candidate.push(ok);
    prevIndent = ok && line!.trim() ? /^[ \t]*/.exec(line!)![0].length : ok ? prevIndent : undefined;
  }
  if (lines.some((l, i) => l !== null && !candidate[i] && EXAMPLE_MARKER.test(l.trim()))) return [];
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < lines.length; i++) {
    if (!candidate[i]) continue;
    let j = i;
    while (j + 1 < lines.length && candidate[j + 1]) j++;
    const end = j;
    while (j >= i && !lines[j]!.trim()) j--;
    if (j >= i && !inSentence(lines, i, j) && isCodeText(lines.slice(i, j + 1) as string[])) runs.push([i, j]);
    i = Math.max(i, end);
  }
  return runs;
}

/**
 * Whether code lines `i..j` of a block sit inside a sentence of the prose around them: the prose
 * line above does not end a sentence ("# we use the quantize function" / "# xq = round(x / s)"),
 * or the one below goes on in lower case ("# setting zero_point to … we get"). Such code is a
 * formula or an illustration of the comment, not dead code.
 */
function inSentence(lines: ReadonlyArray<string | null>, i: number, j: number): boolean {
  let above = i - 1;
  while (above >= 0 && lines[above] !== null && !lines[above]!.trim()) above--;
  const before = above >= 0 ? lines[above] : undefined;
  // A short label ("# debug", "# old version") or a finished sentence introduces dead code.
  if (before !== undefined && before !== null && !/[.!]\s*$/.test(before.trim()) && !/^(?:todo|fixme|xxx|hack|note)\b/i.test(before.trim()) && before.trim().split(/\s+/).length > 3) return true;
  let below = j + 1;
  while (below < lines.length && lines[below] !== null && !lines[below]!.trim()) below++;
  const after = below < lines.length ? lines[below] : undefined;
  return after !== undefined && after !== null && /^[a-z]/.test(after.trim());
}

/** The first line of code after a comment, trimmed ('' at the end of the file). */
function nextCodeLine(comment: Node, text: string): string {
  let at = text.indexOf('\n', comment.endIndex);
  while (at !== -1) {
    const next = text.indexOf('\n', at + 1);
    const line = text.slice(at + 1, next === -1 ? text.length : next).trim();
    if (line && !line.startsWith('#')) return line;
    at = next;
  }
  return '';
}

/** A safe fix that deletes whole comment lines `first..last`, line endings included. */
export function deleteLinesFix(first: Node, last: Node, text: string, title: string): Fix {
  const start = text.lastIndexOf('\n', first.startIndex - 1) + 1;
  const nl = text.indexOf('\n', last.endIndex);
  let end = nl === -1 ? text.length : nl + 1;
  let from = start;
  if (nl === -1 && start > 0) {
    // The last line of a file without a final newline: take the newline before it instead.
    from = text[start - 2] === '\r' ? start - 2 : start - 1;
    end = text.length;
  }
  return { title, edits: [{ start: from, end, text: '' }], safe: true };
}

/**
 * What it does: flags own-line comments whose text is Python code: `# x = model(x)`,
 * `# import pdb; pdb.set_trace()`, a commented-out loop. Consecutive comment lines form a block
 * that is tested as a whole (so a commented-out `if` with its body is one finding); a block that
 * mixes prose and code yields only its runs of code lines.
 * Not flagged: prose, even when it happens to parse (`# TODO`, `# e.g. foo`, `# if needed:`,
 * `# Note (important)`), shape comments (`# (B, T, D)`, `# x: (B, T)`, `# out = (B, T, D)`),
 * pragmas (`# type: ignore`, `# pylint: disable=…`), URLs, code shown as an example after
 * `Usage:` / `e.g.` / a line ending with `:`, and trailing comments.
 * Why: dead code in comments rots; version control keeps the history.
 * Fix (safe): delete the comment lines.
 */
export default defineRule({
  meta: {
    id: 'commented-out-code',
    category: 'comments',
    guideline: 'No commented-out code.',
    defaultSeverity: 'warning',
    description: 'Flags comments whose text parses as Python statements.',
    phrases: { avoid: [/\bcommented[\s-]*out\s+code\b/i, /\bdead\s+code\b/i] },
    fixable: true,
    example: {
      flagged: 'def step(x):\n    # x = x.cuda()\n    # print(x.shape)\n    return model(x)\n',
      fixed: 'def step(x):\n    return model(x)\n',
    },
  },
  options: z.object({}).strict(),
  check(ctx) {
    let names: Set<string> | undefined;
    // The names the file's code uses (comments blanked out), built on the first candidate.
    const usedInFile = (): Set<string> => {
      if (names) return names;
      let code = '';
      let at = 0;
      for (const c of ctx.facts.comments) {
        code += ctx.text.slice(at, c.startIndex);
        at = c.endIndex;
      }
      code += ctx.text.slice(at);
      return (names = new Set(code.match(/[A-Za-z_]\w*/g) ?? []));
    };
    for (const block of commentBlocks(ctx.facts.comments, ctx.text)) {
      if (block[0].startPosition.row === 0 && block[0].text.startsWith('#!')) block.shift();
      if (!block.length) continue;
      for (const [i, j] of codeRuns(block)) {
        const first = block[i];
        const last = block[j];
        const lines = j - i + 1;
        // A line or two that reads names the file never uses illustrates an idea (`# x1 = x0.ndim`);
        // longer runs of valid code are dead code whatever they read.
        if (lines === 1 && /^[\w.]+\(.*\)$/.test(commentBody(first).trim()) && /^(?:if|elif|else|case)\b/.test(nextCodeLine(last, ctx.text))) continue; // `# torch.max(input, other)` above the branch that handles that call
        if (lines <= 2) {
          const used = usedInFile();
          if (freeNames(block.slice(i, j + 1).map(commentBody)).some((n) => !used.has(n))) continue;
        }
        ctx.report({
          range: { start: { line: first.startPosition.row, character: first.startPosition.column }, end: { line: last.endPosition.row, character: last.endPosition.column } },
          message: lines === 1 ? 'commented-out code: delete it, version control keeps the history' : `${lines} lines of commented-out code: delete them, version control keeps the history`,
          fix: deleteLinesFix(first, last, ctx.text, lines === 1 ? 'Delete commented-out code' : `Delete ${lines} lines of commented-out code`),
        });
      }
    }
  },
});
