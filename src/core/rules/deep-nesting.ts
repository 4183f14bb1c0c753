import { z } from 'zod';
import type { Node } from '../parse/python';
import { capture, defineRule } from '../rule';

/** Where counting starts again from zero: a function, a class body, the module. */
const SCOPES = new Set(['function_definition', 'class_definition', 'module']);

/**
 * What it does: flags compound statements nested more than `maxDepth` levels (default 4).
 * Each `if`, `for`, `while`, `with`, `try` and `match` adds one level; its `elif`, `else`,
 * `except`, `finally` and `case` clauses sit at the same level as the statement. Counting
 * starts from zero in each function (a nested `def` starts again), class body and at module
 * level. One finding per block that is at the limit and holds deeper statements, on the
 * keyword of the first statement that goes too deep.
 * Why: every level is one more condition to keep in mind; deep code hides its main path.
 * Fix: none; return or continue early, or move the inner block into a function.
 */
export default defineRule({
  meta: {
    id: 'deep-nesting',
    category: 'bloat',
    guideline: 'Avoid deep nesting.',
    defaultSeverity: 'warning',
    description: 'Flags blocks nested deeper than maxDepth.',
    phrases: { avoid: [/\b(?:deep(?:ly)?|excessive)\s*(?:-\s*)?nest/i, /\bnesting\b/i, /\bbloat(?:ed)?\b/i], require: [/\bflat\s+(?:code|structure)\b/i, /\bearly\s+returns?\b/i] },
    numberOptions: [{ option: 'maxDepth', pattern: /\b(\d+)\s*(?:levels?|deep)\b/i }],
    fixable: false,
    example: {
      flagged:
        'def f(batches):\n    for batch in batches:\n        if batch:\n            for x in batch:\n                if x.valid:\n                    if x.ready:\n                        use(x)\n',
      fixed:
        'def f(batches):\n    for batch in batches:\n        for x in batch or []:\n            if x.valid and x.ready:\n                use(x)\n',
    },
  },
  options: z.object({ maxDepth: z.number().int().positive().default(4) }).strict(),
  query: '[(if_statement) (for_statement) (while_statement) (with_statement) (try_statement) (match_statement)] @stmt',
  check(ctx) {
    const { maxDepth } = ctx.options;
    // Depth of each compound statement, and the statement at depth `maxDepth` that holds it.
    const depthOf = new Map<number, number>();
    const holderOf = new Map<number, Node>();
    const groups = new Map<number, { first: Node; deepest: number }>();
    for (const m of ctx.matches) {
      const stmt = capture(m, 'stmt')!;
      let depth = 1;
      let holder: Node | undefined;
      for (let p = stmt.parent; p; p = p.parent) {
        const d = depthOf.get(p.id);
        if (d !== undefined) {
          depth = d + 1;
          holder = holderOf.get(p.id);
          break;
        }
        if (SCOPES.has(p.type)) break;
      }
      depthOf.set(stmt.id, depth);
      if (depth === maxDepth) holder = stmt;
      if (holder) holderOf.set(stmt.id, holder);
      if (depth <= maxDepth || !holder) continue;
      const group = groups.get(holder.id);
      if (group) group.deepest = Math.max(group.deepest, depth);
      else groups.set(holder.id, { first: stmt, deepest: depth });
    }
    for (const { first, deepest } of groups.values()) {
      const head = first.child(0)!;
      const keyword = head.type === 'async' ? (first.child(1) ?? head) : head;
      const word = head === keyword ? keyword.type : `async ${keyword.type}`;
      const deeper = deepest > maxDepth + 1 ? ` (${deepest} inside it)` : '';
      ctx.report({
        range: {
          start: { line: head.startPosition.row, character: head.startPosition.column },
          end: { line: keyword.endPosition.row, character: keyword.endPosition.column },
        },
        message: `'${word}' is nested ${maxDepth + 1} levels deep${deeper}, over the limit of ${maxDepth}: return early, or move the inner block into a function`,
      });
    }
  },
});
