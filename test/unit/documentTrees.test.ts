import * as assert from 'assert';
import { DocumentTrees, type TextChange } from '../../src/core/parse/documentTrees';
import { parsePython, type Node, type Tree } from '../../src/core/parse/python';
import { LineIndex } from '../../src/core/text';
import { prng } from '../../bench/reliability/mutate';

/** Every node of a tree with its type and both coordinates: equal dumps mean equal trees, positions included. */
function dump(tree: Tree): string {
  const out: string[] = [];
  const cursor = tree.walk();
  for (;;) {
    const n: Node = cursor.currentNode;
    out.push(`${n.type}${n.isMissing ? '!' : ''} ${n.startIndex}-${n.endIndex} ${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return out.join('\n');
    }
  }
}

/** Asserts the kept tree equals a fresh parse of `text`: S-expression and every node's position. */
function assertFresh(trees: DocumentTrees, key: string, text: string, label: string): void {
  const state = trees.get(key)!;
  assert.strictEqual(state.text, text, `${label}: text`);
  const fresh = parsePython(text);
  try {
    assert.strictEqual(state.tree.rootNode.toString(), fresh.rootNode.toString(), `${label}: S-expression`);
    assert.strictEqual(dump(state.tree), dump(fresh), `${label}: positions`);
  } finally {
    fresh.delete();
  }
}

/** A change replacing [start, end) of `text` with `insert`, with the range an editor reports (UTF-16, before the change). */
function change(text: string, start: number, end: number, insert: string): TextChange {
  const lines = new LineIndex(text);
  return { range: { start: lines.positionAt(start), end: lines.positionAt(end) }, rangeOffset: start, rangeLength: end - start, text: insert };
}

const SOURCE = [
  '"""A model: ünïcödé 𝔘 in the docstring."""',
  'import torch',
  'from torch import nn',
  '',
  '',
  'class Net(nn.Module):',
  '    def __init__(self, d: int) -> None:',
  '        super().__init__()',
  '        self.w = nn.Linear(d, d)  # (d, d) — weights',
  '',
  '    def forward(self, x: torch.Tensor) -> torch.Tensor:',
  '        """Applies w: (B, D) → (B, D)."""',
  '        try:',
  '            y = self.w(x)',
  '        except RuntimeError:',
  '            y = None',
  '        return y',
  '',
  '',
  'def main(paths):',
  '    for p in paths:',
  '        if p.endswith(".pt"):',
  '            print(f"loading {p} 𝔘é")',
  '    return [torch.load(p) for p in paths]',
  '',
].join('\n');

const PIECES = ['x', ' ', '\n', '\n    ', 'try:', 'except', ':', '(', ')', '"', '"""', '#', 'return 1\n', '𝔘', 'é', '    ', 'def g():\n    pass\n', '', '\r\n'];

/** Never split a surrogate pair (editors do not). */
function avoidPairs(text: string, offset: number): number {
  return offset > 0 && offset < text.length && /[\uDC00-\uDFFF]/.test(text[offset]) ? offset - 1 : offset;
}

/** Random edits (single and multi-change events) through applyChanges; compare with a fresh parse along the way. */
function randomEdits(source: string, seed: number, steps: number): void {
  const random = prng(seed);
  const trees = new DocumentTrees();
  let text = source;
  trees.open('d', 1, text);
  for (let step = 0; step < steps; step++) {
    // One event: one change, or several from the end backwards, as multi-cursor edits arrive.
    const count = random() < 0.25 ? 2 + Math.floor(random() * 3) : 1;
    const changes: TextChange[] = [];
    let limit = text.length;
    for (let i = 0; i < count; i++) {
      const a = avoidPairs(text, Math.floor(random() * (limit + 1)));
      const b = random() < 0.5 ? a : avoidPairs(text, Math.min(limit, a + Math.floor(random() * 12)));
      const c = change(text, a, b, PIECES[Math.floor(random() * PIECES.length)]);
      changes.push(c);
      text = text.slice(0, a) + c.text + text.slice(b);
      limit = a;
    }
    const update = trees.applyChanges('d', step + 2, changes)!;
    assert.strictEqual(update.version, step + 2);
    assert.strictEqual(update.text, text);
    // The span covers every change: outside it both texts agree.
    const { start, oldEnd, newEnd } = update.span;
    assert.strictEqual(update.previousText.slice(0, start), text.slice(0, start));
    assert.strictEqual(update.previousText.slice(oldEnd), text.slice(newEnd));
    const before = new LineIndex(update.previousText);
    assert.deepStrictEqual(update.span.startPosition, before.positionAt(start));
    assert.deepStrictEqual(update.span.oldEndPosition, before.positionAt(oldEnd));
    assert.deepStrictEqual(update.span.newEndPosition, new LineIndex(text).positionAt(newEnd));
    // Changed ranges are in new coordinates, their points agreeing with their offsets.
    const lines = new LineIndex(text);
    for (const r of update.changedRanges) {
      const at = (p: { row: number; column: number }) => ({ line: p.row, character: p.column });
      assert.deepStrictEqual(at(r.startPosition), lines.positionAt(r.startIndex), `seed ${seed} step ${step}: changed range start`);
      assert.deepStrictEqual(at(r.endPosition), lines.positionAt(r.endIndex), `seed ${seed} step ${step}: changed range end`);
    }
    assertFresh(trees, 'd', text, `seed ${seed} step ${step}`);
  }
  trees.dispose();
}

describe('DocumentTrees', () => {
  it('after random edits the incremental tree equals a fresh parse of the final text', () => {
    for (const seed of [1, 2, 3]) randomEdits(SOURCE, seed, 150);
  });

  it('takes the old end from the change range: a wrong one misplaces the edited tree (the test can fail)', () => {
    // Delete the line "import torch\n": its old end is (2, 0); the already-edited text would say (1, 0).
    const defs = Array.from({ length: 20 }, (_, i) => `def f${i}(a, b):\n    return torch.zeros(a) + b * ${i}\n`).join('\n');
    const text = `x = 1\nimport torch\n\n\n${defs}`;
    const start = text.indexOf('import');
    const end = start + 'import torch\n'.length;
    const after = text.slice(0, start) + text.slice(end);
    // The 8th definition (f7), found by structure: an edited tree's node texts are stale until the reparse.
    const rowOf = (tree: Tree) => tree.rootNode.descendantsOfType('function_definition')[7]!.startPosition.row;
    const fresh = parsePython(after);
    const expected = rowOf(fresh);
    // Through DocumentTrees: the edited tree and the reparsed tree both put f7 where a fresh parse does.
    const trees = new DocumentTrees();
    trees.open('w', 1, text);
    trees.applyChanges('w', 2, [change(text, start, end, '')]);
    assert.strictEqual(rowOf(trees.get('w')!.tree), expected);
    assertFresh(trees, 'w', after, 'line deleted');
    trees.dispose();
    // By hand with the old end taken from the edited text: the edited tree is a row off.
    const wrong = parsePython(text);
    wrong.edit({
      startIndex: start,
      oldEndIndex: end,
      newEndIndex: start,
      startPosition: { row: 1, column: 0 },
      oldEndPosition: { row: 1, column: 0 },
      newEndPosition: { row: 1, column: 0 },
    });
    assert.notStrictEqual(rowOf(wrong), expected);
    wrong.delete();
    fresh.delete();
  });

  it('applies a multi-change event in order, each change against the text the previous ones left', () => {
    const trees = new DocumentTrees();
    let text = 'def f(a):\n    return a\n\n\ndef g(b):\n    return b\n';
    trees.open('m', 1, text);
    // Rename the parameter and its use in both functions: four changes, last first (as VS Code sends them).
    const changes: TextChange[] = [];
    for (const [from, to] of [['b', 'beta'], ['a', 'alpha']] as const) {
      for (const needle of [`return ${from}`, `(${from})`]) {
        const at = text.indexOf(needle) + needle.indexOf(from);
        const c = change(text, at, at + 1, to);
        changes.push(c);
        text = text.slice(0, at) + to + text.slice(at + 1);
      }
    }
    const update = trees.applyChanges('m', 2, changes)!;
    assert.strictEqual(update.text, 'def f(alpha):\n    return alpha\n\n\ndef g(beta):\n    return beta\n');
    assertFresh(trees, 'm', update.text, 'multi-change');
    const { start, oldEnd, newEnd, startPosition, oldEndPosition, newEndPosition } = update.span;
    assert.deepStrictEqual({ start, oldEnd, newEnd }, { start: 6, oldEnd: 'def f(a):\n    return a\n\n\ndef g(b):\n    return b'.length, newEnd: update.text.length - 1 });
    assert.deepStrictEqual({ startPosition, oldEndPosition, newEndPosition }, { startPosition: { line: 0, character: 6 }, oldEndPosition: { line: 5, character: 12 }, newEndPosition: { line: 5, character: 15 } });
    // An event with several changes that each add lines.
    const before = update.text;
    const c1 = change(before, before.length, before.length, '\n\ndef h():\n    return 3\n');
    const mid = before + c1.text;
    const at = mid.indexOf('    return alpha');
    const c2 = change(mid, at, at, '    alpha = alpha + 1\n');
    const final = mid.slice(0, at) + c2.text + mid.slice(at);
    trees.applyChanges('m', 3, [c1, c2]);
    assertFresh(trees, 'm', final, 'multi-line multi-change');
    trees.dispose();
  });

  it('keeps CRLF documents right (rows count \\n, the \\r stays in the line)', () => {
    const crlf = SOURCE.replace(/\n/g, '\r\n');
    randomEdits(crlf, 11, 80);
    const trees = new DocumentTrees();
    trees.open('c', 1, crlf);
    // Insert a statement with CRLF line ends inside the forward method.
    const at = crlf.indexOf('        return y');
    const insert = '        y = y * 2\r\n        assert y.ndim == 2\r\n';
    const update = trees.applyChanges('c', 2, [change(crlf, at, at, insert)])!;
    assertFresh(trees, 'c', update.text, 'CRLF insert');
    const ret = update.tree.rootNode.descendantsOfType('return_statement')[0]!;
    const line = new LineIndex(update.text).positionAt(update.text.indexOf('return y'));
    assert.deepStrictEqual({ row: ret.startPosition.row, column: ret.startPosition.column }, { row: line.line, column: line.character });
    trees.dispose();
  });

  it('counts columns in UTF-16 code units, before and after non-ASCII text on the same line', () => {
    const trees = new DocumentTrees();
    const text = 'x = "é𝔘"; y = 1\nz = "𝔘𝔘" + w\n';
    trees.open('u', 1, text);
    // Rename `y` (after 'é𝔘' on line 0: UTF-16 column 11, code point column 10).
    const at = text.indexOf('y =');
    assert.strictEqual(at, 11);
    const c = change(text, at, at + 1, 'why');
    assert.deepStrictEqual(c.range.start, { line: 0, character: 11 });
    const update = trees.applyChanges('u', 2, [c])!;
    assertFresh(trees, 'u', update.text, 'utf-16 rename');
    const ids = update.tree.rootNode.descendantsOfType('identifier').map((n) => `${n!.text}@${n!.startPosition.row}:${n!.startPosition.column}`);
    assert.deepStrictEqual(ids, ['x@0:0', 'why@0:11', 'z@1:0', 'w@1:13']);
    // Insert a string holding a surrogate pair before `w`: w moves seven code units.
    const at2 = update.text.indexOf('w\n');
    trees.applyChanges('u', 3, [change(update.text, at2, at2, '"𝔘" + ')]);
    const ids2 = trees.get('u')!.tree.rootNode.descendantsOfType('identifier').map((n) => `${n!.text}@${n!.startPosition.row}:${n!.startPosition.column}`);
    assert.deepStrictEqual(ids2, ['x@0:0', 'why@0:11', 'z@1:0', 'w@1:20']);
    assertFresh(trees, 'u', trees.get('u')!.text, 'utf-16 pair');
    trees.dispose();
  });

  it('reports changed ranges that cover a structural change', () => {
    const trees = new DocumentTrees();
    const text = 'def f():\n    return 1\n\n\ndef g():\n    return 2\n';
    trees.open('r', 1, text);
    const at = text.indexOf('return 2');
    const update = trees.applyChanges('r', 2, [change(text, at, at + 'return 2'.length, 'if x:\n        return 2')])!;
    assert.ok(update.changedRanges.length > 0);
    const first = Math.min(...update.changedRanges.map((r) => r.startIndex));
    assert.ok(first >= text.indexOf('def g'), 'nothing before def g changed');
    trees.dispose();
  });

  it('merges the events between two takeEdits into one span of the text as it was', () => {
    const random = prng(5);
    const trees = new DocumentTrees();
    let text = SOURCE;
    trees.open('t', 1, text);
    let version = 1;
    for (let round = 0; round < 40; round++) {
      const base = text;
      const events = 1 + Math.floor(random() * 4);
      for (let e = 0; e < events; e++) {
        const a = avoidPairs(text, Math.floor(random() * (text.length + 1)));
        const b = random() < 0.5 ? a : avoidPairs(text, Math.min(text.length, a + Math.floor(random() * 6)));
        const c = change(text, a, b, PIECES[Math.floor(random() * PIECES.length)]);
        text = text.slice(0, a) + c.text + text.slice(b);
        trees.applyChanges('t', ++version, [c]);
      }
      const edits = trees.takeEdits('t')!;
      assert.strictEqual(edits.previousText, base, `round ${round}`);
      const { start, oldEnd, newEnd } = edits.span;
      assert.strictEqual(base.slice(0, start), text.slice(0, start), `round ${round}: prefix`);
      assert.strictEqual(base.slice(oldEnd), text.slice(newEnd), `round ${round}: suffix`);
      assert.deepStrictEqual(edits.span.startPosition, new LineIndex(base).positionAt(start));
      assert.deepStrictEqual(edits.span.oldEndPosition, new LineIndex(base).positionAt(oldEnd));
      assert.deepStrictEqual(edits.span.newEndPosition, new LineIndex(text).positionAt(newEnd));
      for (const r of edits.changedRanges) assert.ok(r.startIndex >= 0 && r.startIndex <= r.endIndex && r.endIndex <= text.length, `round ${round}: changed range in the new text`);
      assert.strictEqual(trees.takeEdits('t'), undefined, 'taken');
    }
    trees.dispose();
  });

  it('ignores changes of a document it does not hold; tree() parses it whole', () => {
    const trees = new DocumentTrees();
    assert.strictEqual(trees.applyChanges('nope', 2, [change('x', 0, 0, 'y')]), undefined);
    const a = trees.tree('d', 1, 'x = 1\n');
    assert.strictEqual(trees.tree('d', 1, 'x = 1\n'), a, 'same version and text: the kept tree');
    const b = trees.tree('d', 3, 'def f():\n    return 2\n');
    assert.strictEqual(b.rootNode.text, 'def f():\n    return 2\n');
    trees.close('d');
    assert.strictEqual(trees.get('d'), undefined);
    trees.dispose();
  });
});
