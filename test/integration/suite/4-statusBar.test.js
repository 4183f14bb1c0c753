'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

describe('status bar reminder', () => {
  let api;
  before(async () => (api = await h.mantra()));

  it('shows the guideline with the most findings in the file, with its count', async () => {
    const doc = await h.open('model.py');
    await h.waitForDiagnostic(doc.uri, 'no-try-except', (d) => h.codeOf(d) === 'no-try-except');
    const state = await h.waitFor('a visible status item', () => api.statusBarState().visible && api.statusBarState());
    assert.match(state.text, /^\$\(shield\) .+ · \d+$/);
    assert.strictEqual(state.command, 'mantra.auditFile');
    assert.strictEqual(state.background, 'error', 'the file has an error finding');
    assert.match(state.tooltip, /Never use value placeholders, try\/except blocks/);
  });

  it('follows the active editor and hides for other languages', async () => {
    const claude = await vscode.workspace.openTextDocument(h.uriOf('CLAUDE.md'));
    await vscode.window.showTextDocument(claude);
    await h.waitFor('the item hidden in CLAUDE.md', () => !api.statusBarState().visible);
    await h.open('data.py');
    await h.waitFor('the item shown for data.py', () => api.statusBarState().visible);
  });

  it('clicking runs Audit File', async () => {
    await h.open('model.py');
    const state = await h.waitFor('the item', () => api.statusBarState().visible && api.statusBarState());
    const result = await vscode.commands.executeCommand(state.command);
    assert.deepStrictEqual(result.model.files.map((f) => f.path), ['model.py']);
  });
});
