import type { Fix } from '../finding';
import type { Node } from '../parse/python';
import { eolOf, lineIndexOf } from '../text';
import { reindentBlock, stringInteriorRows } from './unwrapTry';

/**
 * The fix that drops one item of a `with` statement (e.g. `contextlib.suppress(...)`): with other
 * items, only that item and its comma go; when it is the only item, the body replaces the whole
 * statement, dedented. Undefined when the shape is unusual.
 */
export function unwrapWithItem(withNode: Node, item: Node, text: string): Fix | undefined {
  if (withNode.type !== 'with_statement' || withNode.hasError) return undefined;
  const clause = withNode.namedChildren.find((c) => c?.type === 'with_clause');
  const items = clause?.namedChildren.filter((c): c is Node => !!c && c.type === 'with_item') ?? [];
  const at = items.findIndex((i) => i.startIndex === item.startIndex && i.endIndex === item.endIndex);
  if (at < 0) return undefined;
  if (items.length > 1) {
    const edit = at < items.length - 1
      ? { start: item.startIndex, end: items[at + 1].startIndex, text: '' }
      : { start: items[at - 1].endIndex, end: item.endIndex, text: '' };
    return { title: `Remove '${item.text}' from the with statement`, edits: [edit], safe: true };
  }
  const body = withNode.childForFieldName('body');
  if (!body) return undefined;
  const lines = lineIndexOf(text);
  const row = withNode.startPosition.row;
  const indent = text.slice(lines.lineStart(row), withNode.startIndex);
  if (indent.trim() !== '') return undefined;
  const out = reindentBlock(body, indent, lines, stringInteriorRows(body)).join(eolOf(text));
  return {
    title: `Unwrap 'with ${item.text}': keep its body`,
    edits: [{ start: withNode.startIndex, end: withNode.endIndex, text: out.slice(indent.length) }],
    safe: true,
  };
}
