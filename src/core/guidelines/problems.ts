import type { FileFinding, Fix, Severity } from '../finding';

/** Rule id of problems with `@path` imports and unreadable guideline files. */
export const IMPORT_RULE = 'guideline-import';
/** Rule id of problems in ```mantra blocks and front matter. */
export const CONFIG_RULE = 'guideline-config';

/** A problem in a guideline file, as a finding located in that file (0-based line, UTF-16 columns). */
export function guidelineProblem(
  ruleId: string,
  file: string,
  at: { line: number; start: number; end: number },
  message: string,
  severity: Severity,
  fix?: Fix,
): FileFinding {
  return {
    ruleId,
    severity,
    file,
    range: { start: { line: at.line, character: at.start }, end: { line: at.line, character: at.end } },
    message,
    guideline: null,
    ...(fix ? { fix } : {}),
  };
}

/** Key identifying a problem, to drop the same problem found twice (two folders, one import). */
export function problemKey(p: FileFinding): string {
  return `${p.file}\0${p.range.start.line}\0${p.range.start.character}\0${p.ruleId}\0${p.message}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The candidate nearest to `word`, when it is near enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = c.includes(w) || w.includes(c) ? Math.abs(c.length - w.length) / 2 : editDistance(w, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.ceil(best.length / 2)) ? best : undefined;
}
