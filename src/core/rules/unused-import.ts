import { z } from 'zod';
import type { Edit, Fix } from '../finding';
import type { Node } from '../parse/python';
import { capture, defineRule } from '../rule';
import { statementsOf } from '../syntax';

/** One name an import statement binds. */
interface Binding {
  /** The name bound in the module: the alias, or the first part of `import a.b.c`. */
  name: string;
  /** The imported item as written (`a.b.c`, `x as y`): removed by the fix. */
  item: Node;
  /** What the finding points at: the alias, or the dotted name. */
  target: Node;
  statement: Node;
}

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;

/**
 * Calls `visit` for each occurrence of `word` as a whole word (not inside a longer run of
 * letters, digits, `_` and non-ASCII code units), in order, until it returns false.
 */
function forEachOccurrence(text: string, word: string, visit: (start: number, end: number) => boolean): void {
  if (!word) return;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    const end = i + word.length;
    if ((i > 0 && isWordChar(text.charCodeAt(i - 1))) || (end < text.length && isWordChar(text.charCodeAt(end)))) continue;
    if (!visit(i, end)) return;
  }
}
/** Two words separated by blanks: the string is prose (a docstring, a message), not code. */
const PROSE = /[\p{L}\p{N}_]\s+[\p{L}\p{N}_]/u;
/** A file-wide suppression of flake8 or ruff; group 1 holds its codes, if any. */
const FILE_NOQA = /^#\s*(?:flake8|ruff)\s*:\s*noqa\b(.*)$/i;
/** Exceptions whose handler marks a guarded, optional import. */
const IMPORT_GUARDS = /^(?:ImportError|ModuleNotFoundError|Exception|BaseException)$/;

/** The names an import statement binds; none for `from m import *` and `import x as x` re-exports. */
function bindingsOf(statement: Node): Binding[] {
  const out: Binding[] = [];
  const isFrom = statement.type === 'import_from_statement';
  for (const item of statement.childrenForFieldName('name')) {
    // A dunder (`from _decimal import __doc__, __version__`) sets module metadata.
    if (!item || /^__\w+__$/.test(item.text)) continue;
    if (item.type === 'aliased_import') {
      const alias = item.childForFieldName('alias');
      const name = item.childForFieldName('name');
      if (!alias || !name || alias.text === name.text) continue;
      out.push({ name: alias.text, item, target: alias, statement });
    } else if (item.type === 'dotted_name') {
      const first = item.namedChild(0);
      if (!first) continue;
      out.push({ name: isFrom ? item.text : first.text, item, target: item, statement });
    }
  }
  return out;
}

/** Whether an import sits in a `try` body whose handlers catch ImportError (an optional import). */
function isGuarded(statement: Node): boolean {
  for (let child = statement, p = statement.parent; p; child = p, p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition') return false;
    if (p.type !== 'try_statement' || p.childForFieldName('body')?.id !== child.id) continue;
    for (const clause of p.namedChildren) {
      if (clause?.type !== 'except_clause') continue;
      const caught = clause.namedChildren.find((c) => c?.type !== 'block' && c?.type !== 'comment');
      if (!caught) return true;
      const names = caught.descendantsOfType('identifier').map((id) => id?.text ?? '');
      if ((caught.type === 'identifier' ? [caught.text] : names).some((n) => IMPORT_GUARDS.test(n))) return true;
    }
  }
  return false;
}

/** Whether an import is in a class body (it then binds a class attribute, used as `self.x`). */
function inClassBody(statement: Node): boolean {
  for (let p = statement.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return false;
    if (p.type === 'class_definition') return true;
  }
  return false;
}

/** Edits that remove some of the items of an import statement and keep it valid. */
function removeItems(items: Node[], unused: Set<number>): Edit[] {
  const edits: Edit[] = [];
  let i = 0;
  while (i < items.length) {
    if (!unused.has(items[i].id)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < items.length && unused.has(items[j + 1].id)) j++;
    // Up to the next kept item, or (at the end) from the previous kept item's end.
    if (j + 1 < items.length) edits.push({ start: items[i].startIndex, end: items[j + 1].startIndex, text: '' });
    else edits.push({ start: items[i - 1].endIndex, end: items[j].endIndex, text: '' });
    i = j + 1;
  }
  return edits;
}

/** The edit that deletes a whole statement with its lines, or undefined when it shares a line. */
function deleteStatement(statement: Node, text: string): Edit | undefined {
  const start = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  if (text.slice(start, statement.startIndex).trim() !== '') return undefined;
  const newline = text.indexOf('\n', statement.endIndex);
  const end = newline < 0 ? text.length : newline + 1;
  const rest = text.slice(statement.endIndex, end).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  return { start, end, text: '' };
}

/**
 * What it does: flags an imported name that is never used in the file.
 * A name counts as used when it appears as an identifier outside import statements (not as an
 * attribute `x.name` nor a keyword argument `f(name=…)`), in a string that reads as code rather
 * than prose (a string annotation `"torch.Tensor"`, an `__all__` entry), or in a `# type:`
 * comment. Never flagged: `__init__.py` files (their imports are re-exports), `from __future__`,
 * `from m import *`, `import x as x` re-exports, dunders (`from _c import __doc__`), imports
 * guarded by `try/except ImportError`, imports in a class body, lines with `# noqa: F401`, and
 * files with `# flake8: noqa` or `# ruff: noqa: F401`.
 * Why: an unused import is dead code that slows start-up and misleads the reader.
 * Fix: remove the unused names from the statement, or the whole statement (a `pass` when it
 * was the only statement of its block).
 */
export default defineRule({
  meta: {
    id: 'unused-import',
    category: 'bloat',
    guideline: 'No unused imports.',
    defaultSeverity: 'warning',
    description: 'Flags imported names never used in the file.',
    phrases: { avoid: [/\bunused\s+(?:imports?|code)\b/i, /\bdead\s+code\b/i, /\bbloat(?:ed)?\b/i] },
    fixable: true,
    example: {
      flagged: 'import os\nimport numpy as np\nfrom torch import nn, optim\n\nlayer = nn.Linear(2, 2)\n',
      fixed: 'from torch import nn\n\nlayer = nn.Linear(2, 2)\n',
    },
  },
  options: z.object({}).strict(),
  query: '[(import_statement) (import_from_statement)] @import',
  check(ctx) {
    if (ctx.matches.length === 0 || /(?:^|\/)__init__\.py$/.test(ctx.path)) return;
    const text = ctx.text;
    const comments = ctx.facts.comments;
    const statements = ctx.matches.map((m) => capture(m, 'import')!);
    const noqa = new Set<number>();
    for (const c of comments) {
      const fileWide = FILE_NOQA.exec(c.text);
      // `# flake8: noqa` or `# ruff: noqa: F401`: the file declares its imports re-exports.
      if (fileWide && (!/\b[A-Z]+\d+\b/.test(fileWide[1]) || /\bF401\b/.test(fileWide[1]))) return;
      if (/\bnoqa\b[:\s]*[^#]*\bF401\b/i.test(c.text)) noqa.add(c.startPosition.row);
    }

    const bindings: Binding[] = [];
    for (const s of statements) {
      if (s.hasError || isGuarded(s) || inClassBody(s)) continue;
      let skip = false;
      for (let r = s.startPosition.row; r <= s.endPosition.row && !skip; r++) skip = noqa.has(r);
      if (!skip) bindings.push(...bindingsOf(s));
    }
    if (bindings.length === 0) return;

    const wanted = new Set(bindings.map((b) => b.name.split('.')[0]));
    const used = new Set<string>();
    const root = ctx.tree.rootNode;
    // End offsets read once: `endIndex` is a call into WASM each time.
    const importEnds = statements.map((s) => s.endIndex);
    const commentEnds = comments.map((c) => c.endIndex);
    let nextImport = 0;
    let nextComment = 0;
    const isUse = (start: number, end: number): boolean => {
      while (nextImport < statements.length && importEnds[nextImport]! <= start) nextImport++;
      if (nextImport < statements.length && statements[nextImport]!.startIndex <= start) return false;
      while (nextComment < comments.length && commentEnds[nextComment]! <= start) nextComment++;
      if (nextComment < comments.length && comments[nextComment]!.startIndex <= start) return /^#\s*type:/.test(comments[nextComment]!.text);
      const node = root.descendantForIndex(start, end);
      if (!node) return true;
      if (node.type === 'identifier') {
        if (node.startIndex !== start || node.endIndex !== end) return false;
        const parent = node.parent;
        if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) return false;
        if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) return false;
        return true;
      }
      for (let p: Node | null = node; p; p = p.parent) {
        if (p.type === 'interpolation') return true;
        if (p.type === 'string') {
          const content = p.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join(' ');
          return !PROSE.test(content);
        }
      }
      return true;
    };
    // Word by word, each up to its first use (a digit starts no word: such a name is never used).
    for (const word of wanted) {
      if (/^[0-9]/.test(word)) continue;
      nextImport = 0;
      nextComment = 0;
      forEachOccurrence(text, word, (start, end) => {
        if (!isUse(start, end)) return true;
        used.add(word);
        return false;
      });
    }

    const unused = bindings.filter((b) => !used.has(b.name.split('.')[0]));
    if (unused.length === 0) return;
    // Per statement: which of its items go, and so which statements go entirely.
    const byStatement = new Map<number, { statement: Node; items: Set<Node> }>();
    for (const b of unused) {
      let entry = byStatement.get(b.statement.id);
      if (!entry) byStatement.set(b.statement.id, (entry = { statement: b.statement, items: new Set() }));
      entry.items.add(b.item);
    }
    const itemsOf = (s: Node) => s.childrenForFieldName('name').filter((n): n is Node => !!n);
    const gone = new Set<number>();
    for (const { statement, items } of byStatement.values()) if (items.size === itemsOf(statement).length) gone.add(statement.id);
    const fixes = new Map<number, Fix | undefined>();
    for (const { statement, items } of byStatement.values()) {
      let edits: Edit[] | undefined;
      if (!gone.has(statement.id)) edits = removeItems(itemsOf(statement), new Set([...items].map((i) => i.id)));
      else {
        // The first statement of a block that would be left empty becomes `pass`.
        const siblings = statementsOf(statement.parent);
        const emptied = statement.parent?.type !== 'module' && siblings.every((s) => gone.has(s.id));
        if (emptied && siblings[0].id === statement.id) edits = [{ start: statement.startIndex, end: statement.endIndex, text: 'pass' }];
        else {
          const del = deleteStatement(statement, text);
          edits = del ? [del] : undefined;
        }
      }
      const names = [...items].map((i) => i.text);
      fixes.set(statement.id, edits ? { title: names.length === 1 ? `Remove unused import '${names[0]}'` : `Remove unused imports ${names.map((n) => `'${n}'`).join(', ')}`, edits, safe: true } : undefined);
    }
    for (const b of unused) {
      const shown = b.item.type === 'aliased_import' ? b.name : b.item.text;
      ctx.report({
        node: b.target,
        message: `'${shown}' is imported but never used: remove the import`,
        fix: fixes.get(b.statement.id),
      });
    }
  },
});
