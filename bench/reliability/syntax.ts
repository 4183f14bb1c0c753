import type { Finding, Range } from '../../src/core/finding';
import { pythonLineBreaks } from '../../src/core/lintText';
import { parsePython, type Node } from '../../src/core/parse/python';

/**
 * The `ERROR` and `MISSING` nodes of a tree, outermost only (an independent walk, so the checks
 * do not trust the engine's own `errorRanges`).
 */
export function brokenNodes(root: Node): { count: number; ranges: Range[] } {
  const ranges: Range[] = [];
  if (!root.hasError) return { count: 0, ranges };
  const cursor = root.walk();
  try {
    let descend = true;
    for (;;) {
      const node = cursor.currentNode;
      if (descend && (node.isError || node.isMissing)) {
        ranges.push({ start: { line: node.startPosition.row, character: node.startPosition.column }, end: { line: node.endPosition.row, character: node.endPosition.column } });
        descend = false;
      }
      if (descend && node.hasError && cursor.gotoFirstChild()) continue;
      descend = true;
      if (cursor.gotoNextSibling()) continue;
      let moved = false;
      while (cursor.gotoParent()) {
        if (cursor.gotoNextSibling()) {
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
  } finally {
    cursor.delete();
  }
  return { count: ranges.length, ranges };
}

/** How many `ERROR`/`MISSING` nodes the parse of `text` has (read as lintText reads it). */
export function brokenCount(text: string): number {
  const tree = parsePython(pythonLineBreaks(text));
  try {
    return brokenNodes(tree.rootNode).count;
  } finally {
    tree.delete();
  }
}

const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);

/** Whether a finding shares a character with an `ERROR` region or strictly spans a `MISSING` point. */
export function touches(f: Finding, broken: readonly Range[]): boolean {
  return broken.some((b) => before(f.range.start, b.end) && before(b.start, f.range.end));
}
