import { z } from 'zod';
import { capture, defineRule } from '../rule';
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
  query: '(function_definition name: (identifier) @name) @def',
  check(ctx) {
    if (ctx.matches.length === 0) return;
    const { maxLines } = ctx.options;
    const text = ctx.text;
    // Rows that hold code: not blank, not comment-only, not inside a docstring.
    const lineStarts: number[] = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const rows = lineStarts.length;
    const code = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      const end = r + 1 < rows ? lineStarts[r + 1] : text.length;
      for (let i = lineStarts[r]; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) {
          code[r] = 1;
          break;
        }
      }
    }
    for (const comment of ctx.facts.comments) {
      const r = comment.startPosition.row;
      if (text.slice(lineStarts[r], comment.startIndex).trim() === '') code[r] = 0;
    }
    for (const m of ctx.matches) {
      const def = capture(m, 'def')!;
      const doc = docstringOf(def);
      if (!doc) continue;
      // A docstring on the `def` line itself leaves that line counted.
      const first = Math.max(doc.startPosition.row, def.startPosition.row + 1);
      for (let r = first; r <= doc.endPosition.row; r++) code[r] = 0;
    }
    const before = new Int32Array(rows + 1);
    for (let r = 0; r < rows; r++) before[r + 1] = before[r] + code[r];

    for (const m of ctx.matches) {
      const def = capture(m, 'def')!;
      const name = capture(m, 'name')!;
      const count = before[def.endPosition.row + 1] - before[def.startPosition.row];
      if (count <= maxLines) continue;
      ctx.report({
        node: name,
        message: `function '${name.text}' has ${count} lines of code (limit ${maxLines}): split it into smaller functions`,
      });
    }
  },
});
