import * as assert from 'assert';
import { activeRules, buildRuleSet, resolveRuleSet, ruleSetForPath } from '../../../src/core/guidelines';
import { GuidelineCache } from '../../../src/core/guidelines/discover';
import type { RuleSet } from '../../../src/core/guidelines/ruleset';
import { FakeHost } from './fakeHost';

const sev = (set: RuleSet, id: string) => set.settings.get(id)!.severity;
const on = (set: RuleSet) => activeRules(set).map((a) => `${a.rule.meta.id}:${a.severity}`);

async function setFor(files: Record<string, string>, path: string, host = new FakeHost(files)): Promise<RuleSet> {
  return resolveRuleSet('/ws', path, host, { cache: new GuidelineCache(host) });
}

describe('guidelines: scopes applied to the rule set of each file', () => {
  it('"When writing tests, NEVER use try except": error in tests, nothing elsewhere', async () => {
    const files = { '/ws/CLAUDE.md': '- When writing tests, NEVER use try except\n' };
    for (const p of ['/ws/tests/test_a.py', '/ws/pkg/tests/helpers.py', '/ws/test_io.py', '/ws/pkg/io_test.py', '/ws/conftest.py']) {
      assert.strictEqual(sev(await setFor(files, p), 'no-try-except'), 'error', p);
    }
    assert.strictEqual(sev(await setFor(files, '/ws/src/model.py'), 'no-try-except'), 'off');
  });

  it('a scoped guideline turns a rule off for its scope only', async () => {
    const files = { '/ws/CLAUDE.md': '- Use docstrings\n- Do not add doc comments to test functions\n' };
    assert.strictEqual(sev(await setFor(files, '/ws/src/model.py'), 'missing-docstring'), 'warning');
    const t = await setFor(files, '/ws/tests/test_model.py');
    assert.strictEqual(sev(t, 'missing-docstring'), 'off');
    assert.deepStrictEqual(t.settings.get('missing-docstring')!.source, { file: '/ws/CLAUDE.md', line: 1, text: 'Do not add doc comments to test functions' });
    assert.strictEqual(t.settings.get('missing-docstring')!.scope, 'in tests');
  });

  it('in one file, a scoped line is an exception to a general one, whatever their order', async () => {
    const files = { '/ws/CLAUDE.md': '- Do not add doc comments to test functions\n- Use docstrings\n' };
    assert.strictEqual(sev(await setFor(files, '/ws/tests/test_model.py'), 'missing-docstring'), 'off');
    assert.strictEqual(sev(await setFor(files, '/ws/src/model.py'), 'missing-docstring'), 'warning');
  });

  it('exclusions: "in production code", "except in notebooks"', async () => {
    const files = { '/ws/CLAUDE.md': '- Never use mock data in production code\n- Avoid for loops, except in notebooks\n' };
    const src = await setFor(files, '/ws/src/data.py');
    assert.deepStrictEqual(on(src), ['placeholder-value:error', 'torch-for-loop:warning']);
    assert.deepStrictEqual(on(await setFor(files, '/ws/tests/test_data.py')), ['torch-for-loop:warning']);
    assert.deepStrictEqual(on(await setFor(files, '/ws/notebooks/explore.py')), ['placeholder-value:error']);
  });

  it('"for scripts under `experiments/`": globs relative to the folder of the guideline file', async () => {
    const files = { '/ws/CLAUDE.md': '- Use docstrings\n', '/ws/lab/CLAUDE.md': '- For scripts under `experiments/`, docstrings are optional\n' };
    assert.strictEqual(sev(await setFor(files, '/ws/lab/experiments/sweep.py'), 'missing-docstring'), 'off');
    assert.strictEqual(sev(await setFor(files, '/ws/lab/model.py'), 'missing-docstring'), 'warning');
  });

  it('"in tests" in a nested guideline file means test files anywhere in the workspace, its own folder included', async () => {
    const files = { '/ws/tests/CLAUDE.md': '- In tests, never use try/except\n' };
    assert.strictEqual(sev(await setFor(files, '/ws/tests/helpers.py'), 'no-try-except'), 'error');
    assert.strictEqual(sev(await setFor(files, '/ws/tests/unit/test_a.py'), 'no-try-except'), 'error');
  });

  it('.claude/rules/*.md with paths: front matter hold for those paths only; without paths, everywhere', async () => {
    const files = {
      '/ws/CLAUDE.md': '- Use docstrings\n',
      '/ws/.claude/rules/tests.md': '---\npaths:\n  - "tests/**/*.py"\n---\n- Docstrings are not needed\n- Never skip tests\n',
      '/ws/.claude/rules/style/typing.md': '- Use type hints\n',
      '/ws/.claude/rules/notes.txt': '- Never use try/except\n',
    };
    const test = await setFor(files, '/ws/tests/unit/test_a.py');
    assert.deepStrictEqual(on(test), ['missing-type-hints:warning', 'skipped-test:error']);
    assert.deepStrictEqual(test.files, ['/ws/CLAUDE.md', '/ws/.claude/rules/style/typing.md', '/ws/.claude/rules/tests.md']);
    const src = await setFor(files, '/ws/src/a.py');
    assert.deepStrictEqual(on(src), ['missing-docstring:warning', 'missing-type-hints:warning']);
    const entry = src.guidelines.find((g) => g.guideline.text === 'Never skip tests')!;
    assert.deepStrictEqual(entry.filePaths, ['tests/**/*.py']);
  });

  it('.cursor/rules/*.mdc: globs, and alwaysApply: true applies everywhere', async () => {
    const files = {
      '/ws/.cursor/rules/training.mdc': '---\ndescription: training code\nglobs: src/**/*.py\nalwaysApply: false\n---\n- Never use try/except\n',
      '/ws/.cursor/rules/always.mdc': '---\nglobs: docs/**\nalwaysApply: true\n---\n- Use docstrings\n',
    };
    assert.deepStrictEqual(on(await setFor(files, '/ws/src/train.py')), ['missing-docstring:warning', 'no-try-except:error', 'swallowed-exception:error']);
    assert.deepStrictEqual(on(await setFor(files, '/ws/scripts/plot.py')), ['missing-docstring:warning']);
  });

  it('.github/copilot-instructions.md everywhere, .github/instructions/*.instructions.md by applyTo', async () => {
    const files = {
      '/ws/.github/copilot-instructions.md': '# Instructions\n\n- Use type hints.\n',
      '/ws/.github/instructions/tests.instructions.md': '---\napplyTo: "tests/**"\n---\n- Never use `time.sleep` in tests.\n',
      '/ws/.github/instructions/readme.md': '- Never use try/except\n',
    };
    const t = await setFor(files, '/ws/tests/test_a.py');
    assert.deepStrictEqual(on(t), ['banned-api:error', 'missing-type-hints:warning']);
    assert.deepStrictEqual(t.settings.get('banned-api')!.options, { names: [{ name: 'time.sleep' }] });
    assert.deepStrictEqual(on(await setFor(files, '/ws/src/a.py')), ['missing-type-hints:warning']);
  });

  it('banned names add up across guideline lines and files, each where its scope holds', async () => {
    const files = {
      '/ws/CLAUDE.md': '- Use `pathlib` instead of `os.path`\n- Never use `hasattr`\n',
      '/ws/src/CLAUDE.md': '- `plt.savefig` \u2192 `save_figure`\n- In tests, never use `time.sleep`\n',
    };
    const names = async (p: string) => ((await setFor(files, p)).settings.get('banned-api')!.options.names as { name: string }[]).map((n) => n.name);
    assert.deepStrictEqual(await names('/ws/src/plot.py'), ['os.path', 'hasattr', 'plt.savefig']);
    assert.deepStrictEqual(await names('/ws/src/tests/test_plot.py'), ['os.path', 'hasattr', 'plt.savefig', 'time.sleep']);
    assert.deepStrictEqual(await names('/ws/train.py'), ['os.path', 'hasattr']);
  });

  it('a nearer file still wins over a scoped line of an outer one, and an unscoped line over an earlier scoped one', async () => {
    const files = { '/ws/CLAUDE.md': '- In tests, never use try/except\n', '/ws/tests/CLAUDE.md': '- Use try/except to handle errors gracefully\n' };
    assert.strictEqual(sev(await setFor(files, '/ws/tests/test_a.py'), 'no-try-except'), 'off');
  });

  it('cached per folder and per set of scopes that hold: same scopes, same object', async () => {
    const files = { '/ws/CLAUDE.md': '- When writing tests, NEVER use try except\n- Use docstrings\n' };
    const host = new FakeHost(files);
    const cache = new GuidelineCache(host);
    const a = await resolveRuleSet('/ws', '/ws/pkg/a.py', host, { cache });
    const b = await resolveRuleSet('/ws', '/ws/pkg/b.py', host, { cache });
    const t = await resolveRuleSet('/ws', '/ws/pkg/test_b.py', host, { cache });
    const u = await resolveRuleSet('/ws', '/ws/pkg/test_c.py', host, { cache });
    assert.strictEqual(a, b);
    assert.strictEqual(t, u);
    assert.notStrictEqual(a, t);
    assert.strictEqual(sev(a, 'no-try-except'), 'off');
    assert.strictEqual(sev(t, 'no-try-except'), 'error');
    assert.strictEqual(a.guidelines, t.guidelines, 'the folder\'s reading is shared');
  });

  it('buildRuleSet without a path gives an ordinary file: include-scoped lines left out, exclude-scoped in', () => {
    const set = buildRuleSet([{ path: '/ws/CLAUDE.md', text: '- In tests, never use try/except\n- Never use mock data in production code\n', layer: 'project' }]);
    assert.deepStrictEqual(on(set), ['placeholder-value:error']);
    assert.deepStrictEqual(on(ruleSetForPath(set, '/ws/tests/test_a.py')), ['no-try-except:error', 'swallowed-exception:error']);
  });

  it('a host without list() still works: the rules folders are not read', async () => {
    const files = { '/ws/CLAUDE.md': '- Use docstrings\n', '/ws/.claude/rules/a.md': '- Never use try/except\n' };
    const host = { readText: async (p: string) => (files as Record<string, string>)[p] };
    const set = await resolveRuleSet('/ws', '/ws/a.py', host, { cache: new GuidelineCache(host) });
    assert.deepStrictEqual(on(set), ['missing-docstring:warning']);
  });

  it('an unreadable rules folder is a problem, not an exception', async () => {
    const host = new FakeHost({ '/ws/CLAUDE.md': '- Use docstrings\n' });
    host.list = async (dir: string) => {
      if (dir === '/ws/.cursor/rules') throw new Error('EACCES: permission denied');
      return undefined;
    };
    const set = await resolveRuleSet('/ws', '/ws/a.py', host, { cache: new GuidelineCache(host) });
    assert.deepStrictEqual(set.problems.map((p) => [p.ruleId, p.file]), [['guideline-import', '/ws/.cursor/rules']]);
    assert.match(set.problems[0].message, /cannot be read \(EACCES/);
  });
});
