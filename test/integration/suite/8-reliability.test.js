'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

// src/extension/testRule.ts: with MANTRA_TEST_FAULTY_RULE=1 (set by run.js for this pass), a rule that throws on
// files containing the marker joins every non-empty rule set.
const FAULTY_RULE = 'mantra-test-faulty-rule';
const MARKER = '# mantra-test: throw\n';
const isInternalError = (d) => h.codeOf(d) === 'mantra-internal-error';
const isTryExcept = (d) => h.codeOf(d) === 'no-try-except';

/** What the "Mantra" output channel holds: its log file, `Mantra.log` in the extension's log folder. */
async function outputChannel(api) {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(api.logUri, 'Mantra.log'));
  return new TextDecoder().decode(bytes);
}

const count = (text, part) => text.split(part).length - 1;

describe('reliability in the extension host', () => {
  let api;
  before(async () => (api = await h.mantra()));

  it('a rule that throws becomes "Mantra internal error in rule X" on the file, its stack goes to the output channel, and the other rules keep reporting', async () => {
    assert.strictEqual(process.env.MANTRA_TEST_FAULTY_RULE, '1', 'run the suite with test/integration/run.js, which sets MANTRA_TEST_FAULTY_RULE=1 for the extension host');
    // An untitled copy of model.py: nothing is written to disk.
    const model = await vscode.workspace.openTextDocument(h.uriOf('model.py'));
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: model.getText() });
    await vscode.window.showTextDocument(doc);
    try {
      await h.waitForDiagnostic(doc.uri, 'no-try-except before the fault', isTryExcept);
      assert.ok(!h.mantraDiagnostics(doc.uri).some(isInternalError), 'no internal error without the marker');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), `\n${MARKER}`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const internal = await h.waitForDiagnostic(doc.uri, `the internal error of ${FAULTY_RULE}`, isInternalError);
      assert.match(internal.message, new RegExp(`^Mantra internal error in rule ${FAULTY_RULE}: ${FAULTY_RULE} throws on purpose`));
      assert.strictEqual(internal.severity, vscode.DiagnosticSeverity.Error);
      assert.strictEqual(internal.range.start.line, 0);
      const others = h.mantraDiagnostics(doc.uri).filter((d) => !isInternalError(d));
      assert.ok(others.some(isTryExcept), `the other rules still report (have: ${others.map(h.codeOf).join(', ')})`);
      const name = doc.uri.path.split('/').pop();
      const log = await h.waitFor('the stack in the output channel', async () => {
        const text = await outputChannel(api);
        return text.includes(`Rule ${FAULTY_RULE} failed on ${name}: Error: ${FAULTY_RULE} throws on purpose`) && text;
      });
      const entry = log.slice(log.indexOf(`Rule ${FAULTY_RULE} failed on ${name}`));
      assert.match(entry, /\n\s+at .*check/, "the entry carries the stack, down to the rule's check");
      // Without the marker the rule works again, and the internal error goes.
      const undo = new vscode.WorkspaceEdit();
      undo.delete(doc.uri, new vscode.Range(doc.lineCount - 2, 0, doc.lineCount, 0));
      assert.ok(await vscode.workspace.applyEdit(undo));
      await h.waitForNoDiagnostic(doc.uri, 'internal error once the marker is gone', isInternalError);
      assert.ok(h.mantraDiagnostics(doc.uri).some(isTryExcept));
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('a file over mantra.maxFileSize is skipped with a visible notice: the status bar, a message once per file, the setting one click away', async () => {
    const config = vscode.workspace.getConfiguration('mantra');
    const doc = await h.open('data.py');
    await h.waitForDiagnostic(doc.uri, 'no-try-except in data.py', isTryExcept);
    const size = doc.getText().length;
    await config.update('maxFileSize', size - 1, vscode.ConfigurationTarget.Workspace);
    try {
      await h.waitFor('data.py to lose its diagnostics', () => h.mantraDiagnostics(doc.uri).length === 0);
      const state = await h.waitFor('the status bar notice', () => /Not linted/.test(api.statusBarState().text) && api.statusBarState());
      assert.strictEqual(state.text, '$(shield) Not linted: file too large');
      assert.strictEqual(state.tooltip, `Mantra: This file is not linted: ${size} characters, over the mantra.maxFileSize limit of ${size - 1}. Click to change the setting.`);
      assert.strictEqual(state.background, 'warning');
      const notice = `notice: data.py is not linted: ${size} characters`;
      await h.waitFor('the notice in the output channel', async () => (await outputChannel(api)).includes(notice));
      // Typing in the file skips it again, without a second notification.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await h.sleep(600);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.ok(!doc.isDirty && doc.getText().length === size, 'data.py is back to its saved text');
      assert.strictEqual(count(await outputChannel(api), notice), 1, 'one notice per file');
      // Clicking the item opens the setting.
      await vscode.commands.executeCommand(state.command);
      await h.waitFor('the Settings editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Settings');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await config.update('maxFileSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await h.open('data.py');
    await h.waitFor('the status bar back to the guideline reminder', () => / · \d+$/.test(api.statusBarState().text));
  });
});
