import * as assert from 'assert';
import { runCli, tempWorkspace } from './run';

const CLAUDE = `# Rules

## Code

- Use type hints on public functions
- Use \`pathlib\` instead of \`os.path\`
- NEVER use try/except blocks.
- When writing tests, never use \`time.sleep\`
- Do not add doc comments to test functions
- Use docstrings
- Use try/except blocks with specific exceptions

## Working together

- Be concise in chat
- Use assertions, not exceptions
`;

const TESTS_RULE = '---\npaths:\n  - "tests/**"\n---\n- Never skip tests\n';

describe('cli: mantra rules explains itself', () => {
  it('text: the rules for DIR, the scoped ones, and for each guideline line what it produced or why nothing', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': CLAUDE, '.claude/rules/tests.md': TESTS_RULE });
    const r = runCli(['rules', ws, '--root', ws]);
    assert.strictEqual(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /^Rules:\n/);
    assert.match(out, /^ {2}missing-type-hints +warning +\{"publicOnly":true,.*← CLAUDE\.md:5 "Use type hints on public functions"$/m);
    assert.match(out, /^ {2}banned-api +warning +\{"names":\[\{"name":"os\.path","replacement":"pathlib"\}\]\}/m);
    assert.match(out, /^Scoped \(they hold only in part of the code\):\n/m);
    assert.match(out, /^ {2}banned-api +error +\{"names":\[\{"name":"time\.sleep"\}\]\} in tests {2}← CLAUDE\.md:8/m);
    assert.match(out, /^ {2}missing-docstring +off +in tests {2}← CLAUDE\.md:9/m);
    assert.match(out, /^ {2}skipped-test +error +for tests\/\*\* {2}← \.claude\/rules\/tests\.md:5 "Never skip tests"$/m);
    assert.match(out, /^Guidelines:\n/m);
    assert.match(out, /CLAUDE\.md:7 {2}"NEVER use try\/except blocks\."\n {6}→ no-try-except error, overridden by CLAUDE\.md:11\n {6}→ swallowed-exception error, overridden by CLAUDE\.md:11\n/);
    assert.match(out, /CLAUDE\.md:11 {2}"Use try\/except blocks with specific exceptions"\n {6}→ no-try-except off — opposite of rule no-try-except: turned off\n {6}→ swallowed-exception warning\n/);
    assert.match(out, /CLAUDE\.md:9 {2}"Do not add doc comments to test functions"\n {6}→ missing-docstring off \(in tests\) — opposite of rule missing-docstring: turned off\n/);
    assert.match(out, /CLAUDE\.md:15 {2}"Be concise in chat"\n {6}→ no rule: not about code\n/);
    assert.match(out, /CLAUDE\.md:16 {2}"Use assertions, not exceptions"\n {6}→ no rule: not enforceable by a linter\n/);
    assert.match(out, /\.claude\/rules\/tests\.md:5 {2}"Never skip tests" {2}\[for tests\/\*\*\]\n {6}→ skipped-test error \(for tests\/\*\*\)\n/);
  });

  it('json: the same array of rules as before (scope only on scoped settings); --explain adds the guideline lines', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': CLAUDE + '- Never use mock data in production code\n' });
    const r = runCli(['rules', ws, '--root', ws, '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    const entries = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.ok(Array.isArray(entries));
    const byId = new Map(entries.map((e) => [e.rule, e]));
    assert.deepStrictEqual(byId.get('missing-docstring'), { rule: 'missing-docstring', severity: 'warning', options: byId.get('missing-docstring')!.options, source: { file: 'CLAUDE.md', line: 10, text: 'Use docstrings' } });
    assert.deepStrictEqual(byId.get('placeholder-value')!.scope, 'in production code');

    const x = JSON.parse(runCli(['rules', ws, '--root', ws, '--format', 'json', '--explain']).stdout);
    assert.deepStrictEqual(Object.keys(x), ['rules', 'scoped', 'guidelines', 'problems']);
    assert.deepStrictEqual(x.rules, entries);
    const line = x.guidelines.find((g: { line: number }) => g.line === 8);
    assert.deepStrictEqual(line, {
      file: 'CLAUDE.md',
      line: 8,
      text: 'When writing tests, never use time.sleep',
      produced: [{ rule: 'banned-api', setting: 'error', options: { names: [{ name: 'time.sleep' }] }, scope: 'in tests', include: line.produced[0].include }],
    });
    assert.ok(line.produced[0].include.includes('test_*.py'));
    assert.deepStrictEqual(x.guidelines.find((g: { line: number }) => g.line === 15), { file: 'CLAUDE.md', line: 15, text: 'Be concise in chat', produced: [], reason: 'not about code' });
    assert.deepStrictEqual(x.scoped.map((s: { rule: string; scope: string }) => [s.rule, s.scope]), [
      ['banned-api', 'in tests'],
      ['missing-docstring', 'in tests'],
      ['placeholder-value', 'in production code'],
    ]);
  });

  it('a DIR inside tests gets the test-scoped rules', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': CLAUDE, '.claude/rules/tests.md': TESTS_RULE, 'tests/.keep': '' });
    const entries = JSON.parse(runCli(['rules', `${ws}/tests`, '--root', ws, '--format', 'json']).stdout) as { rule: string; severity: string; scope?: string }[];
    const byId = new Map(entries.map((e) => [e.rule, e]));
    assert.deepStrictEqual([byId.get('skipped-test')!.severity, byId.get('skipped-test')!.scope], ['error', 'for tests/**']);
    assert.deepStrictEqual([byId.get('missing-docstring')!.severity, byId.get('missing-docstring')!.scope], ['off', 'in tests']);
  });
});

describe('cli: mantra audit applies scopes', () => {
  it('a test-scoped guideline flags test files only; .claude/rules files are read from disk', () => {
    const ws = tempWorkspace({
      'CLAUDE.md': '- When writing tests, NEVER use try except\n',
      '.claude/rules/src.md': '---\npaths: ["src/**"]\n---\n- Never use `hasattr`\n',
      'tests/test_io.py': 'def test_load():\n    try:\n        load()\n    except OSError:\n        raise\n',
      'src/io.py': 'def load(m):\n    try:\n        return hasattr(m, "x")\n    except OSError:\n        raise\n',
    });
    const r = runCli(['audit', ws, '--root', ws, '--format', 'json']);
    const rows = JSON.parse(r.stdout) as { file: string; rule: string; line: number }[];
    assert.deepStrictEqual(rows.map((x) => [x.file, x.rule, x.line]), [
      ['src/io.py', 'banned-api', 3],
      ['tests/test_io.py', 'no-try-except', 4],
    ]);
  });
});
