import { INTERNAL_ERROR_RULE, type ActiveRule } from '../../src/core/engine';
import { fixText, lintText, pythonLineBreaks } from '../../src/core/lintText';
import { parsePython } from '../../src/core/parse/python';
import { brokenNodes, touches } from './syntax';

export interface LintCheck {
  /** Milliseconds lintText took. */
  ms: number;
  findings: number;
  /** What went wrong: a throw, an internal error, a finding inside an ERROR region, a bad range. */
  problems: string[];
  /** With `fix`: the text after fix-all (when fix-all applied something). */
  fixed?: string;
}

const describe = (e: unknown) => (e instanceof Error ? `${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e));

/**
 * Lints `text` and checks what Mantra promises on any input: no throw, no internal error, no
 * finding that touches an `ERROR`/`MISSING` node, ranges and fix edits inside the text. With
 * `fix`, fix-all must not throw either, nor break a text that parsed without errors.
 */
export function checkLint(text: string, path: string, rules: ActiveRule[], opts: { fix?: boolean } = {}): LintCheck {
  const problems: string[] = [];
  const started = performance.now();
  let result;
  try {
    result = lintText(text, path, rules);
  } catch (e) {
    return { ms: performance.now() - started, findings: 0, problems: [`lintText threw: ${describe(e)}`] };
  }
  const ms = performance.now() - started;
  for (const e of result.internalErrors) problems.push(`internal error in ${e.ruleId}: ${describe(e.error)}`);
  const tree = parsePython(pythonLineBreaks(text));
  const lineCount = pythonLineBreaks(text).split('\n').length;
  let broken;
  try {
    broken = brokenNodes(tree.rootNode);
  } finally {
    tree.delete();
  }
  for (const f of result.findings) {
    const where = `${f.ruleId} at ${f.range.start.line + 1}:${f.range.start.character + 1}`;
    if (f.ruleId === INTERNAL_ERROR_RULE) continue;
    if (touches(f, broken.ranges)) problems.push(`${where} touches an ERROR/MISSING region: ${f.message}`);
    const { start, end } = f.range;
    if (start.line < 0 || end.line >= lineCount || start.line > end.line || (start.line === end.line && start.character > end.character)) {
      problems.push(`${where} has a bad range ${JSON.stringify(f.range)}`);
    }
    for (const e of f.fix?.edits ?? []) {
      if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) problems.push(`${where} has a fix edit outside the text: ${e.start}..${e.end} of ${text.length}`);
    }
  }
  let fixedText: string | undefined;
  if (opts.fix) {
    try {
      const fixed = fixText(text, path, rules);
      if (fixed.applied > 0) {
        fixedText = fixed.text;
        const t = parsePython(pythonLineBreaks(fixed.text));
        try {
          // Only judged on a text that parses cleanly: on a broken one, tree-sitter's error recovery
          // is not local (deleting a comment 3 lines below a MISSING node changes what it recovers).
          const after = brokenNodes(t.rootNode).count;
          if (broken.count === 0 && after > 0) problems.push(`fix-all added ${after} ERROR/MISSING node(s) to a file that had none`);
        } finally {
          t.delete();
        }
      }
    } catch (e) {
      problems.push(`fixText threw: ${describe(e)}`);
    }
  }
  return { ms, findings: result.findings.length, problems, ...(fixedText !== undefined ? { fixed: fixedText } : {}) };
}
