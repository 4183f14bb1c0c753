import type { Fix } from '../finding';
import type { Node } from '../parse/python';
import { eolOf, lineIndexOf, type LineIndex } from '../text';

/** Rows strictly inside multi-line strings: re-indenting them would change the string's value. */
export function stringInteriorRows(node: Node): Set<number> {
  const rows = new Set<number>();
  for (const s of node.descendantsOfType('string')) {
    if (!s) continue;
    for (let r = s.startPosition.row + 1; r <= s.endPosition.row; r++) rows.add(r);
  }
  return rows;
}

/** The lines of a block, re-indented from the block's own indentation to `indent`. */
export function reindentBlock(block: Node, indent: string, lines: LineIndex, keep: Set<number>): string[] {
  const first = block.startPosition.row;
  if (first === block.parent!.startPosition.row) return [indent + block.text.trim()];
  const own = /^[ \t]*/.exec(lines.lineText(first))![0];
  const out: string[] = [];
  for (let row = first; row <= block.endPosition.row; row++) {
    const line = lines.lineText(row);
    if (keep.has(row)) out.push(line);
    else if (line.startsWith(own)) out.push(indent + line.slice(own.length));
    else out.push(line.trimStart() === '' ? '' : indent + line.trimStart());
  }
  return out;
}

/**
 * The "unwrap" fix of a try statement: keep the body of `try` (and of `else`), drop the except
 * handlers, dedent; with a `finally`, keep a `try/finally`. Undefined when the shape is unusual.
 */
export function unwrapTry(tryNode: Node, text: string): Fix | undefined {
  if (tryNode.type !== 'try_statement' || tryNode.hasError) return undefined;
  const lines = lineIndexOf(text);
  const eol = eolOf(text);
  const row = tryNode.startPosition.row;
  const lineStart = lines.lineStart(row);
  const tryIndent = text.slice(lineStart, tryNode.startIndex);
  if (tryIndent.trim() !== '') return undefined;
  const body = tryNode.childForFieldName('body');
  if (!body) return undefined;
  const elseClause = tryNode.namedChildren.find((c) => c?.type === 'else_clause') ?? undefined;
  const finallyClause = tryNode.namedChildren.find((c) => c?.type === 'finally_clause') ?? undefined;
  const keep = stringInteriorRows(tryNode);
  const elseBody = elseClause?.childForFieldName('body') ?? elseClause?.namedChildren.find((c) => c?.type === 'block') ?? undefined;

  let out: string[];
  if (finallyClause) {
    const bodyIndent = body.startPosition.row === row ? tryIndent + '    ' : /^[ \t]*/.exec(lines.lineText(body.startPosition.row))![0];
    out = [tryIndent + 'try:', ...reindentBlock(body, bodyIndent, lines, keep)];
    if (elseBody) out.push(...reindentBlock(elseBody, bodyIndent, lines, keep));
    out.push(text.slice(lines.lineStart(finallyClause.startPosition.row), finallyClause.endIndex));
  } else {
    out = reindentBlock(body, tryIndent, lines, keep);
    if (elseBody) out.push(...reindentBlock(elseBody, tryIndent, lines, keep));
  }
  const replaced = out.join(eol);
  return {
    title: finallyClause ? 'Remove the except handlers (keep try/finally)' : 'Unwrap try: keep its body, drop the handlers',
    edits: [{ start: tryNode.startIndex, end: tryNode.endIndex, text: replaced.slice(tryIndent.length) }],
    safe: true,
  };
}
