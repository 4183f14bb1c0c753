import * as assert from 'assert';
import { parsePython, type Node } from '../../src/core/parse/python';
import { definitionInfos, SpanForest } from '../../src/core/syntax';
import { prng } from '../../bench/reliability/mutate';

const DEFINITIONS = ['function_definition', 'class_definition'];

function forestOf(spans: Array<[number, number, string]>): SpanForest<string> {
  return new SpanForest(spans.map(([start, end, item]) => ({ start, end, item })));
}

/** Checks `forest.innermost(at)` for each `[at, expected]`. */
function expectInnermost(forest: SpanForest<string>, cases: Array<[number, string | undefined]>): void {
  for (const [at, expected] of cases) assert.strictEqual(forest.innermost(at), expected, `innermost(${at})`);
}

function nearestDefinition(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (DEFINITIONS.includes(p.type)) return p;
  return undefined;
}

function outermostDefinition(node: Node): Node | undefined {
  let found: Node | undefined;
  for (let p = node.parent; p; p = p.parent) if (DEFINITIONS.includes(p.type)) found = p;
  return found;
}

const SNIPPETS = [
  `import os

def outer(a, b=1):
    x = a + b

    def inner(c):
        return lambda d: c + d + x

    y = inner(a)
    return y


class Model(Base):
    """A model."""

    size = 3

    @staticmethod
    def build(n: int, *args, **kw):
        return Model(n)

    @property
    def shape(self):
        def helper(k):
            class Local:
                z = k
            return Local
        w = helper(self.size)
        return w

    def forward(self, t):
        f = lambda q: q * 2
        return f(t)

    after = size


@decorate(arg)
def top(v):
    return v

result = top(outer(1, 2))
`,
  `def a():
    def b():
        def c():
            return 1
        return c
    return b
def d(): return a
class E:
    def f(self): pass
    g = 1
class H: pass
i = [j for j in range(3)]
`,
];

/** Random nesting of functions, classes, decorators, lambdas and statements after nested blocks. */
function randomPython(random: () => number): string {
  let counter = 0;
  const name = () => `n${counter++}`;
  const lines: string[] = [];
  const block = (indent: string, depth: number, inClass: boolean) => {
    const count = 1 + Math.floor(random() * 4);
    for (let s = 0; s < count; s++) {
      const pick = random();
      if (depth < 4 && pick < 0.25) {
        if (random() < 0.4) lines.push(`${indent}@${random() < 0.5 ? 'staticmethod' : `deco(${name()})`}`);
        lines.push(`${indent}def ${name()}(${inClass ? 'self, ' : ''}${name()}, ${name()}=${name()}):`);
        block(indent + '    ', depth + 1, false);
      } else if (depth < 4 && pick < 0.4) {
        if (random() < 0.3) lines.push(`${indent}@dataclass`);
        lines.push(`${indent}class ${name()}(${name()}):`);
        block(indent + '    ', depth + 1, true);
      } else if (pick < 0.55) {
        lines.push(`${indent}${name()} = lambda ${name()}: ${name()} + ${name()}`);
      } else if (pick < 0.65 && depth > 0 && !inClass) {
        lines.push(`${indent}return ${name()}(${name()})`);
      } else {
        lines.push(`${indent}${name()} = ${name()}.${name()}(${name()})`);
      }
    }
  };
  block('', 0, false);
  return lines.join('\n') + '\n';
}

describe('SpanForest', () => {
  it('finds the innermost of nested spans', () => {
    const forest = forestOf([
      [0, 100, 'outer'],
      [10, 50, 'middle'],
      [20, 30, 'inner'],
    ]);
    expectInnermost(forest, [[0, 'outer'], [10, 'middle'], [25, 'inner'], [29, 'inner'], [30, 'middle'], [50, 'outer'], [99, 'outer'], [100, undefined]]);
  });

  it('gives the later of two adjacent spans at the offset where one ends and the next starts', () => {
    const forest = forestOf([
      [0, 10, 'a'],
      [10, 20, 'b'],
    ]);
    expectInnermost(forest, [[9, 'a'], [10, 'b'], [20, undefined]]);
  });

  it('gives the enclosing span, or nothing, in a gap between spans and before all of them', () => {
    const forest = forestOf([
      [5, 60, 'outer'],
      [10, 20, 'first'],
      [30, 40, 'second'],
      [70, 80, 'apart'],
    ]);
    expectInnermost(forest, [[0, undefined], [4, undefined], [25, 'outer'], [45, 'outer'], [65, undefined], [75, 'apart']]);
  });

  it('takes spans in any order', () => {
    const spans: Array<[number, number, string]> = [
      [30, 40, 'second'],
      [12, 15, 'deep'],
      [0, 100, 'outer'],
      [10, 20, 'first'],
    ];
    for (const order of [spans, [...spans].reverse()]) {
      const forest = forestOf(order);
      expectInnermost(forest, [[13, 'deep'], [17, 'first'], [25, 'outer'], [35, 'second'], [100, undefined]]);
    }
  });

  it('is empty without spans', () => {
    assert.strictEqual(forestOf([]).innermost(0), undefined);
  });

  it('finds for every identifier the nearest enclosing function or class, as node.parent does', () => {
    const random = prng(7);
    const sources = [...SNIPPETS];
    for (let round = 0; round < 40; round++) sources.push(randomPython(random));
    let nested = 0;
    for (const text of sources) {
      const tree = parsePython(text);
      try {
        assert.ok(!tree.rootNode.hasError, text);
        const defs = tree.rootNode.descendantsOfType(DEFINITIONS).filter((d): d is Node => !!d);
        const forest = new SpanForest(defs.map((d) => ({ start: d.startIndex, end: d.endIndex, item: d })));
        for (const id of tree.rootNode.descendantsOfType('identifier')) {
          if (!id) continue;
          const expected = nearestDefinition(id);
          if (expected && expected.id !== outermostDefinition(id)!.id) nested++;
          assert.strictEqual(forest.innermost(id.startIndex)?.id, expected?.id, `${id.text} at ${id.startIndex} in:\n${text}`);
        }
      } finally {
        tree.delete();
      }
    }
    // Without identifiers whose nearest definition is not the outermost, an outermost answer would pass.
    assert.ok(nested > 100, `${nested}`);
  });
});

describe('definitionInfos', () => {
  const SOURCE = `class C:
    @staticmethod
    def f(x: int, *args, **kw):
        """Doc."""
        return x

    def g(self, y=1):
        return y


def h(z):
    return z
`;

  it('reads parameters, docstring, decorators, the class of a method and the definitions around it', () => {
    const tree = parsePython(SOURCE);
    try {
      const ancestors = (node: Node): Node[] => {
        const out: Node[] = [];
        for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition') out.push(p);
        return out;
      };
      const info = definitionInfos(ancestors);
      const byName = (name: string) => tree.rootNode.descendantsOfType('function_definition').find((d) => d?.childForFieldName('name')?.text === name)!;
      const cls = tree.rootNode.descendantsOfType('class_definition')[0]!;

      const f = info(byName('f'));
      assert.strictEqual(f.isMethod, true);
      assert.strictEqual(f.methodOf?.id, cls.id);
      assert.deepStrictEqual(f.decorators, ['staticmethod']);
      assert.deepStrictEqual(f.parameters.map((p) => [p.name, p.splat]), [['x', undefined], ['args', '*'], ['kw', '**']]);
      assert.strictEqual(f.parameters[0]!.annotation?.text, 'int');
      assert.strictEqual(f.docstring?.text, '"""Doc."""');
      assert.deepStrictEqual(f.enclosing.map((d) => d.id), [cls.id]);

      const g = info(byName('g'));
      assert.strictEqual(g.isMethod, true);
      assert.strictEqual(g.methodOf?.id, cls.id);
      assert.deepStrictEqual(g.decorators, []);
      assert.deepStrictEqual(g.parameters.map((p) => p.name), ['self', 'y']);
      assert.strictEqual(g.parameters[1]!.default?.text, '1');
      assert.strictEqual(g.docstring, undefined);

      const h = info(byName('h'));
      assert.strictEqual(h.isMethod, false);
      assert.strictEqual(h.methodOf, undefined);
      assert.deepStrictEqual(h.decorators, []);
      assert.deepStrictEqual(h.parameters.map((p) => p.name), ['z']);
      assert.strictEqual(h.docstring, undefined);
      assert.deepStrictEqual(h.enclosing, []);
    } finally {
      tree.delete();
    }
  });

  it('gives one info per definition, for the same node and for the node found again', () => {
    const tree = parsePython(SOURCE);
    try {
      const info = definitionInfos(() => []);
      const first = tree.rootNode.descendantsOfType('function_definition')[0]!;
      const again = tree.rootNode.descendantsOfType('function_definition')[0]!;
      assert.notStrictEqual(first, again);
      assert.strictEqual(info(first), info(first));
      assert.strictEqual(info(first), info(again));
      const second = tree.rootNode.descendantsOfType('function_definition')[1]!;
      assert.notStrictEqual(info(second), info(first));
      assert.notStrictEqual(definitionInfos(() => [])(first), info(first));
    } finally {
      tree.delete();
    }
  });
});
