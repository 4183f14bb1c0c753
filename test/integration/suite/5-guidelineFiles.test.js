'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

describe('inside CLAUDE.md', () => {
  before(() => h.mantra());

  it('a CodeLens on each guideline line says which rules enforce it, or why none can', async () => {
    const model = await h.open('model.py');
    await h.waitForDiagnostic(model.uri, 'no-try-except', (d) => h.codeOf(d) === 'no-try-except');
    const claude = await vscode.workspace.openTextDocument(h.uriOf('CLAUDE.md'));
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', claude.uri);
    const at = (line) => lenses.filter((l) => l.range.start.line === line).map((l) => l.command && l.command.title);
    assert.strictEqual(at(5).length, 1, 'one lens a line');
    assert.match(at(5)[0], /^[1-9]\d* findings? · error: .*no-try-except/);
    assert.match(at(6)[0], /^\d+ findings? · warning: tensor-shape-assert$/);
    assert.strictEqual(at(2).length, 1, 'one lens for a paragraph line of two sentences');
    assert.match(at(14).join(), /^not enforce/, `the workflow line: ${JSON.stringify(at(14))}`);
  });

  it('a bad ```mantra block yields a diagnostic in CLAUDE.md', async () => {
    await h.open('model.py');
    await h.withRestored('CLAUDE.md', async (claude) => {
      const block = '\n```mantra\nrules:\n  no-such-rule: error\n```\n';
      await h.setText(claude, claude.getText() + block, true);
      const d = await h.waitFor('a diagnostic in CLAUDE.md', () =>
        vscode.languages.getDiagnostics(claude.uri).find((x) => x.source === 'mantra' && /no-such-rule/.test(x.message)),
      );
      assert.ok(d.range.start.line > 10, `located in the block (line ${d.range.start.line})`);
    });
  });

  it('without a guideline file: the status bar says so, a preset applies, and "Create CLAUDE.md" writes the template', async () => {
    const api = await h.mantra();
    const claude = h.uriOf('CLAUDE.md');
    const aside = h.uriOf('CLAUDE.md.orig');
    const model = await h.open('model.py');
    await h.waitForDiagnostic(model.uri, 'no-try-except', (d) => h.codeOf(d) === 'no-try-except');
    await vscode.workspace.fs.rename(claude, aside);
    const config = vscode.workspace.getConfiguration('mantra');
    try {
      await h.waitFor('no Mantra diagnostics without CLAUDE.md', () => h.mantraDiagnostics(model.uri).length === 0);
      const state = await h.waitFor('the "No CLAUDE.md" item', () => api.statusBarState().text === '$(shield) No CLAUDE.md' && api.statusBarState());
      assert.strictEqual(state.command, 'mantra.createGuidelineFile');

      await config.update('preset', 'research', vscode.ConfigurationTarget.Workspace);
      await h.waitForDiagnostic(model.uri, 'no-try-except from the research preset', (d) => h.codeOf(d) === 'no-try-except' && !d.relatedInformation?.length);
      await config.update('preset', undefined, vscode.ConfigurationTarget.Workspace);
      await h.waitFor('no Mantra diagnostics without the preset', () => h.mantraDiagnostics(model.uri).length === 0);

      await h.open('model.py');
      const created = await vscode.commands.executeCommand(state.command);
      assert.strictEqual(created.toString(), claude.toString());
      // An editor of the old CLAUDE.md may still be open: VS Code reloads it from the new file a moment later.
      await h.waitFor('the template in the editor', () => /^# Guidelines for this code\n/.test(vscode.window.activeTextEditor.document.getText()));
      const d = await h.waitForDiagnostic(model.uri, 'no-try-except from the template', (x) => h.codeOf(x) === 'no-try-except');
      assert.ok(d.relatedInformation[0].location.uri.path.endsWith('/CLAUDE.md'));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(claude);
    } finally {
      await config.update('preset', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.rename(aside, claude, { overwrite: true });
    }
    await h.waitForDiagnostic(model.uri, 'no-try-except from the fixture CLAUDE.md again', (d) => h.codeOf(d) === 'no-try-except' && d.relatedInformation?.[0]?.location.range.start.line === 5);
  });

  it('"Mantra: Create CLAUDE.md" opens the existing file rather than overwrite it', async () => {
    const claude = h.uriOf('CLAUDE.md');
    const readDisk = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(claude));
    const before = await readDisk();
    // The test above swapped the file under an open editor: VS Code reloads that document a moment later.
    const doc = await vscode.workspace.openTextDocument(claude);
    await h.waitFor('the open CLAUDE.md to show the file on disk', () => doc.getText() === before && !doc.isDirty);
    const uri = await vscode.commands.executeCommand('mantra.createGuidelineFile');
    assert.strictEqual(uri.toString(), claude.toString());
    assert.strictEqual(vscode.window.activeTextEditor.document.uri.toString(), claude.toString());
    assert.strictEqual(vscode.window.activeTextEditor.document.getText(), before);
    assert.strictEqual(await readDisk(), before, 'the file on disk is unchanged');
  });
});
