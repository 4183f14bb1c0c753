import type { Fix } from '../finding';
import type { Node } from '../parse/python';
import { lineIndexOf } from '../text';

/**
 * The fix that deletes one `except` clause (its header and body lines) from a try statement that
 * keeps other handlers. Undefined when the clause does not own its lines, or is the only handler
 * (then the try must be unwrapped instead: see `unwrapTry`).
 */
export function removeExceptClause(clause: Node, text: string): Fix | undefined {
  const tryNode = clause.parent;
  if (!tryNode || tryNode.type !== 'try_statement' || tryNode.hasError) return undefined;
  const handlers = tryNode.namedChildren.filter((c) => c?.type === 'except_clause' || c?.type === 'except_group_clause');
  if (handlers.length < 2) return undefined;
  const lines = lineIndexOf(text);
  const start = lines.lineStart(clause.startPosition.row);
  if (text.slice(start, clause.startIndex).trim() !== '') return undefined;
  const nextRow = clause.endPosition.row + 1;
  const end = nextRow < lines.lineCount ? lines.lineStart(nextRow) : text.length;
  const colon = clause.children.find((c) => c?.type === ':');
  const header = text.slice(clause.startIndex, colon ? colon.endIndex : clause.startIndex + 6).replace(/\s+/g, ' ');
  return { title: `Remove the '${header}' handler`, edits: [{ start, end, text: '' }], safe: true };
}
