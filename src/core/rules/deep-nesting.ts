import { z } from 'zod';
import type { Node } from '../parse/python';
import { capture, CLASS_DEFINITIONS, defineRule, FUNCTION_DEFINITIONS } from '../rule';

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
  // Functions and classes (where counting starts again) share the patterns of other rules: no extra work for the query.
  query: [
    '[(if_statement) (for_statement) (while_statement) (with_statement) (try_statement) (match_statement)] @stmt',
    FUNCTION_DEFINITIONS,
    CLASS_DEFINITIONS,
  ].join('\n'),
  check(ctx) {
    const { maxDepth } = ctx.options;
    // Statements and scopes in document order; a node's ancestors among them are those whose span
    // holds it (nodes of one tree nest or are apart), found with a stack instead of `node.parent`.
    const nodes = ctx.matches
      .map((m) => {
        const stmt = capture(m, 'stmt');
        const node = stmt ?? capture(m, 'def')!;
        return { node, start: node.startIndex, end: node.endIndex, scope: !stmt, depth: 0, holder: undefined as Node | undefined };
      })
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const open: typeof nodes = [];
    const groups = new Map<number, { first: Node; deepest: number }>();
    for (const entry of nodes) {
      while (open.length && open[open.length - 1]!.end <= entry.start) open.pop();
      const outer = open[open.length - 1];
      open.push(entry);
      if (entry.scope) continue;
      const stmt = entry.node;
      // Counting starts from zero in a function, a class body and at module level.
      const depth = outer && !outer.scope ? outer.depth + 1 : 1;
      let holder = outer && !outer.scope ? outer.holder : undefined;
      entry.depth = depth;
      if (depth === maxDepth) holder = stmt;
      entry.holder = holder;
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
