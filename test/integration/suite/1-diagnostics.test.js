'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

// model.py: `except FileNotFoundError:` is line 25 (0-based); CLAUDE.md: the fail-fast bullet is line 5.
const EXCEPT_LINE = 25;
const FAIL_FAST_LINE = 5;
const isTryExcept = (d) => h.codeOf(d) === 'no-try-except';

describe('live diagnostics', () => {
  before(() => h.mantra());

  it('lints an opened Python file: code, severity, docs and the guideline sentence', async () => {
    const doc = await h.open('model.py');
    const d = await h.waitForDiagnostic(doc.uri, 'no-try-except in model.py', isTryExcept);
    assert.strictEqual(d.range.start.line, EXCEPT_LINE);
    assert.strictEqual(d.range.start.character, 4);
    assert.strictEqual(doc.getText(d.range), 'except FileNotFoundError:');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error, '"Never use … try/except blocks" is an error');
    assert.strictEqual(d.source, 'mantra');
    assert.strictEqual(d.code.target.toString(), 'https://github.com/mantra-dev/mantra/blob/main/docs/rules.md#no-try-except');
    assert.ok(d.relatedInformation && d.relatedInformation.length >= 1, 'relatedInformation points at the guideline');
    const guideline = d.relatedInformation[0];
    assert.strictEqual(guideline.location.uri.toString(), h.uriOf('CLAUDE.md').toString());
    assert.strictEqual(guideline.location.range.start.line, FAIL_FAST_LINE);
    assert.match(guideline.message, /^Guideline: Never use value placeholders, try\/except blocks/);
  });

  it('maps the guideline wording to severities across rules', async () => {
    const doc = await h.open('data.py');
    await h.waitForDiagnostic(doc.uri, 'no-try-except in data.py', isTryExcept);
    for (const d of h.mantraDiagnostics(doc.uri)) {
      assert.ok(d.relatedInformation?.some((r) => r.location.uri.path.endsWith('/CLAUDE.md')), `${h.codeOf(d)} names its guideline`);
    }
  });

  it('updates after an edit of the Python file (debounced)', async () => {
    await h.withRestored('model.py', async (doc) => {
      await h.waitForDiagnostic(doc.uri, 'no-try-except', isTryExcept);
      const end = doc.lineCount;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(end, 0), '\n\ntry:\n    import numpy\nexcept ImportError:\n    numpy = None\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const added = await h.waitForDiagnostic(doc.uri, 'no-try-except on the added except', (d) => isTryExcept(d) && d.range.start.line === end + 3);
      assert.strictEqual(doc.getText(added.range), 'except ImportError:');
    });
  });

  it('with "mantra.run": "onSave", lints on save only', async () => {
    const config = vscode.workspace.getConfiguration('mantra');
    await config.update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
    await h.sleep(500); // a settings change re-lints open files once: let that pass before typing
    try {
      await h.withRestored('model.py', async (doc) => {
        await h.open('model.py');
        await h.waitForDiagnostic(doc.uri, 'no-try-except', isTryExcept);
        const end = doc.lineCount;
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, new vscode.Position(end, 0), '\n\ntry:\n    import numpy\nexcept ImportError:\n    numpy = None\n');
        assert.ok(await vscode.workspace.applyEdit(edit));
        await h.sleep(600);
        assert.ok(!h.mantraDiagnostics(doc.uri).some((d) => isTryExcept(d) && d.range.start.line === end + 3), 'not linted while typing');
        await doc.save();
        await h.waitForDiagnostic(doc.uri, 'no-try-except on the added except after saving', (d) => isTryExcept(d) && d.range.start.line === end + 3);
      });
    } finally {
      await config.update('run', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('re-derives the rules when CLAUDE.md is edited, and again when it is restored', async () => {
    const model = await h.open('model.py');
    await h.waitForDiagnostic(model.uri, 'no-try-except as an error', (d) => isTryExcept(d) && d.severity === vscode.DiagnosticSeverity.Error);
    await h.withRestored('CLAUDE.md', async (claude) => {
      const original = claude.getText();
      // Softer wording: "avoid" is a warning.
      await h.setText(claude, original.replace('Never use value placeholders, try/except blocks, or any "if this fails, do this" logic.', 'Avoid try/except blocks.'), true);
      await h.waitForDiagnostic(model.uri, 'no-try-except as a warning', (d) => isTryExcept(d) && d.severity === vscode.DiagnosticSeverity.Warning);
      // No guideline about exceptions at all: the rule is off.
      await h.setText(claude, original.replace(/^- Never use value placeholders.*\n/m, ''), true);
      await h.waitForNoDiagnostic(model.uri, 'no-try-except', isTryExcept);
    });
    await h.waitForDiagnostic(model.uri, 'no-try-except as an error again', (d) => isTryExcept(d) && d.severity === vscode.DiagnosticSeverity.Error);
  });

  it('unsaved edits of CLAUDE.md count too', async () => {
    const model = await h.open('model.py');
    await h.withRestored('CLAUDE.md', async (claude) => {
      await h.setText(claude, claude.getText().replace(/^- Never use value placeholders.*\n/m, ''), false);
      assert.ok(claude.isDirty);
      await h.waitForNoDiagnostic(model.uri, 'no-try-except', isTryExcept);
    });
    await h.waitForDiagnostic(model.uri, 'no-try-except again', isTryExcept);
  });

  it('applies the per-rule severity overrides of the settings', async () => {
    const model = await h.open('model.py');
    const config = vscode.workspace.getConfiguration('mantra');
    try {
      await config.update('rules', { 'no-try-except': 'hint' }, vscode.ConfigurationTarget.Workspace);
      await h.waitForDiagnostic(model.uri, 'no-try-except as a hint', (d) => isTryExcept(d) && d.severity === vscode.DiagnosticSeverity.Hint);
      await config.update('rules', { 'no-try-except': 'off' }, vscode.ConfigurationTarget.Workspace);
      await h.waitForNoDiagnostic(model.uri, 'no-try-except', isTryExcept);
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await h.waitForDiagnostic(model.uri, 'no-try-except back', (d) => isTryExcept(d) && d.severity === vscode.DiagnosticSeverity.Error);
  });

  it('an untitled Python buffer follows the workspace root guidelines', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import json\n\ntry:\n    cfg = json.load(open("c.json"))\nexcept OSError:\n    cfg = {}\n' });
    await vscode.window.showTextDocument(doc);
    const d = await h.waitForDiagnostic(doc.uri, 'no-try-except in the untitled buffer', isTryExcept);
    assert.strictEqual(d.range.start.line, 4);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('mantra.exclude globs keep files out', async () => {
    const config = vscode.workspace.getConfiguration('mantra');
    try {
      await config.update('exclude', ['third_party/**'], vscode.ConfigurationTarget.Workspace);
      const doc = await h.open('third_party/vendored.py');
      await h.sleep(500);
      assert.deepStrictEqual(h.mantraDiagnostics(doc.uri).map(h.codeOf), []);
    } finally {
      await config.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await h.waitForDiagnostic(h.uriOf('third_party/vendored.py'), 'no-try-except in vendored.py once not excluded', isTryExcept);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('mantra.enable false clears the diagnostics', async () => {
    const model = await h.open('model.py');
    const config = vscode.workspace.getConfiguration('mantra');
    try {
      await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await h.waitFor('no Mantra diagnostics', () => h.mantraDiagnostics(model.uri).length === 0);
    } finally {
      await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await h.waitForDiagnostic(model.uri, 'no-try-except back', isTryExcept);
  });
});
