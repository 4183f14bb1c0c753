'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const isRule = (id, line) => (d) => h.codeOf(d) === id && d.range.start.line === line;
const quickFixes = async (uri, range) => (await h.codeActions(uri, range)).filter((a) => a.kind && a.kind.value === 'quickfix');

describe('notebooks', () => {
  let notebook;
  let original;

  let previous;

  before(async () => {
    await h.mantra();
    previous = vscode.window.activeTextEditor;
    notebook = await vscode.workspace.openNotebookDocument(h.uriOf('experiment.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    original = notebook.getCells().map((c) => c.document.getText());
  });

  afterEach(async () => {
    // Put back the cells' text a test changed, so the next one starts from the notebook on disk.
    const edit = new vscode.WorkspaceEdit();
    for (const cell of notebook.getCells()) {
      const doc = cell.document;
      if (doc.getText() !== original[cell.index]) edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original[cell.index]);
    }
    if (edit.size > 0) assert.ok(await vscode.workspace.applyEdit(edit), 'restoring the cells failed');
  });

  after(async () => {
    // Leave the workbench as the other suites expect it: the notebook closed, unchanged on disk.
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    // Closing may close its editor group too: the editor that was active comes back where it was.
    if (previous) await vscode.window.showTextDocument(previous.document, previous.viewColumn);
  });

  it('lints the Python cells as one module: cell 1 imports torch, cell 3 gets the torch for-loop and the try/except', async () => {
    const cell = notebook.cellAt(2);
    assert.strictEqual(cell.document.uri.scheme, 'vscode-notebook-cell');
    await h.waitForDiagnostic(cell.document.uri, 'torch-for-loop on line 5', isRule('torch-for-loop', 4));
    const tryExcept = await h.waitForDiagnostic(cell.document.uri, 'no-try-except on line 12', isRule('no-try-except', 11));
    assert.strictEqual(tryExcept.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(h.mantraDiagnostics(notebook.cellAt(0).document.uri), [], 'the %matplotlib magic and the import used in cell 3 give nothing');
  });

  it('"Unwrap try" edits the cell it is in', async () => {
    const cell = notebook.cellAt(2);
    const d = await h.waitForDiagnostic(cell.document.uri, 'no-try-except', isRule('no-try-except', 11));
    const actions = await quickFixes(cell.document.uri, d.range);
    const titles = actions.map((a) => a.title);
    for (const t of ['Disable no-try-except for this line', 'Disable no-try-except for the entire notebook', 'Show the guideline for no-try-except']) {
      assert.ok(titles.includes(t), `"${t}" in ${JSON.stringify(titles)}`);
    }
    const fix = actions.find((a) => a.title.startsWith('Unwrap try'));
    assert.ok(fix, JSON.stringify(titles));
    await h.applyAction(fix);
    assert.ok(cell.document.getText().endsWith("\n\ndata = torch.load('data.pt')\nnorms(data)"), cell.document.getText());
    assert.strictEqual(notebook.cellAt(0).document.getText(), '%matplotlib inline\nimport torch', 'the other cells are untouched');
    await h.waitForNoDiagnostic(cell.document.uri, 'no-try-except', (d2) => h.codeOf(d2) === 'no-try-except');
  });

  it('"Disable torch-for-loop for this line" writes the directive in the cell, and the diagnostic goes', async () => {
    const cell = notebook.cellAt(2);
    const d = await h.waitForDiagnostic(cell.document.uri, 'torch-for-loop', isRule('torch-for-loop', 4));
    const disable = (await quickFixes(cell.document.uri, d.range)).find((a) => a.title === 'Disable torch-for-loop for this line');
    assert.ok(disable);
    await h.applyAction(disable);
    assert.strictEqual(cell.document.lineAt(4).text, '    for i in range(x.shape[0]):  # mantra: ignore[torch-for-loop]');
    await h.waitForNoDiagnostic(cell.document.uri, 'torch-for-loop', (d2) => h.codeOf(d2) === 'torch-for-loop');
  });

  it('"Disable no-try-except for the entire notebook" puts the directive at the top of the first code cell', async () => {
    const cell = notebook.cellAt(2);
    const d = await h.waitForDiagnostic(cell.document.uri, 'no-try-except', isRule('no-try-except', 11));
    const disable = (await quickFixes(cell.document.uri, d.range)).find((a) => a.title === 'Disable no-try-except for the entire notebook');
    await h.applyAction(disable);
    assert.strictEqual(notebook.cellAt(0).document.getText(), '# mantra: ignore-file[no-try-except]\n%matplotlib inline\nimport torch');
    await h.waitForNoDiagnostic(cell.document.uri, 'no-try-except', (d2) => h.codeOf(d2) === 'no-try-except');
  });

  it('an edit in another cell re-lints the notebook: without the import, cell 3 is no longer torch code', async () => {
    const first = notebook.cellAt(0);
    const cell = notebook.cellAt(2);
    await h.waitForDiagnostic(cell.document.uri, 'torch-for-loop', isRule('torch-for-loop', 4));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(first.document.uri, new vscode.Range(1, 0, 1, 'import torch'.length), 'import numpy');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await h.waitForNoDiagnostic(cell.document.uri, 'torch-for-loop', (d2) => h.codeOf(d2) === 'torch-for-loop');
  });
});
