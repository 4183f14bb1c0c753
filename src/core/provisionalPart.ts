import type { Node, Tree } from './parse/python';

/** Parts of a text to parse alone (sorted, disjoint `[start, end)` offsets of whole lines) and the one of them to lint. */
export interface NarrowedPart {
  parts: Array<[number, number]>;
  region: [number, number];
}

/** The offset of the start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the end of the line holding `offset` (past its `\n`, or the text's end). */
function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i + 1;
}

/** The node under a statement whose block or brackets an edit can be narrowed into, with the lines before and after its members. */
interface Inner {
  /** The node whose named children are the members. */
  members: Node;
  /** The lines before the first member (`[statement's line start, first member's line start)`). */
  head: [number, number];
  /** The lines from the closing bracket of a collection to the statement's end. */
  tail?: [number, number];
  function: boolean;
}

const BLOCK_OWNERS: Readonly<Record<string, string>> = {
  function_definition: 'body',
  class_definition: 'body',
  for_statement: 'body',
  while_statement: 'body',
  with_statement: 'body',
  if_statement: 'consequence',
};

const COLLECTIONS = new Set(['list', 'dictionary', 'set', 'tuple', 'argument_list']);

/**
 * A statement's block (a function, class, loop, `with`, or `if` without `elif`/`else`, through
 * decorators) or its bracketed collection (a list, dict, set, tuple or call arguments, alone or
 * assigned), when its members start on lines of their own; else undefined.
 */
function innerOf(text: string, statement: Node): Inner | undefined {
  const start = lineStart(text, statement.startIndex);
  const owner = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  const field = owner && BLOCK_OWNERS[owner.type];
  if (owner && field) {
    const body = owner.childForFieldName(field);
    if (!body || owner.childForFieldName('alternative')) return undefined;
    const bodyLine = lineStart(text, body.startIndex);
    return bodyLine > start ? { members: body, head: [start, bodyLine], function: owner.type === 'function_definition' } : undefined;
  }
  let value = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.namedChild(0) : null;
  if (value?.type === 'assignment' || value?.type === 'augmented_assignment') value = value.childForFieldName('right');
  if (value?.type === 'call') value = value.childForFieldName('arguments');
  if (!value || !COLLECTIONS.has(value.type)) return undefined;
  const first = value.firstNamedChild;
  const last = value.lastNamedChild;
  const closer = value.lastChild;
  if (!first || !last || !closer || closer === last) return undefined;
  const firstLine = lineStart(text, first.startIndex);
  const closeLine = lineStart(text, closer.startIndex);
  if (firstLine <= start || closeLine < lineEnd(text, last.endIndex)) return undefined;
  return { members: value, head: [start, firstLine], tail: [closeLine, lineEnd(text, statement.endIndex)], function: false };
}

/** The largest first or last statement of a function body kept beside the touched members (UTF-16 code units). */
const KEPT_CHARS = 1_000;

/**
 * Narrows an edit inside a large top-level statement to the members it touched, for a parse of
 * those alone while the user types: `tree` is the document's last tree, `edit`ed to the text's
 * coordinates (not reparsed), `[lo, hi)` the edited span of `text`. Descends through the one
 * block (function, class, loop, `with`, plain `if`) or bracketed collection the edit is in,
 * keeping the lines before its members (and a collection's closing lines), while the touched
 * members take more than `maxChars`; in a function's body it also keeps the first and last
 * statements when small, which the rules read to judge the others (a final `return`, a stub). The parts parse as one document whose indentation and nesting match the file's.
 * Undefined when the edit touches a header, several top-level statements, or more than
 * 4 × `maxChars` it cannot narrow.
 */
export function narrowPart(tree: Tree, text: string, lo: number, hi: number, maxChars: number): NarrowedPart | undefined {
  const from = lineStart(text, lo);
  const to = lineEnd(text, Math.max(lo, hi - 1));
  const parts: Array<[number, number]> = [];
  let container: Node = tree.rootNode;
  for (let depth = 0; depth < 16; depth++) {
    const touched: Node[] = [];
    for (let c = container.firstNamedChildForIndex(from); c && c.startIndex < to; c = c.nextNamedSibling) touched.push(c);
    const regionFrom = touched.length ? Math.min(from, lineStart(text, touched[0]!.startIndex)) : from;
    const regionTo = touched.length ? Math.max(to, lineEnd(text, touched[touched.length - 1]!.endIndex)) : to;
    const done = (): NarrowedPart => ({ parts: merge([...parts, [regionFrom, regionTo]]), region: [regionFrom, regionTo] });
    if (depth > 0 && regionTo - regionFrom <= maxChars) return done();
    const inner = touched.length === 1 ? innerOf(text, touched[0]!) : undefined;
    if (!inner || from < inner.head[1] || (inner.tail && to > inner.tail[0])) return depth > 0 && regionTo - regionFrom <= 4 * maxChars ? done() : undefined;
    parts.push(inner.head);
    if (inner.tail) parts.push(inner.tail);
    if (inner.function) {
      // Kept so that the touched members are judged as in the whole body (not the first or last statement of it).
      const body = inner.members;
      for (const kept of [body.firstNamedChild, body.lastNamedChild]) {
        if (!kept) continue;
        const keptFrom = lineStart(text, kept.startIndex);
        const keptTo = lineEnd(text, kept.endIndex);
        if (keptTo - keptFrom <= KEPT_CHARS && (keptTo <= from || keptFrom >= to)) parts.push([keptFrom, keptTo]);
      }
    }
    container = inner.members;
  }
  return undefined;
}

/** Sorted parts with the overlapping and touching ones joined. */
function merge(parts: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [s, e] of parts.sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
