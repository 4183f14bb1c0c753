import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { researchRules } from '../../../bench/reliability/common';
import { checkFileFixes, touchedStatements, topStatements, type FileFixResult } from '../../../bench/reliability/fixCheck';
import { oddInputs } from '../../../bench/reliability/oddInputs';
import { PYTHON, PyCompiler } from '../../../bench/reliability/pyCompile';
import { expandSnippet } from '../../../bench/reliability/snippet';
import type { ActiveRule } from '../../../src/core/engine';
import { fixText } from '../../../src/core/lintText';
import { parsePython } from '../../../src/core/parse/python';
import { defineRule } from '../../../src/core/rule';
import { z } from 'zod';
import { FIXTURES, fixture } from './fixtures';

const show = (r: FileFixResult) => r.failures.map((f) => `${f.path}:${f.line ?? ''} [${f.mode} ${f.check}] ${f.ruleId ?? ''} "${f.fix ?? ''}": ${f.detail}`).join('\n');

describe('reliability: fixes never break code', function () {
  this.timeout(60_000);
  let compiler: PyCompiler;
  let rules: ActiveRule[];
  before(() => {
    compiler = new PyCompiler();
    rules = researchRules();
  });
  after(() => compiler.close());

  describe('every fix of the fixtures, one at a time, then fix-all, then all at once', () => {
    for (const name of FIXTURES) {
      it(name, async () => {
        const text = fixture(name);
        const r = await checkFileFixes(text, name, rules, compiler);
        assert.ok(r.originalCompiles, `${name} must compile with ${PYTHON}`);
        assert.ok(r.fixes >= 8, `${name} offers only ${r.fixes} fixes: the fixture should exercise many`);
        assert.strictEqual(r.singleApplied, r.fixes);
        assert.ok(r.fixAllApplied > 0);
        assert.strictEqual(show(r), '');
      });
    }
  });

  it('together the fixtures exercise the fixes of many rules, snippet and unsafe ones included', async () => {
    const { lintText } = await import('../../../src/core/lintText');
    const kinds = new Set<string>();
    for (const name of FIXTURES) {
      for (const f of lintText(fixture(name), name, rules).findings) if (f.fix) kinds.add(`${f.ruleId}${f.fix.snippet ? ' snippet' : f.fix.safe ? '' : ' unsafe'}`);
    }
    for (const k of ['no-try-except', 'swallowed-exception', 'fallback-default', 'redundant-code', 'unused-import', 'commented-out-code', 'explanatory-comment', 'missing-docstring snippet', 'tensor-shape-assert snippet']) {
      assert.ok(kinds.has(k), `no '${k}' fix in the fixtures (have: ${[...kinds].sort().join(', ')})`);
    }
  });

  describe('the same checks with odd line endings, tabs, a BOM and bytes that are not UTF-8', () => {
    const wanted = ['CRLF line endings', 'mixed line endings', 'CR-only line endings', 'tab indentation', 'a BOM', 'a BOM and CRLF', 'non-UTF-8 bytes', 'astral characters', 'no final newline'];
    for (const name of wanted) {
      it(name, async () => {
        const input = oddInputs(fixture('train_loop.py')).find((o) => o.name === name)!;
        const r = await checkFileFixes(input.text, 'train_loop.py', rules, compiler, { resolves: false });
        assert.ok(r.originalCompiles, `the ${name} variant must compile`);
        assert.ok(r.fixes > 0);
        assert.strictEqual(show(r), '');
      });
    }
  });

  it('python3 -m py_compile accepts every fix-all result, and a second fix-all applies nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mantra-fixes-'));
    const written: string[] = [];
    for (const name of FIXTURES) {
      const fixed = fixText(fixture(name), name, rules);
      assert.ok(fixed.applied > 0, name);
      assert.strictEqual(fixText(fixed.text, name, rules).applied, 0, `fix-all is not idempotent on ${name}`);
      const file = path.join(dir, name);
      fs.writeFileSync(file, fixed.text);
      written.push(file);
    }
    const r = spawnSync(PYTHON, ['-m', 'py_compile', ...written], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.strictEqual(r.status, 0, r.stderr);
  });

  describe('the checker itself', () => {
    // A rule whose fix deletes the colon of the first def: every check must catch it.
    const breaker = defineRule({
      meta: { id: 'test-breaker', category: 'bloat', guideline: '', defaultSeverity: 'warning', description: '', phrases: {}, fixable: true, example: { flagged: '', fixed: '' } },
      options: z.object({}),
      check(ctx) {
        const at = ctx.text.indexOf('):\n');
        if (at >= 0) ctx.report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'break it', fix: { title: 'Break', edits: [{ start: at + 1, end: at + 2, text: '' }], safe: true } });
      },
    });
    const breakerRules: ActiveRule[] = [{ rule: breaker, severity: 'warning', options: {}, source: null }];

    // A rule whose fix always adds one more statement: fix-all never settles.
    const grower = defineRule({
      meta: { ...breaker.meta, id: 'test-grower' },
      options: z.object({}),
      check(ctx) {
        ctx.report({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'grow', fix: { title: 'Grow', edits: [{ start: ctx.text.length, end: ctx.text.length, text: 'pass\n' }], safe: true } });
      },
    });

    it('catches a fix that breaks the code: reparse, compile', async () => {
      const r = await checkFileFixes(fixture('model.py'), 'model.py', breakerRules, compiler);
      const checks = new Set(r.failures.map((f) => `${f.mode} ${f.check}`));
      for (const c of ['single reparses', 'single compiles', 'fix-all reparses', 'fix-all compiles']) assert.ok(checks.has(c), `${c} not caught: ${show(r)}`);
    });

    it('catches a fix-all that never settles, and a fix that leaves its finding', async () => {
      const r = await checkFileFixes(fixture('small_utils.py'), 'small_utils.py', [{ rule: grower, severity: 'warning', options: {}, source: null }], compiler);
      const checks = new Set(r.failures.map((f) => `${f.mode} ${f.check}`));
      for (const c of ['fix-all idempotent', 'single resolves']) assert.ok(checks.has(c), `${c} not caught: ${show(r)}`);
    });

    it('compiling only the touched top-level statements still catches the break', async () => {
      const text = fixture('model.py');
      const tree = parsePython(text);
      const tops = topStatements(tree)!;
      tree.delete();
      const at = text.indexOf('):\n', text.indexOf('def count_params'));
      const edits = [{ start: at + 1, end: at + 2, text: '' }];
      const broken = text.slice(0, at + 1) + text.slice(at + 2);
      const reduced = touchedStatements(broken, tops, edits);
      assert.ok(reduced.length < broken.length / 2, 'most of the file is blanked');
      assert.strictEqual(reduced.split('\n').length, broken.split('\n').length, 'line numbers are kept');
      const line = text.slice(0, at).split('\n').length;
      assert.strictEqual((await compiler.compile(reduced)) ?? '', `SyntaxError: expected ':' (line ${line})`);
      assert.strictEqual(await compiler.compile(touchedStatements(text, tops, [{ start: at, end: at, text: '' }])), null);
    });

    it('expands snippets as an author accepting every placeholder would', () => {
      assert.strictEqual(expandSnippet('"""${1:Summary.}"""'), '"""Summary."""');
      assert.strictEqual(expandSnippet('assert x.shape == (${1:b}, ${2:${3:t}})$0'), 'assert x.shape == (b, t)');
      assert.strictEqual(expandSnippet('cost \\$5 \\} \\\\ ${1|a,b|} ${2}'), 'cost $5 } \\ a ');
    });
  });
});
