import * as assert from 'assert';
import { parsePython } from '../../src/core/parse/python';
import { narrowPart } from '../../src/core/provisionalPart';

const SOURCE = `class Model:
    """A model."""

    def forward(self, x):
        """Runs it."""
        y = x + 1
        z = y * 2
        return z

    def other(self):
        pass


TABLE = [
    ("a", 1),
    ("b", 2),
]
`;

/** Narrows an edit of `SOURCE` at the first occurrence of `marker` (`length` code units long) with a part limit. */
function narrowAt(marker: string, length: number, maxChars: number): ReturnType<typeof narrowPart> {
  const tree = parsePython(SOURCE);
  try {
    const at = SOURCE.indexOf(marker);
    return narrowPart(tree, SOURCE, at, at + length, maxChars);
  } finally {
    tree.delete();
  }
}

/** The lines of `SOURCE` a narrowed part covers, joined. */
const linesOf = (parts: ReadonlyArray<readonly [number, number]>) => parts.map(([s, e]) => SOURCE.slice(s, e)).join('');

describe('narrowPart', () => {
  it('narrows an edit in a method to its statement, with the class and method headers and the first and last statements', () => {
    const narrowed = narrowAt('z = y', 1, 20)!;
    assert.strictEqual(SOURCE.slice(...narrowed.region), '        z = y * 2\n');
    assert.strictEqual(linesOf(narrowed.parts), 'class Model:\n    def forward(self, x):\n        """Runs it."""\n        z = y * 2\n        return z\n');
  });

  it('narrows an edit in a large collection to its element, with the opening and closing lines', () => {
    const narrowed = narrowAt('"b"', 0, 10)!;
    assert.strictEqual(SOURCE.slice(...narrowed.region), '    ("b", 2),\n');
    assert.strictEqual(linesOf(narrowed.parts), 'TABLE = [\n    ("b", 2),\n]\n');
  });

  it('gives up on an edit in a header (it can change the whole statement)', () => {
    assert.strictEqual(narrowAt('forward', 0, 20), undefined);
  });
});
