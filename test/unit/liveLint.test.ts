import * as assert from 'assert';
import { lint, type ActiveRule } from '../../src/core/engine';
import { LiveLints } from '../../src/core/liveLint';
import { DocumentTrees, type TextChange } from '../../src/core/parse/documentTrees';
import { RULES } from '../../src/core/rules';
import { LineIndex } from '../../src/core/text';

const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: rule.options.parse({}), source: null }));

const SOURCE = `import os
import torch


def scale(x, factor):
    return x * factor


def load(path):
    try:
        return open(path).read()
    except Exception:
        pass
`;

/** One insertion at an offset, as an editor reports it. */
function insert(text: string, at: number, inserted: string): TextChange {
  const pos = new LineIndex(text).positionAt(at);
  return { range: { start: pos, end: pos }, rangeOffset: at, rangeLength: 0, text: inserted };
}

describe('LiveLints', () => {
  it('re-lints from the edits since the last lint, and a lint without edits equals a full lint', () => {
    const trees = new DocumentTrees();
    const live = new LiveLints(trees, RULES);
    const key = 'file:///a.py';
    let text = SOURCE;
    trees.open(key, 1, text);
    const first = live.lint(key, 1, { text, path: 'a.py', rules: ACTIVE });
    assert.strictEqual(first.mode, 'full');

    // Two change events before one lint (typing while the debounce waits): `os` used, then a new function.
    let version = 1;
    for (const [at, inserted] of [[SOURCE.indexOf('    return x'), '    print(os.sep)\n'], [SOURCE.length, '\n\ndef more(y):\n    return y.view(-1)\n']] as const) {
      const offset = at === SOURCE.length ? text.length : text.indexOf('    return x');
      text = trees.applyChanges(key, ++version, [insert(text, offset, inserted)])!.text;
    }
    const typed = live.lint(key, version, { text, path: 'a.py', rules: ACTIVE }, true);
    assert.strictEqual(typed.mode, 'incremental');
    assert.ok(typed.stale.includes('unused-import'), 'file-wide rules wait for the idle lint');

    const idle = live.lint(key, version, { text, path: 'a.py', rules: ACTIVE });
    assert.deepStrictEqual(idle.stale, []);
    const tree = trees.get(key)!.tree;
    assert.deepStrictEqual(idle.findings, lint({ text, tree, path: 'a.py', rules: ACTIVE }, RULES).findings);
    trees.dispose();
  });

  it('while an edit leaves a syntax error, lints the edited statement alone; the idle lint equals a full lint', () => {
    const trees = new DocumentTrees();
    const live = new LiveLints(trees, RULES);
    const key = 'file:///c.py';
    trees.open(key, 1, SOURCE);
    const first = live.lint(key, 1, { text: SOURCE, path: 'c.py', rules: ACTIVE });
    const swallowed = (fs: readonly { ruleId: string; range: { start: { line: number } } }[]) => fs.filter((f) => f.ruleId === 'swallowed-exception').map((f) => f.range.start.line);
    assert.deepStrictEqual(swallowed(first.findings), [11]);
    // An unclosed bracket in \`scale\`: tree-sitter's error recovery would read on through \`load\`.
    const at = SOURCE.indexOf('x * factor');
    const update = trees.applyChanges(key, 2, [insert(SOURCE, at, '(')], 0);
    assert.ok(update && update.tree === undefined, 'the reparse is deferred');
    const text = update.text;
    const typed = live.lint(key, 2, { text, path: 'c.py', rules: ACTIVE }, true);
    assert.match(typed.reason ?? '', /^provisional/);
    assert.deepStrictEqual(typed.region, [{ startRow: 2, endRow: 6 }]);
    assert.deepStrictEqual(swallowed(typed.findings), [11], 'the finding in `load` is kept');
    assert.ok(typed.stale.includes('unused-import'));
    const idle = live.lint(key, 2, { text, path: 'c.py', rules: ACTIVE });
    assert.deepStrictEqual(idle.stale, []);
    assert.deepStrictEqual(idle.findings, lint({ text, tree: trees.get(key)!.tree, path: 'c.py', rules: ACTIVE }, RULES).findings);
    trees.dispose();
  });

  it('lints whole when the rules changed, the text changed unseen, or the document was forgotten', () => {
    const trees = new DocumentTrees();
    const live = new LiveLints(trees, RULES);
    const key = 'file:///b.py';
    const state = trees.open(key, 1, SOURCE);
    live.lint(key, 1, { text: SOURCE, path: 'b.py', rules: ACTIVE });
    const fewer = ACTIVE.slice(0, 3);
    const changedRules = live.lint(key, 1, { text: SOURCE, path: 'b.py', rules: fewer });
    assert.strictEqual(changedRules.mode, 'full');
    assert.deepStrictEqual(changedRules.findings, lint({ text: SOURCE, tree: state.tree, path: 'b.py', rules: fewer }, RULES).findings);

    const other = `${SOURCE}\nx = 1\n`;
    trees.tree(key, 5, other);
    const unseen = live.lint(key, 5, { text: other, path: 'b.py', rules: fewer });
    assert.strictEqual(unseen.mode, 'full');

    live.forget(key);
    assert.strictEqual(live.lint(key, 5, { text: other, path: 'b.py', rules: fewer }).mode, 'full');
    trees.dispose();
  });
});
