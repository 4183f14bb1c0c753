import type { Position, Range } from '../finding';
import { LineIndex, positionFrom } from '../text';
import { parsePython, parsePythonUnlessSlow, type Tree } from './python';

/**
 * One change of a document, as editors report them (VS Code's `TextDocumentContentChangeEvent`):
 * the replaced range in the document as it was before this change, its UTF-16 offset and length,
 * and the new text. The changes of one event apply in order, each to the text the previous ones
 * left (VS Code sends them so).
 */
export interface TextChange {
  range: Range;
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** What the document trees hold for one document: its version, its text and the tree of that text. */
export interface DocumentState {
  readonly version: number;
  readonly text: string;
  /** Owned by `DocumentTrees`: do not `delete` it, and do not keep it past the next change of the document. */
  readonly tree: Tree;
}

/**
 * The span one change event touched, as UTF-16 offsets: the text before it kept `[0, start)` and
 * `[oldEnd, previousText.length)`, which are now `[0, start)` and `[newEnd, text.length)`.
 */
export interface EditSpan {
  start: number;
  oldEnd: number;
  newEnd: number;
  /** `start` as a position (the same in both texts). */
  startPosition: Position;
  /** `oldEnd` as a position in the text before the event. */
  oldEndPosition: Position;
  /** `newEnd` as a position in the text after it. */
  newEndPosition: Position;
}

/** A change event applied: the new state, the text before it, the span it touched, and where the tree changed. */
export interface TreeUpdate extends DocumentState {
  readonly previousText: string;
  readonly previousVersion: number;
  readonly span: EditSpan;
  /** Tree-sitter's changed ranges between the edited old tree and the new one (new coordinates). */
  readonly changedRanges: ReadonlyArray<{ startIndex: number; endIndex: number; startPosition: { row: number; column: number }; endPosition: { row: number; column: number } }>;
}

/**
 * A change event applied with a parse budget whose reparse was put off (`applyChanges` with
 * `budgetMs`): the text changed, the tree did not yet. The next `applyChanges`, `get` or `tree`
 * parses again.
 */
export interface DeferredUpdate {
  readonly version: number;
  readonly text: string;
  readonly previousText: string;
  readonly previousVersion: number;
  readonly span: EditSpan;
  readonly tree: undefined;
}

interface Entry {
  version: number;
  text: string;
  /** The tree of `text`; while `unparsed`, the last tree parsed, `edit`ed to `text`'s coordinates. */
  tree: Tree;
  unparsed?: true;
  /** The edits since the last `takeEdits`, merged. */
  pending?: Pending;
}

/** Edits merged since a text (`base`): the unchanged prefix and suffix, and the ranges the reparses changed. */
interface Pending {
  base: string;
  prefix: number;
  /** The position of `prefix` (the same in `base` and in the current text), once a change set it. */
  prefixPosition?: Position;
  suffix: number;
  ranges: Array<{ startIndex: number; endIndex: number }>;
  /** The one update when there was one (its span has positions already). */
  only?: TreeUpdate;
}

/** The edits of a document since a text, merged: what an incremental lint of that text's findings needs. */
export interface PendingEdits {
  previousText: string;
  span: EditSpan;
  changedRanges: ReadonlyArray<{ startIndex: number; endIndex: number }>;
}

/** Where the end of `text` lands when it is inserted at `start` (rows count `\n`, as tree-sitter's do). */
function endOf(start: Position, text: string): { row: number; column: number } {
  let lines = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines++;
    last = i;
  }
  return lines === 0 ? { row: start.line, column: start.character + text.length } : { row: start.line + lines, column: text.length - last - 1 };
}

/**
 * The span from `start` to `oldEnd` in `before` and `newEnd` in `after`, with its positions counted
 * from `prefix` (at or after `start`, at `prefixPosition` in both texts): the cost is the span's, not the texts'.
 */
function spanFrom(before: string, after: string, prefix: number, prefixPosition: Position, start: number, oldEnd: number, newEnd: number): EditSpan {
  const startPosition = positionFrom(before, prefix, prefixPosition, start);
  return { start, oldEnd, newEnd, startPosition, oldEndPosition: positionFrom(before, start, startPosition, oldEnd), newEndPosition: positionFrom(after, start, startPosition, newEnd) };
}

/**
 * How long a lint while typing may spend reparsing the whole text (ms) when the edited part is too
 * large to parse alone (`LiveLints.lint`); past it the parse is stopped (it resumes later) and the
 * edited statements are parsed alone. An editor applies its change events with a budget of 0
 * (no reparse there). A whole reparse after a keystroke takes about 1 ms; tree-sitter's error
 * recovery re-reading the rest of the file, or a quote that turns it into a string, takes far more.
 */
export const KEYSTROKE_PARSE_BUDGET_MS = 15;

/**
 * The syntax tree of each open document, kept in step with its edits: a change event is applied
 * to the text and to the tree (`tree.edit`, with the old end position taken from each change's own
 * range, never from the edited text) and the tree is reparsed incrementally at once, reusing what
 * the edits did not touch. Owns the trees: `close` and `dispose` free them.
 */
export class DocumentTrees {
  private readonly entries = new Map<string, Entry>();

  /** Parses a document whole (opened, or its text replaced) and keeps it. */
  open(key: string, version: number, text: string): DocumentState {
    const tree = parsePython(text);
    this.entries.get(key)?.tree.delete();
    const entry: Entry = { version, text, tree };
    this.entries.set(key, entry);
    return entry;
  }

  /** The current state of a document (its tree parsed now if a reparse was deferred), or undefined when it is not open. */
  get(key: string): DocumentState | undefined {
    const entry = this.entries.get(key);
    if (entry?.unparsed) this.parseDeferred(entry);
    return entry;
  }

  /**
   * The tree of a document whose reparse was deferred: its last parsed tree, `edit`ed to the
   * current text's coordinates (stale inside the edits). Undefined when the document is not open
   * or its tree is parsed. Owned here, as `get`'s.
   */
  editedTree(key: string): Tree | undefined {
    const entry = this.entries.get(key);
    return entry?.unparsed ? entry.tree : undefined;
  }

  /** Whether the document is at `version` with `text` and its reparse was deferred (`applyChanges` with a budget). */
  deferred(key: string, version: number, text: string): boolean {
    const entry = this.entries.get(key);
    return entry?.unparsed === true && entry.version === version && entry.text === text;
  }

  /**
   * Completes a deferred reparse of document `key` unless it takes longer than `budgetMs`: true
   * when the document's tree is parsed (or was), false when the reparse gave up (the next one
   * resumes it) or the document is not open.
   */
  parseWithin(key: string, budgetMs: number): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && (!entry.unparsed || this.parseDeferred(entry, performance.now() + budgetMs));
  }

  /** Completes a deferred reparse (or gives up at `deadline`: false); the ranges it changed join the pending edits. */
  private parseDeferred(entry: Entry, deadline?: number): boolean {
    const old = entry.tree;
    const tree = deadline === undefined ? parsePython(entry.text, old) : parsePythonUnlessSlow(entry.text, old, deadline);
    if (!tree) return false;
    const changedRanges = old.getChangedRanges(tree);
    old.delete();
    entry.tree = tree;
    entry.unparsed = undefined;
    const pending = (entry.pending ??= { base: entry.text, prefix: entry.text.length, suffix: entry.text.length, ranges: [] });
    pending.only = undefined;
    pending.ranges.push(...changedRanges.map((r) => ({ startIndex: r.startIndex, endIndex: r.endIndex })));
    return true;
  }

  /**
   * Applies one change event, which takes the document to `version`: the text, `tree.edit` per
   * change, then one incremental reparse. Returns the new state with the span the event touched
   * and the tree's changed ranges; undefined for a document that is not open (its next `tree()`
   * or `open()` call parses it whole).
   */
  applyChanges(key: string, version: number, changes: readonly TextChange[]): TreeUpdate | undefined;
  /**
   * With a budget: the reparse gives up when it takes longer than `budgetMs`, and the update is
   * deferred (no tree): the kept tree is parsed again at the next change or when asked for
   * (`get`, `tree`, `parseWithin`: the parse resumes where it stopped). A budget of 0 defers
   * without parsing: an editor's change events, whose lint decides how to parse
   * (`LiveLints.lint`). `lintProvisional` lints such a text.
   */
  applyChanges(key: string, version: number, changes: readonly TextChange[], budgetMs: number): TreeUpdate | DeferredUpdate | undefined;
  applyChanges(key: string, version: number, changes: readonly TextChange[], budgetMs?: number): TreeUpdate | DeferredUpdate | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const previousText = entry.text;
    const previousVersion = entry.version;
    let text = previousText;
    // The unchanged prefix and suffix of the text, narrowed by each change in turn.
    let prefix = text.length;
    let prefixPosition: Position | undefined;
    let suffix = text.length;
    const old = entry.tree;
    const pending = (entry.pending ??= { base: previousText, prefix: previousText.length, suffix: previousText.length, ranges: [] });
    for (const c of changes) {
      const start = c.rangeOffset;
      const oldEnd = c.rangeOffset + c.rangeLength;
      if (start <= prefix) {
        prefix = start;
        prefixPosition = c.range.start;
      }
      suffix = Math.min(suffix, text.length - oldEnd);
      if (start < pending.prefix || (start === pending.prefix && !pending.prefixPosition)) {
        pending.prefix = start;
        pending.prefixPosition = c.range.start;
      }
      pending.suffix = Math.min(pending.suffix, text.length - oldEnd);
      // Earlier changed ranges, into the coordinates after this change.
      const delta = c.text.length - c.rangeLength;
      pending.ranges = pending.ranges.map((r) =>
        r.endIndex <= start ? r : r.startIndex >= oldEnd ? { startIndex: r.startIndex + delta, endIndex: r.endIndex + delta } : { startIndex: Math.min(r.startIndex, start), endIndex: Math.max(r.endIndex + delta, start + c.text.length) },
      );
      old.edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: start + c.text.length,
        startPosition: { row: c.range.start.line, column: c.range.start.character },
        // The old end comes from the change's own range (the document before it), never from the edited text.
        oldEndPosition: { row: c.range.end.line, column: c.range.end.character },
        newEndPosition: endOf(c.range.start, c.text),
      });
      text = text.slice(0, start) + c.text + text.slice(oldEnd);
    }
    if (changes.length === 0) {
      if (entry.unparsed) this.parseDeferred(entry);
      entry.version = version;
      const end = new LineIndex(text).positionAt(text.length);
      const span = { start: text.length, oldEnd: text.length, newEnd: text.length, startPosition: end, oldEndPosition: end, newEndPosition: end };
      return { version, text, tree: entry.tree, previousText, previousVersion, span, changedRanges: [] };
    }
    const tree = budgetMs === undefined ? parsePython(text, old) : budgetMs <= 0 ? undefined : parsePythonUnlessSlow(text, old, performance.now() + budgetMs);
    entry.version = version;
    entry.text = text;
    let changedRanges: TreeUpdate['changedRanges'] = [];
    if (tree) {
      changedRanges = old.getChangedRanges(tree);
      old.delete();
      entry.tree = tree;
      entry.unparsed = undefined;
    } else {
      entry.unparsed = true;
    }
    const start = Math.min(prefix, text.length - Math.min(suffix, text.length));
    const oldEnd = Math.max(start, previousText.length - suffix);
    const newEnd = Math.max(start, text.length - suffix);
    let span: EditSpan;
    if (changes.length === 1) {
      // One change: its own range gives the positions, no scan of the text.
      const c = changes[0];
      const e = endOf(c.range.start, c.text);
      span = { start, oldEnd, newEnd, startPosition: c.range.start, oldEndPosition: c.range.end, newEndPosition: { line: e.row, character: e.column } };
    } else {
      span = spanFrom(previousText, text, prefix, prefixPosition!, start, oldEnd, newEnd);
    }
    if (!tree) {
      pending.only = undefined;
      return { version, text, tree: undefined, previousText, previousVersion, span };
    }
    const update = { version, text, tree, previousText, previousVersion, span, changedRanges };
    pending.ranges.push(...changedRanges.map((r) => ({ startIndex: r.startIndex, endIndex: r.endIndex })));
    if (pending.ranges.length > 64) {
      // Nobody takes the edits (or a long burst): keep one range that covers them all.
      pending.ranges = [{ startIndex: Math.min(...pending.ranges.map((r) => r.startIndex)), endIndex: Math.max(...pending.ranges.map((r) => r.endIndex)) }];
    }
    pending.only = pending.base === previousText && !pending.only && pending.ranges.length === changedRanges.length ? update : undefined;
    return update;
  }

  /**
   * The edits since the last call (or since the document was opened), merged into one span of
   * the text as it was then and the ranges the reparses changed: what `lintIncremental` needs
   * when several change events came between two lints (typing while a debounce waits).
   * Undefined when nothing changed since.
   */
  takeEdits(key: string): PendingEdits | undefined {
    const edits = this.peekEdits(key);
    const entry = this.entries.get(key);
    if (entry) entry.pending = undefined;
    return edits;
  }

  /** What `takeEdits` would return, leaving the edits pending. */
  peekEdits(key: string): PendingEdits | undefined {
    const entry = this.entries.get(key);
    const pending = entry?.pending;
    if (!entry || !pending) return undefined;
    if (pending.only) return pending.only;
    const { base, prefix, suffix } = pending;
    const text = entry.text;
    const start = Math.min(prefix, text.length - Math.min(suffix, text.length), base.length - Math.min(suffix, base.length));
    const oldEnd = Math.max(start, base.length - suffix);
    const newEnd = Math.max(start, text.length - suffix);
    const anchor = pending.prefixPosition ?? new LineIndex(base).positionAt(prefix);
    const span = spanFrom(base, text, prefix, anchor, start, oldEnd, newEnd);
    return { previousText: base, span, changedRanges: pending.ranges };
  }

  /**
   * The tree of `text` at `version`: the kept tree when the document is at that version with that
   * text, else a full parse (a change was missed, or the document was not open). The tree stays
   * owned here: do not `delete` it, and do not keep it past the next call for the same document.
   */
  tree(key: string, version: number, text: string): Tree {
    const entry = this.entries.get(key);
    if (entry && entry.version === version && entry.text === text) {
      if (entry.unparsed) this.parseDeferred(entry);
      return entry.tree;
    }
    return this.open(key, version, text).tree;
  }

  /** Forgets a document (closed) and frees its tree. */
  close(key: string): void {
    this.entries.get(key)?.tree.delete();
    this.entries.delete(key);
  }

  /** Frees every tree. */
  dispose(): void {
    for (const e of this.entries.values()) e.tree.delete();
    this.entries.clear();
  }
}
