import { z } from 'zod';
import type { Range } from '../finding';
import { defineRule } from '../rule';
import { LineIndex } from '../text';

const KEYWORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
];
/** Token ids: identifiers, strings and numbers are one id each; keywords and operators their own. */
const ID = 1;
const STR = 2;
const NUM = 3;
const KEYWORD_ID = new Map(KEYWORDS.map((k, i) => [k, 10 + i]));
const IMPORT = KEYWORD_ID.get('import')!;
const FROM = KEYWORD_ID.get('from')!;
/** Multi-character operators, by their characters' codes; ids from 100. */
const OPERATORS = ['**=', '//=', '>>=', '<<=', '...', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', ':='];
const OPERATOR_ID = new Map(OPERATORS.map((op, i) => [op.length === 3 ? code3(op) : code2(op), 100 + i]));
/** Single characters: 1000 + their code. */
const CHAR = 1000;
const [LPAREN, LBRACKET, LBRACE, RPAREN, RBRACKET, RBRACE] = ['(', '[', '{', ')', ']', '}'].map((c) => c.charCodeAt(0));

function code2(s: string): number {
  return s.charCodeAt(0) * 65536 + s.charCodeAt(1);
}
function code3(s: string): number {
  return (s.charCodeAt(0) * 65536 + s.charCodeAt(1)) * 65536 + s.charCodeAt(2);
}

/** The code lines of a text: one entry per physical line that holds a token. */
export interface CodeLines {
  count: number;
  /** A 53-bit hash of the line's token shape (ids in order). */
  shape: Float64Array;
  /** Offset of the first token, end offset of the last one. */
  start: Int32Array;
  end: Int32Array;
  tokens: Int32Array;
  /** 1 when the line belongs to an import statement. */
  isImport: Uint8Array;
  /** For a line that starts a statement, the id of its kind (leading keyword or `expr`); 0 otherwise. */
  kind: Int32Array;
}

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;
const STRING_PREFIX = /^(?:[rRbBuUfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;
/** Statement kind for lines that start with an expression (an assignment, a call). */
const EXPR = 4;

/**
 * The code lines of a Python text as token shapes, by a small tokenizer: one pass over the
 * characters, no string per token (much cheaper than walking every node of the tree). Comments
 * and blank lines give no line; a token belongs to the line where it starts (a multi-line string
 * is one `STR`).
 */
export function codeLines(text: string): CodeLines {
  const n = text.length;
  let capacity = 1024;
  let out: CodeLines = alloc(capacity);
  let count = 0;
  let tokens = 0;
  let h1 = 0;
  let h2 = 0;
  let lineStart = 0;
  let lineEnd = 0;
  let lineKind = 0;
  let depth = 0;
  let atStatementStart = true;
  let statementIsImport = false;
  let lineIsImport = false;
  const push = (id: number, start: number, end: number) => {
    if (tokens === 0) {
      lineStart = start;
      lineKind = 0;
      if (atStatementStart) {
        statementIsImport = id === IMPORT || id === FROM;
        lineKind = id === ID || id === STR || id === NUM || id === CHAR + LPAREN || id === CHAR + LBRACKET ? EXPR : id;
      }
      atStatementStart = false;
      lineIsImport = statementIsImport;
      h1 = 0x811c9dc5;
      h2 = 0x9747b28c;
    }
    h1 = Math.imul(h1 ^ id, 0x01000193);
    h2 = Math.imul(h2 ^ (h2 >>> 13), 0x5bd1e995) + id;
    tokens++;
    lineEnd = end;
  };
  const endLine = () => {
    if (tokens === 0) return;
    if (count === capacity) out = grow(out, (capacity *= 2));
    out.shape[count] = (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
    out.start[count] = lineStart;
    out.end[count] = lineEnd;
    out.tokens[count] = tokens;
    out.isImport[count] = lineIsImport ? 1 : 0;
    out.kind[count] = lineKind;
    count++;
    tokens = 0;
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
  let i = 0;
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
      // Lines inside a multi-line string are part of this token, not lines of their own.
      const end = scanString(i);
      push(STR, i, end);
      i = end;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const next = text.charCodeAt(j);
      if ((next === 34 || next === 39) && j - i <= 2 && STRING_PREFIX.test(text.slice(i, j))) {
        const end = scanString(j);
        push(STR, i, end);
        i = end;
      } else {
        const keyword = j - i <= 8 && j - i >= 2 ? KEYWORD_ID.get(text.slice(i, j)) : undefined;
        push(keyword ?? ID, i, j);
        i = j;
      }
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const hex = c === 48 && (text.charCodeAt(i + 1) | 32) === 120;
      let j = i + 1;
      for (;;) {
        const d = text.charCodeAt(j);
        if (isIdentPart(d) || d === 46) j++;
        else if ((d === 43 || d === 45) && !hex && (text.charCodeAt(j - 1) | 32) === 101) j++;
        else break;
      }
      push(NUM, i, j);
      i = j;
    } else {
      const c2 = text.charCodeAt(i + 1);
      const three = OPERATOR_ID.get((c * 65536 + c2) * 65536 + text.charCodeAt(i + 2));
      const two = three === undefined ? OPERATOR_ID.get(c * 65536 + c2) : undefined;
      const length = three !== undefined ? 3 : two !== undefined ? 2 : 1;
      if (c === LPAREN || c === LBRACKET || c === LBRACE) depth++;
      else if (c === RPAREN || c === RBRACKET || c === RBRACE) depth = Math.max(0, depth - 1);
      push(three ?? two ?? CHAR + c, i, i + length);
      i += length;
    }
  }
  endLine();
  out.count = count;
  return out;
}

function alloc(capacity: number): CodeLines {
  return {
    count: 0,
    shape: new Float64Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    tokens: new Int32Array(capacity),
    isImport: new Uint8Array(capacity),
    kind: new Int32Array(capacity),
  };
}

function grow(old: CodeLines, capacity: number): CodeLines {
  const next = alloc(capacity);
  next.shape.set(old.shape);
  next.start.set(old.start);
  next.end.set(old.end);
  next.tokens.set(old.tokens);
  next.isImport.set(old.isImport);
  next.kind.set(old.kind);
  return next;
}

/** Fewer tokens than this per line on average (`)`, `else:`, `pass`) is not code worth a finding. */
const MIN_TOKENS_PER_LINE = 3;

/**
 * Whether a window of lines is too plain to call duplication: a block of imports; data or
 * declarations (fewer than two kinds of statement start in it: entries of a big literal, a run
 * of assignments or `parser.add_argument(…)` calls); a repeated line or stanza (six
 * `self.x = x`, alike properties); few distinct line shapes; short lines (`)`, `else:`).
 */
function isTrivial(lines: CodeLines, ids: Int32Array, from: number, size: number): boolean {
  let imports = 0;
  let tokenCount = 0;
  const distinct = new Set<number>();
  const kinds = new Set<number>();
  for (let k = from; k < from + size; k++) {
    imports += lines.isImport[k];
    tokenCount += lines.tokens[k];
    distinct.add(ids[k]);
    if (lines.kind[k]) kinds.add(lines.kind[k]);
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
    if (lines.count < size * 2) return;
    // Each distinct shape gets a small integer; a window is keyed by its shapes' integers.
    const shapeIds = new Map<number, number>();
    const ids = new Int32Array(lines.count);
    for (let k = 0; k < lines.count; k++) {
      let id = shapeIds.get(lines.shape[k]);
      if (id === undefined) shapeIds.set(lines.shape[k], (id = shapeIds.size));
      ids[k] = id;
    }
    const firstAt = new Map<string, number>();
    let lineIndex: LineIndex | undefined;
    const span = (from: number, to: number): Range => {
      const index = (lineIndex ??= new LineIndex(ctx.text));
      return { start: index.positionAt(lines.start[from]), end: index.positionAt(lines.end[to]) };
    };
    const report = (later: number, earlier: number, count: number) => {
      const first = span(later, later);
      const copy = span(earlier, earlier + count - 1);
      const laterEnd = span(later + count - 1, later + count - 1).end.line + 1;
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
    const last = lines.count - size;
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
