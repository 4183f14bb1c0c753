import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { activeRules, buildRuleSet } from '../../../src/core/guidelines/ruleset';
import { classifyGuideline, NOT_ABOUT_CODE, NOT_ENFORCEABLE } from '../../../src/core/guidelines/map';
import { readGuidelines } from '../../../src/core/guidelines/read';
import { RULES } from '../../../src/core/rules';

const FIXTURE = path.join(__dirname, '../../../../test/fixtures/guidelines/seed-CLAUDE.md');

/** What each code line of the seed must map to. */
const EXPECTED: Record<string, Record<string, string>> = {
  "never use value placeholders, try/except blocks, or any 'if this fails, do this'": {
    'fallback-default': 'error',
    'no-try-except': 'error',
    'placeholder-value': 'error',
    'swallowed-exception': 'error',
  },
  'use assert for torch tensor shapes': { 'tensor-shape-assert': 'warning' },
  'in torch code, avoid for loops': { 'torch-for-loop': 'warning' },
  'use docstrings': { 'missing-docstring': 'warning' },
  'when editing a function with missing docstring, add one': { 'edited-missing-docstring': 'warning', 'missing-docstring': 'warning' },
  'avoid inline comments that explain the code; keep existing ones; shape comments are fine': { 'explanatory-comment': 'warning' },
  'minimal, dry code; it is not bloated': {
    'deep-nesting': 'warning',
    'duplicate-code': 'warning',
    'long-function': 'warning',
    'redundant-code': 'warning',
    'unused-import': 'warning',
  },
};

describe('guidelines: the seed CLAUDE.md', () => {
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const doc = readGuidelines('/ws/CLAUDE.md', text);

  it('every code line maps to its rules; every other line is marked not enforceable', () => {
    assert.strictEqual(doc.guidelines.length, 12);
    for (const g of doc.guidelines) {
      const r = classifyGuideline(g);
      if (g.heading === 'Code') {
        assert.deepStrictEqual(Object.fromEntries(r.mappings.map((m) => [m.ruleId, m.setting])), EXPECTED[g.text], g.text);
      } else {
        assert.deepStrictEqual(r.mappings, [], g.text);
        assert.ok(r.reason === NOT_ABOUT_CODE || r.reason === NOT_ENFORCEABLE, `${g.text}: ${r.reason}`);
      }
    }
  });

  it('switches on every rule but commented-out-code, each citing its line', () => {
    const set = buildRuleSet([{ path: '/ws/CLAUDE.md', text, layer: 'project' }]);
    const on = activeRules(set).map((a) => [a.rule.meta.id, a.severity, a.source?.line]);
    assert.deepStrictEqual(on, [
      ['deep-nesting', 'warning', 12],
      ['duplicate-code', 'warning', 12],
      ['edited-missing-docstring', 'warning', 10],
      ['explanatory-comment', 'warning', 11],
      ['fallback-default', 'error', 6],
      ['long-function', 'warning', 12],
      ['missing-docstring', 'warning', 10],
      ['no-try-except', 'error', 6],
      ['placeholder-value', 'error', 6],
      ['redundant-code', 'warning', 12],
      ['swallowed-exception', 'error', 6],
      ['tensor-shape-assert', 'warning', 7],
      ['torch-for-loop', 'warning', 8],
      ['unused-import', 'warning', 12],
    ]);
    assert.strictEqual(set.settings.get('commented-out-code')!.severity, 'off');
    assert.strictEqual(set.settings.size, RULES.length);
  });
});
