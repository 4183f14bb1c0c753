import { z } from 'zod';
import type { Range } from '../finding';
import { defineRule } from '../rule';
import { LineIndex } from '../text';

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);
const OPERATORS3 = new Set(['**=', '//=', '>>=', '<<=', '...']);
const OPERATORS2 = new Set(['**', '//', '<<', '>>', '<=', '>=', '==', '!=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', ':=']);

/** One physical line that holds code, as a token shape. */
interface Line {
  /** The shape: identifiers `ID`, strings `STR`, numbers `NUM`, keywords and operators as written. */
  shape: string;
  /** Offset of the first token and end offset of the last one. */
  start: number;
  end: number;
  tokens: number;
  /** Part of an import statement (its first line or a continuation line). */
  isImport: boolean;
  /**
   * For a line that starts a statement, its kind: the leading keyword (`if`, `return`, `def`,
   * `@`…) or `expr` (assignments, calls); undefined for a continuation line.
   */
  kind?: string;
}

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;
const STRING_PREFIX = /^(?:[rRbBuUfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;

/**
 * The code lines of a Python text as token shapes, by a small tokenizer (one pass over the
 * characters; much cheaper than walking every node of the tree). Comments and blank lines give
 * no line; a token belongs to the line where it starts (a multi-line string is one `STR`).
 */
export function codeLines(text: string): Line[] {
  const lines: Line[] = [];
  const n = text.length;
  let i = 0;
  let tokens: string[] = [];
  let lineStart = -1;
  let lineEnd = -1;
  let depth = 0;
  let atStatementStart = true;
  let statementIsImport = false;
  let lineIsImport = false;
  let lineKind: string | undefined;
  const push = (token: string, start: number, end: number) => {
    if (tokens.length === 0) {
      lineStart = start;
      lineKind = undefined;
      if (atStatementStart) {
        statementIsImport = token === 'import' || token === 'from';
        lineKind = token === 'ID' || token === 'STR' || token === 'NUM' || token === '(' || token === '[' ? 'expr' : token;
      }
      atStatementStart = false;
      lineIsImport = statementIsImport;
    }
    tokens.push(token);
    lineEnd = end;
  };
  const endLine = () => {
    if (tokens.length > 0) lines.push({ shape: tokens.join(' '), start: lineStart, end: lineEnd, tokens: tokens.length, isImport: lineIsImport, kind: lineKind });
    tokens = [];
  };
  const scanString = (quoteAt: number): number => {
    const q = text.charCodeAt(quoteAt);
    const triple = text.charCodeAt(quoteAt + 1) === q && text.charCodeAt(quoteAt + 2) === q;
    let j = quoteAt + (triple ? 3 : 1);
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === q && (!triple || (text.charCodeAt(j + 1) === q && text.charCodeAt(j + 2) === q))) return j + (triple ? 3 : 1);
      else if (!triple && c === 10) return j;
      else j++;
    }
    return n;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      // A newline inside brackets continues the statement but still ends the physical line.
      endLine();
      if (depth === 0) atStatementStart = true;
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 12) {
      i++;
    } else if (c === 35) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (c === 92) {
      // A backslash continuation: the statement goes on, the physical line ends.
      i += text.charCodeAt(i + 1) === 13 ? 3 : 2;
      endLine();
    } else if (c === 34 || c === 39) {
      const end = scanString(i);
      push('STR', i, end);
      // Lines inside a multi-line string are part of this token, not lines of their own.
      i = end;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      const next = text.charCodeAt(j);
      if ((next === 34 || next === 39) && STRING_PREFIX.test(word)) {
        const end = scanString(j);
        push('STR', i, end);
        i = end;
      } else {
        push(KEYWORDS.has(word) ? word : 'ID', i, j);
        i = j;
      }
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      let j = i + 1;
      for (;;) {
        const d = text.charCodeAt(j);
        if (isIdentPart(d) || d === 46) j++;
        else if ((d === 43 || d === 45) && (text.charCodeAt(j - 1) | 32) === 101 && !/^0[xX]/.test(text.slice(i, i + 2))) j++;
        else break;
      }
      push('NUM', i, j);
      i = j;
    } else {
      const three = text.slice(i, i + 3);
      const two = three.slice(0, 2);
      const op = OPERATORS3.has(three) ? three : OPERATORS2.has(two) ? two : text[i];
      if (op === '(' || op === '[' || op === '{') depth++;
      else if (op === ')' || op === ']' || op === '}') depth = Math.max(0, depth - 1);
      push(op, i, i + op.length);
      i += op.length;
    }
  }
  endLine();
  return lines;
}

/**
 * Whether a window of lines is too plain to call duplication: a block of imports; data or
 * declarations (fewer than two kinds of statement start in it: entries of a big literal, a run
 * of assignments or `parser.add_argument(…)` calls); a repeated line or stanza (six
 * `self.x = x`, alike properties); few distinct line shapes; short lines (`)`, `else:`).
 */
function isTrivial(lines: Line[], ids: Int32Array, from: number, size: number): boolean {
  let imports = 0;
  let tokenCount = 0;
  const distinct = new Set<number>();
  const kinds = new Set<string>();
  for (let k = from; k < from + size; k++) {
    if (lines[k].isImport) imports++;
    tokenCount += lines[k].tokens;
    distinct.add(ids[k]);
    if (lines[k].kind) kinds.add(lines[k].kind!);
  }
  if (imports === size || kinds.size < 2) return true;
  if (distinct.size * 2 <= size) return true;
  if (tokenCount < size * MIN_TOKENS_PER_LINE) return true;
  for (let p = 1; p * 2 <= size; p++) {
    let periodic = true;
    for (let k = from; k + p < from + size && periodic; k++) periodic = ids[k] === ids[k + p];
    if (periodic) return true;
  }
  return false;
}

/** Fewer tokens than this per line on average (`)`, `else:`, `pass`) is not code worth a finding. */
const MIN_TOKENS_PER_LINE = 3;

/**
 * What it does: flags a run of at least `minLines` code lines (default 6) whose token shape
 * repeats earlier in the same file: identifiers become `ID`, strings `STR`, numbers `NUM`;
 * keywords, operators and punctuation stay; blank lines, comments and indentation are ignored.
 * Reported once per duplicated region, at the later copy; related information points at the
 * first copy. Not flagged (see `isTrivial`): runs of imports; runs with fewer than two kinds
 * of statement (entries of a data literal, only assignments, only calls); a line or stanza
 * repeated in place (six `self.x = x`, alike properties); runs with fewer distinct line shapes
 * than half their length; runs of very short lines.
 * Why: copied code drifts apart; a fix made in one copy is missed in the other.
 * Fix: none; move the shared logic into a function.
 */
export default defineRule({
  meta: {
    id: 'duplicate-code',
    category: 'bloat',
    guideline: 'Keep code DRY: no duplicated blocks.',
    defaultSeverity: 'warning',
    description: 'Flags runs of six or more lines whose token shape repeats elsewhere in the file.',
    phrases: { avoid: [/\bduplicat/i, /\bcopy[\s-]*(?:and[\s-]*)?paste/i, /\brepeat(?:ed|ing)?\s+(?:code|yourself|logic)/i, /\bbloat(?:ed)?\b/i], require: [/\bdry\b(?!\s*-?\s*runs?\b)/i] },
    numberOptions: [{ option: 'minLines', pattern: /\b(\d+)\s+(?:or\s+more\s+)?(?:duplicated?|repeated|identical|copied|copy-pasted)\s+lines\b/i }],
    fixable: false,
    example: {
      flagged:
        'def train_step(model, batch, opt):\n    x, y = batch\n    out = model(x)\n    loss = F.cross_entropy(out, y)\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n    return loss\n\n' +
        'def finetune_step(net, data, sgd):\n    a, b = data\n    pred = net(a)\n    err = F.cross_entropy(pred, b)\n    sgd.zero_grad()\n    err.backward()\n    sgd.step()\n    return err\n',
      fixed: 'def train_step(model, batch, opt):\n    x, y = batch\n    loss = F.cross_entropy(model(x), y)\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n    return loss\n\nfinetune_step = train_step\n',
    },
  },
  options: z.object({ minLines: z.number().int().min(2).default(6) }).strict(),
  check(ctx) {
    const size = ctx.options.minLines;
    const lines = codeLines(ctx.text);
    if (lines.length < size * 2) return;
    // Each distinct shape gets a small integer; a window is keyed by its shapes' integers.
    const shapeIds = new Map<string, number>();
    const ids = new Int32Array(lines.length);
    lines.forEach((l, k) => {
      let id = shapeIds.get(l.shape);
      if (id === undefined) shapeIds.set(l.shape, (id = shapeIds.size));
      ids[k] = id;
    });
    const firstAt = new Map<string, number>();
    const index = new LineIndex(ctx.text);
    const span = (from: number, to: number): Range => ({ start: index.positionAt(lines[from].start), end: index.positionAt(lines[to].end) });
    const report = (later: number, earlier: number, count: number) => {
      const first = span(later, later);
      const copy = span(earlier, earlier + count - 1);
      const laterEnd = index.positionAt(lines[later + count - 1].end).line + 1;
      const what = `lines ${first.start.line + 1}-${laterEnd}`;
      const twin = `lines ${copy.start.line + 1}-${copy.end.line + 1}`;
      ctx.report({
        range: first,
        message: `${what} duplicate ${twin} (same code up to names and literals): move the shared logic into a function`,
        related: [{ range: copy, message: 'first copy here' }],
      });
    };
    // The current run: later copy starts at window `runStart`, the earlier copy `offset` lines before.
    let runStart = -1;
    let runEnd = -1;
    let offset = 0;
    let coveredUntil = 0;
    const last = lines.length - size;
    for (let w = 0; w <= last; w++) {
      const key = ids.subarray(w, w + size).join(',');
      if (runStart >= 0) {
        const grows = w === runEnd + 1 && w + size <= runStart + offset && ids[w + size - 1] === ids[w + size - 1 - offset];
        if (grows) {
          runEnd = w;
          if (!firstAt.has(key)) firstAt.set(key, w);
          continue;
        }
        report(runStart, runStart - offset, runEnd - runStart + size);
        coveredUntil = runEnd + size;
        runStart = -1;
      }
      const earlier = firstAt.get(key);
      if (earlier === undefined) {
        firstAt.set(key, w);
        continue;
      }
      if (w < coveredUntil || earlier + size > w || isTrivial(lines, ids, w, size)) continue;
      runStart = runEnd = w;
      offset = w - earlier;
    }
    if (runStart >= 0) report(runStart, runStart - offset, runEnd - runStart + size);
  },
});
