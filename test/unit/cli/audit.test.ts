import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempWorkspace } from './run';

const TRY = 'def load(path):\n    """Load."""\n    try:\n        return open(path).read()\n    except OSError:\n        raise\n';

describe('cli: mantra audit', () => {
  it('maps a NEVER bullet to an error, exits 1, and names the guideline in JSON', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': '# Rules\n\n- NEVER use try/except blocks.\n', 'src/io.py': TRY });
    const r = runCli(['audit', ws, '--root', ws, '--format', 'json']);
    assert.strictEqual(r.code, 1, r.stderr);
    const rows = JSON.parse(r.stdout);
    assert.deepStrictEqual(rows, [
      {
        file: 'src/io.py', line: 5, column: 5, endLine: 5, endColumn: 20, rule: 'no-try-except', severity: 'error',
        message: rows[0].message, guideline: { file: 'CLAUDE.md', line: 3, text: rows[0].guideline.text }, fix: true,
      },
    ]);
    assert.match(rows[0].guideline.text, /NEVER use try\/except/);
  });

  it('text format: one line per finding, then the guideline summary', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': '- NEVER use try/except blocks.\n- Ask before pushing.\n', 'a.py': TRY });
    const r = runCli(['audit', ws, '--root', ws]);
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /^a\.py:5:5  error\s+no-try-except\s+/m);
    assert.match(r.stdout, /CLAUDE\.md:1\s+"NEVER use try\/except blocks\."\s+1 finding/);
    assert.match(r.stdout, /Not enforceable:\n\s+- CLAUDE\.md:2/);
  });

  it('a warning-only audit exits 0', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': '- Avoid try/except blocks.\n', 'a.py': TRY });
    const r = runCli(['audit', ws, '--root', ws, '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(JSON.parse(r.stdout)[0].severity, 'warning');
  });

  it('without a guideline file nothing is enforced, unless --preset research', () => {
    const ws = tempWorkspace({ 'a.py': TRY });
    const none = runCli(['audit', ws, '--root', ws, '--format', 'json']);
    assert.strictEqual(none.code, 0);
    assert.deepStrictEqual(JSON.parse(none.stdout), []);
    const preset = runCli(['audit', ws, '--root', ws, '--format', 'json', '--preset', 'research']);
    assert.ok(JSON.parse(preset.stdout).some((f: { rule: string }) => f.rule === 'no-try-except'));
  });

  it('SARIF 2.1.0 with the catalog as rules and the guideline on each result', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': '- NEVER use try/except blocks.\n', 'a.py': TRY });
    const r = runCli(['audit', ws, '--root', ws, '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    assert.strictEqual(log.version, '2.1.0');
    const run = log.runs[0];
    assert.strictEqual(run.tool.driver.name, 'mantra');
    const result = run.results[0];
    assert.strictEqual(result.ruleId, 'no-try-except');
    assert.strictEqual(run.tool.driver.rules[result.ruleIndex].id, 'no-try-except');
    assert.strictEqual(result.level, 'error');
    assert.deepStrictEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'a.py', uriBaseId: '%SRCROOT%' });
    assert.strictEqual(result.locations[0].physicalLocation.region.startLine, 5);
    assert.strictEqual(result.relatedLocations[0].physicalLocation.artifactLocation.uri, 'CLAUDE.md');
  });

  it('--fix rewrites the file with the safe fixes', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': '- NEVER use try/except blocks.\n', 'a.py': TRY });
    const r = runCli(['audit', ws, '--root', ws, '--fix', '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.strictEqual(fs.readFileSync(path.join(ws, 'a.py'), 'utf8'), 'def load(path):\n    """Load."""\n    return open(path).read()\n');
  });

  it('respects .gitignore', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': '- NEVER use try/except blocks.\n', '.gitignore': 'build/\n', 'build/a.py': TRY, 'b.py': TRY });
    const rows = JSON.parse(runCli(['audit', ws, '--root', ws, '--format', 'json']).stdout);
    assert.deepStrictEqual(rows.map((r: { file: string }) => r.file), ['b.py']);
  });

  it('a bad mantra block is a finding in CLAUDE.md, and the rest still applies', () => {
    const ws = tempWorkspace({
      'CLAUDE.md': '- NEVER use try/except blocks.\n\n```mantra\nrules:\n  no-such-rule: error\n```\n',
      'a.py': TRY,
    });
    const rows = JSON.parse(runCli(['audit', ws, '--root', ws, '--format', 'json']).stdout);
    const problem = rows.find((r: { file: string }) => r.file === 'CLAUDE.md');
    assert.ok(problem, JSON.stringify(rows));
    assert.strictEqual(problem.line, 5);
    assert.match(problem.message, /no-such-rule/);
    assert.ok(rows.some((r: { rule: string }) => r.rule === 'no-try-except'));
  });

  it('usage errors exit 2', () => {
    assert.strictEqual(runCli(['audit', '--format', 'xml']).code, 2);
    assert.strictEqual(runCli(['frobnicate']).code, 2);
    assert.strictEqual(runCli(['audit', '/no/such/path']).code, 2);
  });
});

describe('cli: mantra rules and explain', () => {
  it('rules --format json lists every rule with its source', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': '- Keep functions under 40 lines.\n- NEVER use try/except blocks.\n' });
    const r = runCli(['rules', ws, '--root', ws, '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    const entries = JSON.parse(r.stdout);
    const byId = new Map(entries.map((e: { rule: string }) => [e.rule, e]));
    assert.deepStrictEqual(byId.get('no-try-except'), { rule: 'no-try-except', severity: 'error', options: {}, source: { file: 'CLAUDE.md', line: 2, text: 'NEVER use try/except blocks.' } });
    assert.deepStrictEqual((byId.get('long-function') as { options: unknown }).options, { maxLines: 40 });
    assert.strictEqual((byId.get('torch-for-loop') as { severity: string }).severity, 'off');
  });

  it('explain prints the guideline and an example', () => {
    const r = runCli(['explain', 'no-try-except']);
    assert.strictEqual(r.code, 0);
    assert.match(r.stdout, /Guideline: /);
    assert.match(r.stdout, /After the fix:/);
    assert.strictEqual(runCli(['explain', 'nope']).code, 2);
  });
});

describe('cli: the embedded example', () => {
  it('audits examples/research-project with findings from at least 12 rules, each under its guideline', () => {
    const example = path.join(__dirname, '..', '..', '..', '..', 'examples', 'research-project');
    const r = runCli(['audit', example, '--root', example, '--format', 'json']);
    assert.strictEqual(r.code, 1, r.stderr);
    const rows: Array<{ rule: string; guideline: { file: string } | null; file: string }> = JSON.parse(r.stdout);
    const rules = new Set(rows.map((f) => f.rule));
    assert.ok(rules.size >= 12, [...rules].join(', '));
    assert.ok(rows.every((f) => f.guideline?.file === 'CLAUDE.md'), 'every finding names its CLAUDE.md line');
    assert.ok(!rows.some((f) => f.file.startsWith('tests/') && f.rule === 'placeholder-value'));
  });
});
