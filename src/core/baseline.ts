import type { Finding } from './finding';

/**
 * A baseline: the findings a code base had when it adopted Mantra, which `audit` then hides.
 * Per workspace-relative file, the count of findings of each fingerprint.
 */
export interface Baseline {
  version: 1;
  files: Record<string, Record<string, number>>;
}

export const BASELINE_FILE = '.mantra-baseline.json';

const DEF = /^(\s*)(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/;
const indentOf = (line: string) => /^\s*/.exec(line)![0].length;

/**
 * The name of the function or class that holds 0-based `line`: the line's own `def`/`class`,
 * else the nearest one above with less indentation; `''` at module level. Read from the text
 * (no tree), so a fingerprint is computed the same way in every front door.
 */
export function enclosingName(lines: readonly string[], line: number): string {
  const own = DEF.exec(lines[line] ?? '');
  if (own) return own[2];
  let indent = indentOf(lines[line] ?? '');
  for (let i = line - 1; i >= 0 && indent > 0; i--) {
    const l = lines[i];
    if (!l.trim() || l.trimStart().startsWith('#')) continue;
    const ind = indentOf(l);
    if (ind >= indent) continue;
    const def = DEF.exec(l);
    if (def) return def[2];
    indent = ind;
  }
  return '';
}

/**
 * A finding's fingerprint: rule, enclosing function and the text of its first line with
 * whitespace collapsed; stable when lines move or indentation changes.
 */
export function fingerprint(f: Finding, lines: readonly string[]): string {
  const line = f.range.start.line;
  const text = (lines[line] ?? '').trim().replace(/\s+/g, ' ');
  return `${f.ruleId}|${enclosingName(lines, line)}|${text}`;
}

const linesOf = (text: string) => text.split(/\r\n|\r|\n/);

/** The baseline of the given files' findings; files without findings are left out. */
export function buildBaseline(files: ReadonlyArray<{ path: string; text: string; findings: readonly Finding[] }>): Baseline {
  const out: Baseline = { version: 1, files: {} };
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (file.findings.length === 0) continue;
    const lines = linesOf(file.text);
    const counts: Record<string, number> = {};
    for (const f of file.findings) {
      const key = fingerprint(f, lines);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    out.files[file.path] = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  }
  return out;
}

/**
 * The findings of one file that the baseline does not hold, and how many it holds: each
 * fingerprint hides at most its count of findings, in document order.
 */
export function applyBaseline(baseline: Baseline, path: string, text: string, findings: readonly Finding[]): { kept: Finding[]; baselined: number } {
  const counts = baseline.files[path];
  if (!counts) return { kept: [...findings], baselined: 0 };
  const left = new Map(Object.entries(counts));
  const lines = linesOf(text);
  const kept: Finding[] = [];
  let baselined = 0;
  for (const f of findings) {
    const key = fingerprint(f, lines);
    const n = left.get(key) ?? 0;
    if (n > 0) {
      left.set(key, n - 1);
      baselined++;
    } else kept.push(f);
  }
  return { kept, baselined };
}

/** The baseline file's text: stable key order, one trailing newline. */
export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Reads a baseline file's text; throws with the reason when it is not one. */
export function parseBaseline(text: string): Baseline {
  const data = JSON.parse(text) as Partial<Baseline>;
  const ok = data && data.version === 1 && typeof data.files === 'object' && data.files !== null &&
    Object.values(data.files).every((c) => typeof c === 'object' && c !== null && Object.values(c).every((n) => Number.isInteger(n) && n > 0));
  if (!ok) throw new Error(`not a Mantra baseline (version 1 with per-file fingerprint counts)`);
  return data as Baseline;
}
