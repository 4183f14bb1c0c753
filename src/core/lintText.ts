import { lint, type ActiveRule, type LintResult } from './engine';
import type { Fix } from './finding';
import { fixAll } from './fix';
import { parsePython } from './parse/python';
import { RULES } from './rules';

/** Parses and lints one file's text with the catalog's combined query; frees the tree. */
export function lintText(text: string, path: string, rules: ActiveRule[]): LintResult {
  const tree = parsePython(text);
  try {
    return lint({ text, tree, path, rules }, RULES);
  } finally {
    tree.delete();
  }
}

/** Applies every safe fix until none is left; returns the new text and how many fixes applied. */
export function fixText(text: string, path: string, rules: ActiveRule[]): { text: string; applied: number } {
  const safeFixes = (t: string): Fix[] =>
    lintText(t, path, rules).findings.flatMap((f) => (f.fix && f.fix.safe ? [f.fix] : []));
  const { text: fixed, applied } = fixAll(text, safeFixes);
  return { text: fixed, applied };
}
