import * as assert from 'assert';
import { lint, type ActiveRule } from '../../src/core/engine';
import type { Finding } from '../../src/core/finding';
import { applyFixes } from '../../src/core/fix';
import type { LineRange } from '../../src/core/diff';
import { parsePython } from '../../src/core/parse/python';
import type { Rule } from '../../src/core/rule';
import { RULES } from '../../src/core/rules';

/** A case the rule must not flag. */
export type ValidCase = string | { code: string; options?: Record<string, unknown>; path?: string; name?: string; changedLines?: LineRange[] | 'all' };

/** A case the rule must flag, with every expected finding and the text after all fixes. */
export interface InvalidCase {
  code: string;
  name?: string;
  options?: Record<string, unknown>;
  path?: string;
  /** Lines the change touches (0-based, inclusive); undefined: no diff known. */
  changedLines?: LineRange[] | 'all';
  /** One entry per finding, in document order. `line` and `column` are 1-based. */
  errors: Array<{ line: number; column?: number; endLine?: number; message?: string | RegExp }>;
  /** The text after applying every finding's fix in one pass; `null` asserts there is no fix. */
  output?: string | null;
}

/** Lints `code` with one rule at its default severity and the given options. */
export function lintWith(rule: Rule<any>, code: string, options: Record<string, unknown> = {}, path = 'pkg/module.py', changedLines?: LineRange[] | 'all'): Finding[] {
  const tree = parsePython(code);
  const active: ActiveRule = { rule, severity: rule.meta.defaultSeverity, options: rule.options.parse(options), source: null };
  const result = lint({ text: code, tree, path, rules: [active], ...(changedLines ? { changedLines } : {}) }, RULES);
  tree.delete();
  if (result.internalErrors.length) throw result.internalErrors[0].error;
  return result.findings;
}

const label = (c: { code: string; name?: string }) => c.name ?? c.code.split('\n').find((l) => l.trim()) ?? '(empty)';

/** ESLint-RuleTester-style table test of one rule. */
export function ruleTester(rule: Rule<any>, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const v of cases.valid) {
        const c = typeof v === 'string' ? { code: v } : v;
        it(label(c), () => {
          const findings = lintWith(rule, c.code, c.options, c.path, c.changedLines);
          assert.deepStrictEqual(findings.map((f) => `${f.range.start.line + 1}: ${f.message}`), []);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(label(c), () => {
          const findings = lintWith(rule, c.code, c.options, c.path, c.changedLines);
          assert.strictEqual(findings.length, c.errors.length, `expected ${c.errors.length} findings, got:\n${findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`).join('\n')}`);
          c.errors.forEach((e, i) => {
            const f = findings[i];
            assert.strictEqual(f.range.start.line + 1, e.line, `finding ${i} line`);
            if (e.column !== undefined) assert.strictEqual(f.range.start.character + 1, e.column, `finding ${i} column`);
            if (e.endLine !== undefined) assert.strictEqual(f.range.end.line + 1, e.endLine, `finding ${i} end line`);
            if (typeof e.message === 'string') assert.strictEqual(f.message, e.message);
            else if (e.message) assert.match(f.message, e.message);
          });
          if (c.output !== undefined) {
            const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : []));
            if (c.output === null) assert.deepStrictEqual(fixes, [], 'expected no fix');
            else {
              assert.ok(fixes.length > 0, 'expected a fix');
              assert.strictEqual(applyFixes(c.code, fixes).text, c.output);
            }
          }
        });
      }
    });
  });
}
