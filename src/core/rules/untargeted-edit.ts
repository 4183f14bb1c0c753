import { z } from 'zod';
import type { LineRange } from '../diff';
import type { Edit } from '../finding';
import { defineRule } from '../rule';
import { eolOf, LineIndex } from '../text';

/**
 * What it does: flags the parts of the change (the engine's `changedLines`: the working tree
 * against `HEAD`, or `--diff-base REV` in the CLI) that change nothing but form: only
 * whitespace or blank lines, only line wrapping (breaks inside brackets, a trailing comma), only
 * the quotes of strings, or only the order of imports.
 * Why is this bad: a drive-by reformat buries the real change in the review and in `git blame`.
 * Silent when no diff is known, for a new file, and where the diff does not carry the old lines.
 * Indentation that starts a statement is meaning in Python, so a re-indented block is not flagged.
 * Fix (not safe): revert the hunk (for an import reorder: every hunk of it).
 */
export default defineRule({
  meta: {
    id: 'untargeted-edit',
    category: 'project',
    guideline: 'Keep your changes as targeted as possible.',
    defaultSeverity: 'warning',
    description: 'Flags hunks of the change that only reformat: whitespace, line wrapping, quotes, or the order of imports.',
    phrases: {
      require: [
        /\b(?:changes?|edits?|diffs?|commits?|patch(?:es)?)\b[^.;]*\b(?:targeted|surgical|focused|scoped)\b/i,
        /\b(?:targeted|surgical|focused)\s+(?:changes?|edits?|diffs?|commits?|patch(?:es)?)\b/i,
        /\bminimal\s+(?:changes?|edits?|diffs?)\b/i,
      ],
      avoid: [
        /\b(?:unrelated|drive-?by|cosmetic|incidental|gratuitous)\s+(?:changes?|edits?|reformat\w*|formatting|whitespace)\b/i,
        /\bwhitespace[- ]only\s+(?:changes?|edits?)\b/i,
        /\breformat(?:ting)?\s+(?:of\s+)?(?:unrelated|untouched|existing|other)\b/i,
      ],
    },
    fixable: true,
    example: {
      flagged: 'def scale(x, factor):\n    return x*factor\n# diff: -    return x * factor\n',
      fixed: 'def scale(x, factor):\n    return x * factor\n',
    },
  },
  options: z.object({}).strict().default({}),
  check(ctx) {
    const changed = ctx.changedLines;
    if (!changed || changed === 'all') return;
    const lines = ctx.text.split(/\r\n|\r|\n/);
    const index = new LineIndex(ctx.text);
    const eol = eolOf(ctx.text);
    // An editor's diff is of the saved file: a range past the end of the unsaved text says nothing of it.
    const inText = (r: LineRange) => (r.before?.added === 0 ? r.end <= lines.length : r.end < lines.length);
    const hunks: Hunk[] = changed.flatMap((r) => (r.before && inText(r) ? [{ ...r, before: r.before, now: newLines(r, r.before.added, lines) }] : []));
    const reordered: Hunk[] = [];
    for (const h of hunks) {
      const kind = cosmetic(h.before.lines, h.now);
      if (kind === undefined) {
        if (isImportOnly(h)) reordered.push(h);
        continue;
      }
      ctx.report({
        range: rangeOfHunk(h, lines),
        message: `${MESSAGES[kind](h)}: revert it to keep the change targeted`,
        fix: { title: 'Revert this hunk', edits: [revert(h, lines, index, eol)], safe: false },
      });
    }
    const moved = importMoves(reordered);
    if (moved.length === 0) return;
    const first = rangeOfHunk(moved[0], lines);
    const last = rangeOfHunk(moved[moved.length - 1], lines);
    ctx.report({
      range: { start: first.start, end: last.end },
      message: 'this change only reorders imports: revert it to keep the change targeted',
      fix: { title: 'Revert the import reorder', edits: moved.map((h) => revert(h, lines, index, eol)), safe: false },
    });
  },
});

/** A changed run of lines whose old lines the diff carries, with its lines in the new text (`now`). */
type Hunk = LineRange & { before: NonNullable<LineRange['before']>; now: string[] };
type Kind = 'blank-added' | 'blank-removed' | 'whitespace' | 'wrapping' | 'quotes';

const MESSAGES: Record<Kind, (h: Hunk) => string> = {
  'blank-added': (h) => `this hunk only adds ${h.before.added === 1 ? 'a blank line' : `${h.before.added} blank lines`}`,
  'blank-removed': (h) => `this hunk only removes ${h.before.lines.length === 1 ? 'a blank line' : `${h.before.lines.length} blank lines`}`,
  whitespace: () => 'this hunk changes only whitespace',
  wrapping: () => 'this hunk only re-wraps lines',
  quotes: () => 'this hunk changes only the quotes of strings',
};

/** The hunk's lines in the new text (none for a pure deletion). */
function newLines(r: LineRange, added: number, lines: readonly string[]): string[] {
  return added === 0 ? [] : lines.slice(r.start, r.end + 1);
}

/** What kind of form-only change turns `old` into `now`, or undefined when the code differs. */
function cosmetic(old: readonly string[], now: readonly string[]): Kind | undefined {
  const blank = (ls: readonly string[]) => ls.every((l) => l.trim() === '');
  if (blank(old) && blank(now)) {
    if (now.length > old.length) return 'blank-added';
    if (now.length < old.length) return 'blank-removed';
    return 'whitespace';
  }
  if (shape(old, false) === shape(now, false)) {
    const squeeze = (ls: readonly string[]) => ls.filter((l) => l.trim() !== '').map((l) => l.replace(/\s+/g, ''));
    return squeeze(old).join('\n') === squeeze(now).join('\n') ? 'whitespace' : 'wrapping';
  }
  if (shape(old, true) === shape(now, true)) return 'quotes';
  return undefined;
}

const OPENERS = '([{';
const CLOSERS = ')]}';

/**
 * The code of `lines` with what is only form taken out: blank lines, whitespace outside strings,
 * line breaks inside brackets or after `\`, a trailing comma before a closing bracket, and (with
 * `quotes`) the choice of quote character of one-line strings. The indentation of each line that
 * starts a statement stays: in Python it is meaning.
 */
function shape(lines: readonly string[], quotes: boolean): string {
  const out: string[] = [];
  let depth = 0;
  let continued = false;
  /** The closing quotes of a triple-quoted string open across lines. */
  let inTriple: string | undefined;
  const last = () => out[out.length - 1];
  for (const line of lines) {
    let i = 0;
    if (inTriple) {
      const close = line.indexOf(inTriple);
      if (close < 0) {
        out.push(line, '\n');
        continue;
      }
      out.push(line.slice(0, close), quotes ? 'Q3' : inTriple);
      i = close + 3;
      inTriple = undefined;
    } else if (line.trim() === '') {
      continue;
    } else if (depth <= 0 && !continued) {
      out.push('\n', /^[ \t]*/.exec(line)![0]);
    }
    continued = false;
    while (i < line.length) {
      const c = line[i];
      if (c === ' ' || c === '\t' || c === '\f') {
        i++;
        continue;
      }
      if (c === '#') {
        out.push('#', line.slice(i + 1).replace(/\s+/g, ''));
        break;
      }
      if (c === '\\' && line.slice(i + 1).trim() === '') {
        continued = true;
        break;
      }
      if (c === '"' || c === "'") {
        const triple = line.startsWith(c.repeat(3), i) ? c.repeat(3) : undefined;
        if (triple) {
          const close = line.indexOf(triple, i + 3);
          if (close < 0) {
            out.push(quotes ? 'Q3' : triple, line.slice(i + 3), '\n');
            inTriple = triple;
            break;
          }
          out.push(quotes ? 'Q3' : triple, line.slice(i + 3, close), quotes ? 'Q3' : triple);
          i = close + 3;
          continue;
        }
        let j = i + 1;
        while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
        const body = line.slice(i + 1, j);
        out.push(quotes ? `Q${body.replace(/\\(["'])/g, '$1')}Q` : `${c}${body}${c}`);
        i = j + 1;
        continue;
      }
      if (OPENERS.includes(c)) depth++;
      if (CLOSERS.includes(c)) {
        depth--;
        if (last() === ',') out.pop();
      }
      out.push(c);
      i++;
    }
  }
  return out.join('');
}

const IMPORT = /^\s*(?:import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*|from\s+[\w.]+\s+import\s+(?:\*|\w+(?:\s+as\s+\w+)?(?:\s*,\s*\w+(?:\s+as\s+\w+)?)*))\s*$/;

/** Whether every non-blank line the hunk removes and adds is a one-line import, and there is one. */
function isImportOnly(h: Hunk): boolean {
  const code = [...h.before.lines, ...h.now].filter((l) => l.trim() !== '');
  return code.length > 0 && code.every((l) => IMPORT.test(l));
}

const norm = (l: string) => l.trim().replace(/\s+/g, ' ');

/**
 * The import-only hunks that together only move imports: the imports they remove are exactly
 * the imports they add, as multisets. Empty when the hunks add or drop an import.
 */
function importMoves(hunks: readonly Hunk[]): Hunk[] {
  const count = (ls: string[]) => {
    const m = new Map<string, number>();
    for (const l of ls) if (l.trim()) m.set(norm(l), (m.get(norm(l)) ?? 0) + 1);
    return m;
  };
  const removed = count(hunks.flatMap((h) => h.before.lines));
  const added = count(hunks.flatMap((h) => h.now));
  if (removed.size === 0 || removed.size !== added.size) return [];
  for (const [k, n] of removed) if (added.get(k) !== n) return [];
  return [...hunks];
}

/** Where a hunk is shown: its new lines, or for a pure deletion the line after it. */
function rangeOfHunk(h: Hunk, lines: readonly string[]) {
  if (h.before.added > 0) {
    return { start: { line: h.start, character: 0 }, end: { line: h.end, character: lines[h.end].length } };
  }
  const at = Math.min(h.end, lines.length - 1);
  return { start: { line: at, character: 0 }, end: { line: at, character: lines[at].length } };
}

/** The edit that puts the hunk's old lines back in place of its new ones. */
function revert(h: Hunk, lines: readonly string[], index: LineIndex, eol: string): Edit {
  const old = h.before.lines;
  const text = old.map((l) => l + eol).join('');
  if (h.before.added === 0) {
    // Deleted before new line `end` (or at the very end of a text without a final line break).
    if (h.end < lines.length) {
      const at = index.offsetAt({ line: h.end, character: 0 });
      return { start: at, end: at, text };
    }
    const at = index.offsetAt({ line: lines.length - 1, character: lines[lines.length - 1].length });
    return { start: at, end: at, text: eol + old.join(eol) };
  }
  const start = index.offsetAt({ line: h.start, character: 0 });
  if (h.end + 1 < lines.length) return { start, end: index.offsetAt({ line: h.end + 1, character: 0 }), text };
  // The hunk runs to the end of a text without a final line break.
  return { start, end: index.offsetAt({ line: h.end, character: lines[h.end].length }), text: old.join(eol) };
}
