// The change against HEAD from the built-in git extension: a real repository (git init, commit) in a sub-folder
// of the workspace copy, git switched on for this workspace only (run.js switches it off for the user).
'use strict';
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { mantra, folder, uriOf, waitFor, mantraDiagnostics, codeOf, waitForDiagnostic, waitForNoDiagnostic, open, setText } = require('./helpers');

const REL = 'changes/calc.py';
const BEFORE = [
  'def load(path):',
  '    return open(path).read()',
  '',
  '',
  'def scale(x, factor):',
  '    return x * factor',
  '',
  '',
  'def untouched(x):',
  '    return x - 1',
  '',
].join('\n');

function git(cwd, ...args) {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=Test', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const lines = (text) => text.split('\n');
const edited = (d) => codeOf(d) === 'edited-missing-docstring';

describe('no git (git.enabled off, as run.js sets it): no change, as in the CLI without --diff-base', function () {
  it('change-aware rules are silent, and Audit Change has nothing to audit', async () => {
    const api = await mantra();
    const doc = await open('data.py');
    await waitFor('data.py linted', () => mantraDiagnostics(doc.uri).length > 0);
    assert.strictEqual(api.changedLines(doc.uri), undefined);
    assert.ok(!mantraDiagnostics(doc.uri).some((d) => ['edited-missing-docstring', 'untargeted-edit'].includes(codeOf(d))));
    assert.strictEqual(await vscode.commands.executeCommand('mantra.auditChange'), undefined);
  });
});

describe('git changes (edited-missing-docstring, untargeted-edit, Audit Change, baseline, changedOnly)', function () {
  this.timeout(90000);
  let api;
  let doc;
  const uri = () => uriOf(REL);

  before(async () => {
    api = await mantra();
    const dir = path.join(folder().fsPath, 'changes');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'calc.py'), BEFORE);
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'init');
    await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Workspace);
    doc = await open(REL);
    // git has read the repository once the file is known unchanged ([]), not unknown (undefined).
    await waitFor('the git extension to read changes/', () => Array.isArray(api.changedLines(uri())) && api.changedLines(uri()).length === 0, 30000);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('mantra').update('changedOnly', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('git').update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('an unchanged file: missing-docstring, no edited-missing-docstring', async () => {
    await waitForDiagnostic(uri(), 'missing-docstring on load', (d) => codeOf(d) === 'missing-docstring' && d.range.start.line === 0);
    assert.ok(!mantraDiagnostics(uri()).some(edited), 'no edit yet');
  });

  it('editing a function without a docstring: edited-missing-docstring appears; adding the docstring makes it vanish', async () => {
    const after = lines(BEFORE);
    after[5] = '    return x * factor * 2';
    await setText(doc, after.join('\n'), true);
    await waitFor('the saved edit in the diff', () => JSON.stringify(api.changedLines(uri())) === JSON.stringify([{ start: 5, end: 5, before: { lines: ['    return x * factor'], added: 1 } }]), 20000);
    const d = await waitForDiagnostic(uri(), 'edited-missing-docstring on scale', (x) => edited(x) && x.range.start.line === 4);
    assert.match(d.message, /'scale' is edited and has no docstring/);
    assert.ok(!mantraDiagnostics(uri()).some((x) => edited(x) && x.range.start.line !== 4), 'only the edited function');

    after.splice(5, 0, '    """Scale x by twice the factor."""');
    await setText(doc, after.join('\n'), true);
    await waitForNoDiagnostic(uri(), 'edited-missing-docstring', edited);
  });

  it('mantra.changedOnly: only the findings on the change', async () => {
    const after = lines(BEFORE);
    after[1] = '    return open(path, encoding="utf-8").read()';
    await setText(doc, after.join('\n'), true);
    await waitForDiagnostic(uri(), 'edited-missing-docstring on load', (x) => edited(x) && x.range.start.line === 0, 20000);
    await waitForDiagnostic(uri(), 'missing-docstring on untouched', (x) => codeOf(x) === 'missing-docstring' && x.range.start.line === 8);
    await vscode.workspace.getConfiguration('mantra').update('changedOnly', true, vscode.ConfigurationTarget.Workspace);
    await waitForNoDiagnostic(uri(), 'missing-docstring of untouched functions', (x) => codeOf(x) === 'missing-docstring');
    assert.ok(mantraDiagnostics(uri()).some(edited), 'the edited function stays');
    await vscode.workspace.getConfiguration('mantra').update('changedOnly', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostic(uri(), 'missing-docstring back', (x) => codeOf(x) === 'missing-docstring' && x.range.start.line === 8);
  });

  it('Mantra: Audit Change: the report of the diff, a reformat as untargeted-edit', async () => {
    const after = lines(BEFORE);
    after[1] = '    return open(path, encoding="utf-8").read()';
    after[9] = '    return x-1';
    await setText(doc, after.join('\n'), true);
    await waitForDiagnostic(uri(), 'untargeted-edit on the reformat', (x) => codeOf(x) === 'untargeted-edit' && x.range.start.line === 9, 20000);
    const result = await vscode.commands.executeCommand('mantra.auditChange');
    assert.ok(result, 'the command returns its model');
    assert.deepStrictEqual(result.model.files.map((f) => f.path), [REL]);
    const got = result.model.files[0].findings.map((f) => `${f.range.start.line} ${f.ruleId}`);
    // The reformat touches `untouched` too: an edited function for edited-missing-docstring.
    assert.deepStrictEqual(got, ['0 edited-missing-docstring', '8 edited-missing-docstring', '9 untargeted-edit'], 'only findings on the change');
    assert.strictEqual(result.baselined, 0);
    const targeted = result.model.guidelines.find((g) => g.rules.includes('untargeted-edit'));
    assert.ok(targeted && /targeted/.test(targeted.source.text), 'the guideline it enforces');
  });

  it('.mantra-baseline.json hides the findings it holds, and the report and status bar count them', async () => {
    // The status bar speaks of the file in view (the audit report may have covered it).
    await vscode.window.showTextDocument(doc);
    const baselineUri = uriOf('.mantra-baseline.json');
    const baseline = { version: 1, files: { [REL]: { 'edited-missing-docstring|load|def load(path):': 1 } } };
    await vscode.workspace.fs.writeFile(baselineUri, new TextEncoder().encode(JSON.stringify(baseline, null, 2) + '\n'));
    try {
      await waitForNoDiagnostic(uri(), 'the baselined edited-missing-docstring', (x) => edited(x) && x.range.start.line === 0, 20000);
      await waitFor('the status bar tooltip to count it', () => /1 more baselined/.test(api.statusBarState().tooltip));
      const result = await vscode.commands.executeCommand('mantra.auditChange');
      assert.strictEqual(result.baselined, 1);
      assert.deepStrictEqual(result.model.files[0].findings.map((f) => `${f.range.start.line} ${f.ruleId}`), ['8 edited-missing-docstring', '9 untargeted-edit']);
    } finally {
      await vscode.workspace.fs.delete(baselineUri);
    }
    await waitForDiagnostic(uri(), 'edited-missing-docstring back without the baseline', (x) => edited(x) && x.range.start.line === 0, 20000);
  });
});
