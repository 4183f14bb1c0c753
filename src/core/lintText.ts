import { onChange, type LineRange } from './diff';
import { lint, type ActiveRule, type LintResult } from './engine';
import type { Fix } from './finding';
import { fixAll } from './fix';
import { parsePython } from './parse/python';
import { RULES } from './rules';

/**
 * The text as Python reads it: a lone `\r` ends a line for Python and for editors, but not for
 * tree-sitter-python, which would read the code after it as part of a comment (and a fix could
 * then delete it). Same length, so every offset and fix edit still applies to the original.
 */
export function pythonLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Parses and lints one file's text with the catalog's combined query; frees the tree.
 * `changedLines`: the lines the change touches, for change-aware rules (undefined: no diff known).
 */
export function lintText(text: string, path: string, rules: ActiveRule[], changedLines?: LineRange[] | 'all'): LintResult {
  const source = pythonLineBreaks(text);
  const tree = parsePython(source);
  try {
    return lint({ text: source, tree, path, rules, ...(changedLines ? { changedLines } : {}) }, RULES);
  } finally {
    tree.delete();
  }
}

/** What a change means for the fixes of one file. */
export interface FixChange {
  /** The lines of `text` the change touches: each fix pass's text has its own (undefined: no diff known). */
  changedLinesOf: (text: string) => LineRange[] | 'all' | undefined;
  /** Fix only the findings on the change (`--changed-only`). */
  changedOnly?: boolean;
}

/**
 * Applies every safe fix until none is left; returns the new text and how many fixes applied.
 * With `change`, change-aware rules see each pass's changed lines (a narrating comment the
 * change did not add is not deleted).
 */
export function fixText(text: string, path: string, rules: ActiveRule[], change?: FixChange): { text: string; applied: number } {
  const safeFixes = (t: string): Fix[] => {
    const changed = change?.changedLinesOf(t);
    return lintText(t, path, rules, changed).findings.flatMap((f) =>
      f.fix && f.fix.safe && !(change?.changedOnly && changed && !onChange(f, changed)) ? [f.fix] : [],
    );
  };
  const { text: fixed, applied } = fixAll(text, safeFixes);
  return { text: fixed, applied };
}
