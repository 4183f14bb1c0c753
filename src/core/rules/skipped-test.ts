import { z } from 'zod';
import { aliasMap, canonicalName, chainOf, importBindings } from '../names';
import type { Node } from '../parse/python';
import { capture, defineRule, methodCalls, nameCalls } from '../rule';

const options = z
  .object({
    /** Flag expected failures too (`xfail`, `expectedFailure`). */
    xfail: z.boolean().default(true),
    /** Flag conditional skips too (`skipif`, `skipIf`, `skipUnless`). */
    conditional: z.boolean().default(true),
  })
  .strict();

type Kind = 'skip' | 'conditional' | 'xfail';

/** Decorators and marks, by the dotted name they resolve to. */
const MARKS: ReadonlyMap<string, Kind> = new Map([
  ['pytest.mark.skip', 'skip'],
  ['pytest.mark.skipif', 'conditional'],
  ['pytest.mark.xfail', 'xfail'],
  ['unittest.skip', 'skip'],
  ['unittest.skipIf', 'conditional'],
  ['unittest.skipUnless', 'conditional'],
  ['unittest.expectedFailure', 'xfail'],
]);

/** Calls that skip from inside a test. */
const CALLS: ReadonlyMap<string, Kind> = new Map([
  ['pytest.skip', 'skip'],
  ['pytest.xfail', 'xfail'],
  ['unittest.SkipTest', 'skip'],
]);

/**
 * What it does: flags tests switched off: `@pytest.mark.skip`, `skipif`, `xfail`,
 * `@unittest.skip`, `skipIf`, `skipUnless`, `expectedFailure`, a module's `pytestmark = …skip…`,
 * and `pytest.skip(...)`, `pytest.xfail(...)`, `self.skipTest(...)`, `raise unittest.SkipTest`
 * inside tests. Names resolve through the imports (`from pytest import mark` → `mark.skip`).
 * Why: "never skip or delete failing tests": a skipped test passes CI while the code is broken.
 * Options (defaults): `xfail: true`, `conditional: true`.
 * Never flagged: `pytest.importorskip` (an optional dependency, not a failing test).
 * Fix: none (make the test pass, or delete it deliberately).
 */
export default defineRule({
  meta: {
    id: 'skipped-test',
    category: 'project',
    guideline: 'Never skip or delete failing tests.',
    defaultSeverity: 'warning',
    description: 'Flags skip and xfail markers and skip calls that switch tests off.',
    phrases: {
      avoid: [
        /\bskip(?:s|ping|ped)?\s+(?:(?:or|and)\s+\w+\s+)?(?:\w+\s+)?tests?\b/i,
        /\bskipped\s+tests?\b/i,
        /\bx-?fail\w*\b/i,
        /\b(?:pytest\.mark\.skip|unittest\.skip|skipTest)\w*/i,
        /\bskip\s*(?:markers?|decorators?|marks?)\b/i,
        /\bdisabl(?:e|ed|ing)\s+(?:(?:or|and)\s+\w+\s+)?(?:\w+\s+)?tests?\b/i,
        /\bmark(?:ing)?\s+(?:\w+\s+){0,2}tests?\s+as\s+(?:skipped|xfail|expected\s+to\s+fail)\b/i,
      ],
    },
    fixable: false,
    example: {
      flagged: 'import pytest\n\n@pytest.mark.skip(reason="flaky")\ndef test_loss_decreases():\n    assert train(steps=10).loss < 1.0\n',
      fixed: 'def test_loss_decreases():\n    assert train(steps=10).loss < 1.0\n',
    },
  },
  options,
  query: [
    '(decorator) @dec',
    methodCalls(['skip', 'xfail', 'skipTest', 'SkipTest']),
    nameCalls(['skip', 'xfail', 'SkipTest']),
    // One capture: web-tree-sitter builds every capture of every assignment before it tests the name.
    '((assignment left: (identifier) @lhs right: (_)) (#eq? @lhs "pytestmark"))',
  ].join('\n'),
  check(ctx) {
    const o = ctx.options;
    const matchesAny = ctx.matches.length > 0;
    // Every name in MARKS and CALLS ends in one of these words, and an alias of one is bound by an import that writes it.
    if (!matchesAny || !/skip|xfail|expectedFailure/i.test(ctx.text)) return;
    const aliases = aliasMap(importBindings(ctx.tree.rootNode, ctx.facts.imports));
    const wanted = (k: Kind) => k === 'skip' || (k === 'xfail' ? o.xfail : o.conditional);
    const nameOf = (n: Node): { name: string; node: Node } | undefined => {
      const target = n.type === 'call' ? n.childForFieldName('function') : n;
      if (!target) return undefined;
      const chain = chainOf(target);
      if (!chain) return undefined;
      return { name: canonicalName(chain.parts.join('.'), aliases), node: target };
    };
    const messageFor = (written: string, kind: Kind, decorator: boolean): string => {
      const shown = decorator ? `@${written}` : `${written}()`;
      return kind === 'xfail'
        ? `'${shown}' marks a failing test as expected: fix the code or the test instead`
        : `'${shown}' switches a test off: make it pass instead of skipping it`;
    };
    const markAt = (expr: Node, decorator: boolean) => {
      const found = nameOf(expr);
      if (!found) return;
      const kind = MARKS.get(found.name);
      if (!kind || !wanted(kind)) return;
      ctx.report({ node: found.node, message: messageFor(found.node.text, kind, decorator) });
    };
    for (const m of ctx.matches) {
      const dec = capture(m, 'dec');
      if (dec) {
        const expr = dec.namedChildren.find((c) => !!c && c.type !== 'comment');
        if (expr) markAt(expr, true);
        continue;
      }
      const value = capture(m, 'lhs')?.parent?.childForFieldName('right');
      if (value) {
        const items = value.type === 'list' || value.type === 'tuple' ? value.namedChildren.filter((c): c is Node => !!c) : [value];
        for (const item of items) markAt(item, true);
        continue;
      }
      const call = capture(m, 'call');
      if (!call) continue;
      const fn = call.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'skipTest') {
        if (fn.childForFieldName('object')?.text === 'self') ctx.report({ node: fn, message: messageFor(fn.text, 'skip', false) });
        continue;
      }
      const found = nameOf(call);
      if (!found) continue;
      const kind = CALLS.get(found.name);
      if (!kind || !wanted(kind)) continue;
      // A skip mark used as a value (`marks=pytest.mark.skip(...)`) is a call too, and is caught as a mark.
      ctx.report({ node: found.node, message: messageFor(found.node.text, kind, false) });
    }
  },
});
