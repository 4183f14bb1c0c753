import { z } from 'zod';
import { capture, defineRule, FUNCTION_DEFINITIONS } from '../rule';
import { docstringOf } from '../syntax';

/**
 * What it does: flags a function whose code spans more than `maxLines` lines (default 50).
 * Counted: every line from the `def` line to the end of the body that holds code, so a long
 * signature counts; not counted: blank lines, comment-only lines, and the docstrings of the
 * function and of functions nested in it. Nested functions count toward the outer function
 * too (they are its lines), and are also checked on their own.
 * Why: a long function does several things; it is hard to read, test and reuse.
 * Fix: none; split it into smaller functions.
 */
export default defineRule({
  meta: {
    id: 'long-function',
    category: 'bloat',
    guideline: 'Keep functions short.',
    defaultSeverity: 'warning',
    description: 'Flags functions longer than maxLines (docstring, comments and blank lines not counted).',
    phrases: { avoid: [/\b(?:long|large|huge|giant)\s+functions?\b/i, /\bfunctions?\s+(?:longer|bigger|larger)\s+than\b/i, /\bbloat(?:ed)?\b/i], require: [/\b(?:short|small)\s+functions?\b/i, /\bfunctions?\s+(?:short|small)\b/i, /\bfunctions?\s+(?:under|below|at\s+most|of\s+at\s+most|shorter\s+than|no\s+longer\s+than)\s+\d+/i, /\bfunctions?\b[^.;]{0,40}?\b(?:under|below|at\s+most|max(?:imum)?|fewer\s+than|less\s+than|shorter\s+than|(?:no|not)\s+(?:be\s+)?(?:longer|more)\s+than)\s*\d+\s*(?:lines|loc)\b/i] },
    numberOptions: [{ option: 'maxLines', pattern: /\b(\d+)\s*(?:lines|loc)\b/i }],
    fixable: false,
    example: {
      flagged: 'def train(cfg):  # 120 lines: load data, build model, loop, evaluate, save\n    ...\n',
      fixed: 'def train(cfg):\n    data = load_data(cfg)\n    model = build_model(cfg)\n    fit(model, data, cfg)\n    save(model, cfg)\n',
    },
  },
  options: z.object({ maxLines: z.number().int().positive().default(50) }).strict(),
  query: FUNCTION_DEFINITIONS,
  check(ctx) {
    if (ctx.matches.length === 0) return;
    const { maxLines } = ctx.options;
    const text = ctx.text;
    // Rows that hold code: not blank, not comment-only, not inside a docstring. Only the rows of
    // the matched functions are read (after an edit, the region's functions, not the whole file).
    const spans = ctx.matches.map((m) => capture(m, 'def')!).map((d) => ({ row: d.startPosition.row, start: d.startIndex - d.startPosition.column, endRow: d.endPosition.row }));
    spans.sort((a, b) => a.row - b.row);
    const rows = spans.reduce((max, s) => Math.max(max, s.endRow), 0) + 1;
    const code = new Uint8Array(rows);
    const lineStarts = new Int32Array(rows).fill(-1);
    let scanned = -1;
    for (const span of spans) {
      if (span.endRow <= scanned) continue;
      let r = span.row;
      let i = span.start;
      // Skip the rows an earlier span already read (a function nested or overlapping on a row).
      while (r <= scanned) {
        i = text.indexOf('\n', i) + 1;
        r++;
      }
      for (; r <= span.endRow && i <= text.length; r++) {
        lineStarts[r] = i;
        let nl = text.indexOf('\n', i);
        if (nl < 0) nl = text.length;
        for (let j = i; j < nl; j++) {
          const c = text.charCodeAt(j);
          if (c !== 32 && c !== 9 && c !== 13 && c !== 12) {
            code[r] = 1;
            break;
          }
        }
        i = nl + 1;
      }
      scanned = span.endRow;
    }
    for (const comment of ctx.facts.comments) {
      const r = comment.startPosition.row;
      if (r < rows && lineStarts[r] >= 0 && text.slice(lineStarts[r], comment.startIndex).trim() === '') code[r] = 0;
    }
    for (const m of ctx.matches) {
      const def = capture(m, 'def')!;
      const doc = ctx.facts.definition(def).docstring;
      if (!doc) continue;
      // A docstring on the `def` line itself leaves that line counted.
      const first = Math.max(doc.startPosition.row, def.startPosition.row + 1);
      for (let r = first; r <= doc.endPosition.row; r++) code[r] = 0;
    }
    const before = new Int32Array(rows + 1);
    for (let r = 0; r < rows; r++) before[r + 1] = before[r] + code[r];

    const matched = new Set(ctx.matches.map((m) => capture(m, 'def')!.id));
    for (const m of ctx.matches) {
      const def = capture(m, 'def')!;
      const name = capture(m, 'name')!;
      let count = before[def.endPosition.row + 1] - before[def.startPosition.row];
      if (count <= maxLines) continue;
      // The docstrings of nested functions the query did not match (outside an incremental lint's
      // region) are not code either: read from the tree only for a function over the limit.
      let nested = false;
      for (const inner of ctx.matchedRows ? def.descendantsOfType('function_definition') : []) {
        const doc = inner && !matched.has(inner.id) ? docstringOf(inner) : null;
        if (!doc) continue;
        for (let r = Math.max(doc.startPosition.row, inner!.startPosition.row + 1); r <= doc.endPosition.row; r++) code[r] = 0;
        nested = true;
      }
      if (nested) {
        count = 0;
        for (let r = def.startPosition.row; r <= def.endPosition.row; r++) count += code[r];
      }
      if (count <= maxLines) continue;
      ctx.report({
        node: name,
        message: `function '${name.text}' has ${count} lines of code (limit ${maxLines}): split it into smaller functions`,
      });
    }
  },
});
