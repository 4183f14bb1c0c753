import * as assert from 'assert';
import { activeRules, buildRuleSet, presetSettings } from '../../../src/core/guidelines/ruleset';
import { resolveRuleSet } from '../../../src/core/guidelines';
import { GuidelineCache } from '../../../src/core/guidelines/discover';
import type { GuidelineFile } from '../../../src/core/guidelines/types';
import { RULES } from '../../../src/core/rules';
import { FakeHost } from './fakeHost';

const project = (path: string, text: string): GuidelineFile => ({ path, text, layer: 'project' });
const local = (path: string, text: string): GuidelineFile => ({ path, text, layer: 'local' });
const sev = (set: ReturnType<typeof buildRuleSet>, id: string) => set.settings.get(id)!.severity;

describe('guidelines/ruleset', () => {
  it('every rule is off when no guideline names it', () => {
    const set = buildRuleSet([project('/ws/CLAUDE.md', '- Be concise in chat\n')]);
    assert.strictEqual(set.settings.size, RULES.length);
    for (const [, s] of set.settings) assert.deepStrictEqual(s, { severity: 'off', options: {}, source: null });
    assert.deepStrictEqual(activeRules(set), []);
    assert.deepStrictEqual(set.guidelines.map((g) => g.reason), ['not about code']);
  });

  it('the research preset: fail-fast rules at error, the seed\'s other rules at warning, the project rules off', () => {
    const p = presetSettings('research');
    const seedRules = RULES.filter((r) => r.meta.category !== 'project');
    assert.strictEqual(p.size, seedRules.length);
    for (const id of ['missing-type-hints', 'banned-api', 'skipped-test']) assert.ok(!p.has(id), id);
    assert.strictEqual(p.get('no-try-except'), 'error');
    assert.strictEqual(p.get('placeholder-value'), 'error');
    assert.strictEqual(p.get('missing-docstring'), 'warning');
    const set = buildRuleSet([], { preset: 'research' });
    assert.strictEqual(activeRules(set).length, seedRules.length);
    assert.strictEqual(sev(buildRuleSet([project('/ws/CLAUDE.md', '```mantra\npreset: research\n```\n')]), 'torch-for-loop'), 'warning');
  });

  it('layers: preset < outer < inner < blocks < CLAUDE.local.md < overrides', () => {
    const files = [
      project('/ws/CLAUDE.md', '- never use try/except\n- use docstrings\n- in torch code, avoid for loops\n- keep functions under 40 lines\n\n```mantra\nrules:\n  torch-for-loop: information\n```\n'),
      project('/ws/src/CLAUDE.md', '- use try/except to handle errors gracefully\n- Never use placeholder values\n- avoid for loops\n'),
      local('/ws/CLAUDE.local.md', '- Do not add docstrings\n\n```mantra\nrules:\n  long-function: { maxLines: 60 }\n```\n'),
    ];
    const set = buildRuleSet(files, { preset: 'research', overrides: { 'placeholder-value': 'warning', 'deep-nesting': 'off' } });
    assert.strictEqual(sev(set, 'no-try-except'), 'off', 'inner wording beats outer');
    assert.deepStrictEqual(set.settings.get('no-try-except')!.source, { file: '/ws/src/CLAUDE.md', line: 0, text: 'use try/except to handle errors gracefully' });
    assert.strictEqual(sev(set, 'torch-for-loop'), 'information', 'a block beats any wording, even nearer');
    assert.strictEqual(set.settings.get('torch-for-loop')!.source!.text, 'torch-for-loop: information');
    assert.strictEqual(sev(set, 'missing-docstring'), 'off', 'CLAUDE.local.md beats the project files');
    assert.deepStrictEqual(set.settings.get('long-function'), {
      severity: 'warning',
      options: { maxLines: 60 },
      source: { file: '/ws/CLAUDE.local.md', line: 4, text: 'long-function: { maxLines: 60 }' },
    });
    assert.strictEqual(sev(set, 'placeholder-value'), 'warning', 'editor settings beat everything');
    assert.strictEqual(set.settings.get('placeholder-value')!.source, null);
    assert.strictEqual(sev(set, 'deep-nesting'), 'off');
    assert.strictEqual(sev(set, 'fallback-default'), 'error', 'the preset holds where nothing else speaks');
    assert.deepStrictEqual(set.files, ['/ws/CLAUDE.md', '/ws/src/CLAUDE.md', '/ws/CLAUDE.local.md']);
  });

  it('options from a block without a severity switch an off rule on at its default', () => {
    const set = buildRuleSet([project('/ws/CLAUDE.md', '```mantra\nrules:\n  deep-nesting: { maxDepth: 2 }\n```\n')]);
    assert.deepStrictEqual(activeRules(set).map((a) => [a.rule.meta.id, a.severity, a.options]), [['deep-nesting', 'warning', { maxDepth: 2 }]]);
  });

  it('activeRules fills the defaults of each rule\'s options', () => {
    const set = buildRuleSet([project('/ws/CLAUDE.md', '- avoid long functions\n')]);
    const [a] = activeRules(set);
    assert.strictEqual(a.rule.meta.id, 'long-function');
    assert.deepStrictEqual(a.options, { maxLines: 50 });
    assert.deepStrictEqual(a.source, { file: '/ws/CLAUDE.md', line: 0, text: 'avoid long functions' });
  });

  it('collects block problems and excludes; bad overrides are problems, not exceptions', () => {
    const set = buildRuleSet(
      [project('/ws/CLAUDE.md', '```mantra\nrules:\n  no-try-excpet: error\nexclude: [scripts/**]\n```\n'), project('/ws/a/CLAUDE.md', '```mantra\nexclude: "*.ipynb"\n```\n')],
      { overrides: { 'no-such-rule': 'error', 'long-function': { maxLines: 'x' }, 'unused-import': 'loud' } as never },
    );
    assert.deepStrictEqual(set.exclude, ['scripts/**', '*.ipynb']);
    assert.deepStrictEqual(set.problems.map((p) => [p.file, p.ruleId]), [
      ['/ws/CLAUDE.md', 'guideline-config'],
      ['settings', 'guideline-config'],
      ['settings', 'guideline-config'],
      ['settings', 'guideline-config'],
    ]);
    assert.strictEqual(sev(set, 'long-function'), 'warning');
    assert.deepStrictEqual(set.settings.get('long-function')!.options, {});
  });

  it('an option from wording that the schema refuses is dropped and reported', () => {
    const set = buildRuleSet([project('/ws/CLAUDE.md', '- keep functions under 0 lines\n')]);
    assert.strictEqual(sev(set, 'long-function'), 'warning');
    assert.deepStrictEqual(set.settings.get('long-function')!.options, {});
    assert.strictEqual(set.problems.length, 1);
    assert.strictEqual(set.problems[0].range.start.line, 0);
  });

  it('resolveRuleSet: discovery, imports and their problems, cached per folder', async () => {
    const host = new FakeHost({
      '/ws/CLAUDE.md': '@docs/rules.md\n@docs/missing.md\n',
      '/ws/docs/rules.md': '- never use try/except\n',
      '/ws/src/CLAUDE.md': '- use docstrings\n',
    });
    const cache = new GuidelineCache(host);
    const a = await resolveRuleSet('/ws', '/ws/src/a.py', host, { cache });
    assert.strictEqual(sev(a, 'no-try-except'), 'error');
    assert.strictEqual(sev(a, 'missing-docstring'), 'warning');
    assert.deepStrictEqual(a.problems.map((p) => [p.ruleId, p.file, p.range.start.line]), [['guideline-import', '/ws/CLAUDE.md', 1]]);
    const b = await resolveRuleSet('/ws', '/ws/src/b.py', host, { cache });
    assert.strictEqual(a, b, 'one rule set per folder and options');
    const top = await resolveRuleSet('/ws', '/ws/train.py', host, { cache });
    assert.strictEqual(sev(top, 'missing-docstring'), 'off');
    const reads = host.reads.length;
    await resolveRuleSet('/ws', '/ws/src/c.py', host, { cache, overrides: { 'no-try-except': 'off' } });
    assert.strictEqual(host.reads.length, reads, 'other options rebuild without reading again');
  });

  it('resolveRuleSet: a resolve in flight when the cache is invalidated leaves nothing stale behind', async () => {
    const host = new FakeHost({ '/ws/CLAUDE.md': '- NEVER use try/except\n' });
    const cache = new GuidelineCache(host);
    // The first resolve reads the old text, then the guideline file changes and the cache is
    // invalidated before that resolve has finished (the editor re-derives on every change).
    const stale = resolveRuleSet('/ws', '/ws/model.py', host, { cache });
    for (let i = 0; i < 100 && !host.reads.includes('/ws/CLAUDE.md'); i++) await Promise.resolve();
    assert.ok(host.reads.includes('/ws/CLAUDE.md'), 'the first resolve has read the old text');
    host.files['/ws/CLAUDE.md'] = '- Avoid try/except\n';
    cache.invalidate('/ws/CLAUDE.md');
    const fresh = resolveRuleSet('/ws', '/ws/model.py', host, { cache });
    assert.strictEqual(sev(await stale, 'no-try-except'), 'error');
    assert.strictEqual(sev(await fresh, 'no-try-except'), 'warning');
    assert.strictEqual(sev(await resolveRuleSet('/ws', '/ws/model.py', host, { cache }), 'no-try-except'), 'warning');
  });
});
