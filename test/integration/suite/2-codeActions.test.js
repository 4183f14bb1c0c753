'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const isTryExcept = (d) => h.codeOf(d) === 'no-try-except';
const titles = (actions) => actions.map((a) => a.title);

/** The quick fixes offered at a diagnostic. */
async function fixesAt(doc, diagnostic) {
  const actions = await h.codeActions(doc.uri, diagnostic.range);
  return actions.filter((a) => a.kind && a.kind.value === 'quickfix');
}

describe('quick fixes', () => {
  before(() => h.mantra());

  it('offers the core fix, disable for line and file, and the guideline', async () => {
    const doc = await h.open('model.py');
    const d = await h.waitForDiagnostic(doc.uri, 'no-try-except', isTryExcept);
    const actions = await fixesAt(doc, d);
    const names = titles(actions);
    for (const t of ['Unwrap try: keep its body, drop the handlers', 'Disable no-try-except for this line', 'Disable no-try-except for the entire file', 'Show the guideline for no-try-except']) {
      assert.ok(names.includes(t), `"${t}" in ${JSON.stringify(names)}`);
    }
    const fix = actions.find((a) => a.title.startsWith('Unwrap try'));
    assert.strictEqual(fix.isPreferred, true);
  });

  it('"Unwrap try" rewrites the function as expected', async () => {
    await h.withRestored('model.py', async (doc) => {
      const d = await h.waitForDiagnostic(doc.uri, 'no-try-except', isTryExcept);
      const fix = (await fixesAt(doc, d)).find((a) => a.title.startsWith('Unwrap try'));
      await h.applyAction(fix);
      assert.ok(
        doc.getText().endsWith('def load_weights(path):\n    """Loads a checkpoint."""\n    state = torch.load(path)\n    return state\n'),
        doc.getText(),
      );
      await h.waitForNoDiagnostic(doc.uri, 'no-try-except', isTryExcept);
    });
  });

  it('"Disable no-try-except for this line" adds the directive and the diagnostic goes', async () => {
    await h.withRestored('model.py', async (doc) => {
      const d = await h.waitForDiagnostic(doc.uri, 'no-try-except', isTryExcept);
      const line = d.range.start.line;
      const disable = (await fixesAt(doc, d)).find((a) => a.title === 'Disable no-try-except for this line');
      await h.applyAction(disable);
      assert.strictEqual(doc.lineAt(line).text, '    except FileNotFoundError:  # mantra: ignore[no-try-except]');
      await h.waitForNoDiagnostic(doc.uri, 'no-try-except', isTryExcept);
    });
  });

  it('"Disable no-try-except for the entire file" adds an ignore-file directive at the top', async () => {
    await h.withRestored('data.py', async (doc) => {
      await h.open('data.py');
      const d = await h.waitForDiagnostic(doc.uri, 'no-try-except', isTryExcept);
      const disable = (await fixesAt(doc, d)).find((a) => a.title === 'Disable no-try-except for the entire file');
      await h.applyAction(disable);
      assert.strictEqual(doc.lineAt(0).text, '# mantra: ignore-file[no-try-except]');
      assert.strictEqual(doc.lineAt(1).text, 'import os');
      await h.waitForNoDiagnostic(doc.uri, 'no-try-except', isTryExcept);
    });
  });

  it('"Show the guideline" opens CLAUDE.md at the sentence', async () => {
    const doc = await h.open('model.py');
    const d = await h.waitForDiagnostic(doc.uri, 'no-try-except', isTryExcept);
    const show = (await fixesAt(doc, d)).find((a) => a.title === 'Show the guideline for no-try-except');
    await h.applyAction(show);
    const editor = await h.waitFor('CLAUDE.md in the active editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.path.endsWith('/CLAUDE.md') && e;
    });
    assert.strictEqual(editor.selection.start.line, 5);
    assert.match(editor.document.getText(editor.selection), /^Never use value placeholders, try\/except blocks/);
  });

  it('source.fixAll.mantra applies every safe fix', async () => {
    await h.withRestored('data.py', async (doc) => {
      await h.open('data.py');
      await h.waitForDiagnostic(doc.uri, 'no-try-except', isTryExcept);
      const full = new vscode.Range(0, 0, doc.lineCount, 0);
      const actions = await h.codeActions(doc.uri, full, 'source.fixAll.mantra');
      const fixAll = actions.find((a) => a.kind && a.kind.value === 'source.fixAll.mantra');
      assert.ok(fixAll, `a source.fixAll.mantra action in ${JSON.stringify(titles(actions))}`);
      await h.applyAction(fixAll);
      assert.ok(!/\btry:/.test(doc.getText()), doc.getText());
      assert.ok(doc.getText().includes('def collate(items):\n    return torch.stack(items)\n'), doc.getText());
      await h.waitForNoDiagnostic(doc.uri, 'no-try-except', isTryExcept);
    });
  });

  it('"Insert shape asserts" adds the asserts after the docstring, with the dims the docstring gives', async () => {
    await h.withRestored('model.py', async (doc) => {
      await h.open('model.py');
      const d = await h.waitForDiagnostic(doc.uri, 'tensor-shape-assert on forward', (x) => h.codeOf(x) === 'tensor-shape-assert');
      assert.strictEqual(doc.getText(d.range), 'forward');
      const insert = (await fixesAt(doc, d)).find((a) => a.title === 'Insert shape asserts');
      assert.ok(insert, `an "Insert shape asserts" fix among ${JSON.stringify(titles(await fixesAt(doc, d)))}`);
      const before = doc.getText().split('\n');
      await h.applyAction(insert);
      // The exact asserts are the rule's business (its unit tests pin them): here, the fix lands
      // as asserts right after the docstring, for both parameters, and changes nothing else.
      const after = doc.getText().split('\n');
      const docstringEnd = before.indexOf('        """', before.indexOf('        """Encodes a batch.')) + 1;
      const added = after.length - before.length;
      assert.ok(added >= 2, `asserts were inserted:\n${doc.getText()}`);
      assert.deepStrictEqual([...after.slice(0, docstringEnd), ...after.slice(docstringEnd + added)], before, 'only lines after the docstring were added');
      const inserted = after.slice(docstringEnd, docstringEnd + added);
      for (const line of inserted) assert.match(line, /^        assert (x|mask)\b[^\n]*\.shape/, `an assert on a shape: ${line}`);
      assert.ok(inserted.some((l) => /^        assert x\./.test(l)) && inserted.some((l) => /\bmask\.shape\b|assert mask\./.test(l)), inserted.join('\n'));
      await h.waitForNoDiagnostic(doc.uri, 'tensor-shape-assert', (x) => h.codeOf(x) === 'tensor-shape-assert');
    });
  });

  it('"Insert shape asserts" with an unknown rank inserts a snippet whose tab stop is the dims', async () => {
    await h.withRestored('layers.py', async (doc) => {
      const editor = await vscode.window.showTextDocument(doc);
      const d = await h.waitForDiagnostic(doc.uri, 'tensor-shape-assert on scale', (x) => h.codeOf(x) === 'tensor-shape-assert');
      const insert = (await fixesAt(doc, d)).find((a) => a.title === 'Insert shape asserts');
      assert.ok(insert && insert.command && !insert.edit, 'a snippet fix runs as a command');
      const before = doc.getText().split('\n');
      await h.applyAction(insert);
      const after = doc.getText().split('\n');
      assert.deepStrictEqual([...after.slice(0, 5), ...after.slice(6)], before, `one line inserted after the docstring:\n${doc.getText()}`);
      assert.match(after[5], /^    assert x\.\S/, 'indented once, not twice (the core wrote the indentation)');
      assert.ok(!after[5].includes('${'), `snippet syntax resolved: ${after[5]}`);
      const sel = editor.selection;
      assert.ok(!sel.isEmpty && sel.start.line === 5 && sel.end.line === 5, 'a tab stop is selected in the inserted line, ready to type over');
      const selected = doc.getText(sel);
      await vscode.commands.executeCommand('type', { text: 'B, D' });
      assert.strictEqual(doc.lineAt(5).text, after[5].replace(selected, 'B, D'));
      await h.waitForNoDiagnostic(doc.uri, 'tensor-shape-assert', (x) => h.codeOf(x) === 'tensor-shape-assert');
    });
  });
});
