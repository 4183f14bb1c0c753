'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

/** The open webview tabs of the audit report. */
const reportTabs = () =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('mantra.report'));

describe('audit', () => {
  before(() => h.mantra());

  it('"Mantra: Audit File" opens the report of the active file', async () => {
    await h.open('model.py');
    const result = await vscode.commands.executeCommand('mantra.auditFile');
    assert.ok(result && result.model, 'the command returns its model');
    assert.deepStrictEqual(result.model.files.map((f) => f.path), ['model.py']);
    const ids = result.model.files[0].findings.map((f) => f.ruleId);
    assert.ok(ids.includes('no-try-except'), JSON.stringify(ids));
    assert.ok(result.model.guidelines.some((g) => g.rules.includes('no-try-except') && g.source.line === 5));
    assert.ok(result.model.guidelines.some((g) => g.rules.length === 0 && /python -m train/.test(g.source.text)), 'the workflow line is not enforceable');
    const tabs = await h.waitFor('the report tab', () => reportTabs().length > 0 && reportTabs());
    assert.strictEqual(tabs[0].label, 'Mantra audit · model.py');
  });

  it('"Mantra: Audit File" on a file passed by the explorer menu', async () => {
    const result = await vscode.commands.executeCommand('mantra.auditFile', h.uriOf('data.py'));
    assert.deepStrictEqual(result.model.files.map((f) => f.path), ['data.py']);
    assert.strictEqual(reportTabs().length, 1, 'one report panel, reused');
  });

  it('"Mantra: Audit Workspace" lints files that are not open and publishes their problems', async () => {
    const sweep = h.uriOf('experiments/sweep.py');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === sweep.toString()), 'sweep.py is not open');
    const result = await vscode.commands.executeCommand('mantra.auditWorkspace');
    assert.strictEqual(result.cancelled, false);
    assert.deepStrictEqual(result.model.files.map((f) => f.path), ['data.py', 'experiments/sweep.py', 'layers.py', 'model.py', 'third_party/vendored.py']);
    const diags = h.mantraDiagnostics(sweep);
    assert.ok(diags.some((d) => h.codeOf(d) === 'no-try-except'), 'sweep.py has its no-try-except in the Problems panel');
  });
});
