import type { Edit, Fix } from './finding';

/** Applies non-overlapping edits, back to front. Throws on overlap: that is a bug in a rule. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`Mantra: overlapping edits at ${e.start}..${e.end}`);
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** Applies as many fixes as do not overlap an earlier one; returns the text and how many applied. */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: number } {
  const taken: Edit[] = [];
  let applied = 0;
  for (const fix of fixes) {
    const clash = fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && e.start === t.start)));
    if (clash) continue;
    taken.push(...fix.edits);
    applied++;
  }
  return { text: applyEdits(text, taken), applied };
}

/**
 * Applies safe fixes until none is left (at most `maxPasses` rounds, since each round re-lints).
 * `fixesOf` lints a text and returns its safe fixes.
 */
export function fixAll(text: string, fixesOf: (text: string) => Fix[], maxPasses = 10): { text: string; applied: number; passes: number } {
  let applied = 0;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const fixes = fixesOf(text);
    if (fixes.length === 0) return { text, applied, passes: pass - 1 };
    const result = applyFixes(text, fixes);
    if (result.applied === 0 || result.text === text) return { text, applied, passes: pass };
    text = result.text;
    applied += result.applied;
  }
  return { text, applied, passes: maxPasses };
}

/** Edit builders. */
export const edit = {
  insert(at: number, text: string): Edit {
    return { start: at, end: at, text };
  },
  replace(start: number, end: number, text: string): Edit {
    return { start, end, text };
  },
  remove(start: number, end: number): Edit {
    return { start, end, text: '' };
  },
};

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, text: after.slice(start, endA) };
}
