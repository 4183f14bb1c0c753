import { z } from 'zod';
import { capture, defineRule } from '../rule';
import { unwrapTry } from '../rewrite/unwrapTry';

/**
 * What it does: flags every `except` clause.
 * Why: a try/except hides the failure it catches; research code should crash where it breaks.
 * Fix: unwrap the try, keeping its body (and `else`), and `finally` as a try/finally.
 */
export default defineRule({
  meta: {
    id: 'no-try-except',
    category: 'fail-fast',
    guideline: 'Never use try/except blocks: let errors surface.',
    defaultSeverity: 'error',
    description: 'Flags every except clause: the failure it catches should surface instead.',
    phrases: {
      avoid: [/\btry\s*(?:\/|-|and|\+|,)?\s*(?:except|catch)/i, /(?<!\b(?:broad|bare|generic|blanket|catch-all)\s+)\bexcept(?:ion)?\s+(?:blocks?|clauses?|handlers?)/i, /\bcatch(?:ing)?\s+(?:exceptions|errors)\b(?!\s+(?:(?:just|only|merely)\s+)?to\s+(?:log|print|ignore|hide|silence)\b)(?!\s+(?:just|only|merely)\b)/i],
    },
    fixable: true,
    example: {
      flagged: 'try:\n    x = load(path)\nexcept OSError:\n    x = None\n',
      fixed: 'x = load(path)\n',
    },
  },
  options: z.object({}).strict(),
  query: '(try_statement (except_clause) @clause) @try',
  check(ctx) {
    for (const m of ctx.matches) {
      const clause = capture(m, 'clause')!;
      const tryNode = capture(m, 'try')!;
      const colon = clause.children.find((c) => c?.type === ':');
      const header = { start: clause.startPosition, end: colon ? colon.endPosition : clause.startPosition };
      ctx.report({
        range: { start: { line: header.start.row, character: header.start.column }, end: { line: header.end.row, character: header.end.column } },
        message: 'try/except hides this failure: let the error surface instead of catching it',
        fix: unwrapTry(tryNode, ctx.text),
      });
    }
  },
});
