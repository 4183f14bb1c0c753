import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { tempWorkspace } from '../cli/run';
import { LspClient, uriOf } from './client';

const CLAUDE = '# Guidelines\n\n- NEVER use try/except blocks.\n- Avoid unused imports.\n';
const BAD_BLOCK = '\n```mantra\nrules:\n  no-try-exept: error\n```\n';
const CODE = 'import os\nimport sys\n\n\ndef load(path):\n    try:\n        return open(path).read()\n    except OSError:\n        raise\n\n\nprint(sys.argv)\n';

const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const ids = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

/** The text edits of a workspace edit for one document, whichever form the server chose. */
function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  assert.ok(edit, 'the action has an edit');
  if (edit.documentChanges) {
    return edit.documentChanges.flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? (c.edits as TextEdit[]) : []));
  }
  return edit.changes?.[uri] ?? [];
}

function apply(text: string, action: CodeAction, uri: string): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'python', 1, text), editsOf(action.edit, uri));
}

describe('lsp: mantra lsp over stdio', function () {
  let client: LspClient | undefined;

  afterEach(function () {
    if (client && this.currentTest?.state === 'failed') console.error(`server stderr:\n${client.stderrText}\nserver log:\n${client.logs.join('\n')}`);
    client?.kill();
    client = undefined;
  });

  /** A server on a temp workspace; the test fails if the server reports an error of its own. */
  async function start(files: Record<string, string>): Promise<{ dir: string; c: LspClient }> {
    const dir = tempWorkspace(files);
    client = new LspClient(dir);
    await client.initialize([dir]);
    return { dir, c: client };
  }

  const noErrors = (c: LspClient) => assert.deepStrictEqual(c.messages, [], 'the server showed no error');

  it('announces incremental sync and the code action kinds', async () => {
    const dir = tempWorkspace({ 'CLAUDE.md': CLAUDE });
    client = new LspClient(dir);
    const result = await client.initialize([dir]);
    assert.deepStrictEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.deepStrictEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.mantra'], resolveProvider: false });
    assert.strictEqual(result.serverInfo?.name, 'mantra');
  });

  it('publishes diagnostics for an opened Python file: rule ids, ranges, severities from the wording, the guideline line', async () => {
    const { dir, c } = await start({ 'CLAUDE.md': CLAUDE, 'm.py': CODE });
    const uri = uriOf(path.join(dir, 'm.py'));
    await c.open(uri, 'python', CODE);
    const p = await c.diagnostics(uri);
    assert.strictEqual(p.version, 1);
    const byRule = new Map(p.diagnostics.map((d) => [d.code, d]));
    assert.deepStrictEqual(ids(p.diagnostics), ['no-try-except', 'unused-import']);
    const unused = byRule.get('unused-import')!;
    assert.deepStrictEqual(unused.range, range(0, 7, 0, 9));
    assert.strictEqual(unused.severity, 2, '"Avoid" is a warning');
    assert.strictEqual(unused.source, 'mantra');
    assert.deepStrictEqual(unused.codeDescription, { href: 'https://github.com/mantra-dev/mantra/blob/main/docs/rules.md#unused-import' });
    assert.deepStrictEqual(unused.relatedInformation, [{ location: { uri: uriOf(path.join(dir, 'CLAUDE.md')), range: range(3, 0, 3, 0) }, message: 'Guideline: Avoid unused imports.' }]);
    const tryExcept = byRule.get('no-try-except')!;
    assert.deepStrictEqual(tryExcept.range, range(7, 4, 7, 19));
    assert.strictEqual(tryExcept.severity, 1, '"NEVER" is an error');
    noErrors(c);
  });

  it('re-publishes after incremental edits, for the new version: the edited statements at once, the file-wide rules when typing pauses', async () => {
    const { dir, c } = await start({ 'CLAUDE.md': CLAUDE });
    const uri = uriOf(path.join(dir, 'm.py'));
    await c.open(uri, 'python', CODE);
    await c.diagnostics(uri, (p) => p.version === 1);
    // Use os (the import is no longer unused), then drop the try/except around the read, in two changes of one event.
    await c.change(uri, 2, [
      { range: range(11, 0, 11, 0), text: 'print(os.sep)\n' },
      { range: range(5, 0, 8, 13), text: '    return open(path).read()' },
    ]);
    // The lint after the change re-lints the edited statements: the try/except finding is gone at once;
    // unused-import reads the whole file, so its finding stays until typing pauses.
    const typed = await c.diagnostics(uri, (x) => x.version === 2);
    assert.deepStrictEqual(ids(typed.diagnostics), ['unused-import']);
    await c.logged((l) => l.includes('m.py v2 (') && l.includes('the rest when typing pauses'));
    assert.deepStrictEqual((await c.settled(uri, 2)).diagnostics, []);
    // Another edit brings a finding back, at the position it has in the edited text.
    await c.change(uri, 3, [{ range: range(0, 0, 0, 0), text: 'import json\n' }]);
    const q = await c.settled(uri, 3);
    assert.deepStrictEqual(q.diagnostics.map((d) => [d.code, d.range]), [['unused-import', range(0, 7, 0, 11)]]);
    noErrors(c);
  });

  it('code actions: the rule fix (applied, gives the fixed text), disable for the line and the file, fix-all', async () => {
    const { dir, c } = await start({ 'CLAUDE.md': CLAUDE });
    const uri = uriOf(path.join(dir, 'm.py'));
    await c.open(uri, 'python', CODE);
    const p = await c.diagnostics(uri);
    const unused = p.diagnostics.find((d) => d.code === 'unused-import')!;
    const actions = await c.codeActions(uri, unused.range, [unused]);
    const titles = actions.map((a) => a.title);
    assert.deepStrictEqual(titles.slice(1), ['Disable unused-import for this line', 'Disable unused-import for the entire file', 'Fix all safe Mantra problems']);
    const fix = actions[0];
    assert.strictEqual(fix.kind, 'quickfix');
    assert.strictEqual(fix.isPreferred, true);
    assert.deepStrictEqual(fix.diagnostics, [unused]);
    assert.strictEqual(apply(CODE, fix, uri), CODE.replace('import os\n', ''));
    assert.strictEqual(apply(CODE, actions[1], uri), CODE.replace('import os\n', 'import os  # mantra: ignore[unused-import]\n'));
    assert.strictEqual(apply(CODE, actions[2], uri), `# mantra: ignore-file[unused-import]\n${CODE}`);
    // Versioned edits: the client that takes documentChanges gets the version the fix was computed for.
    assert.deepStrictEqual((fix.edit!.documentChanges![0] as { textDocument: unknown }).textDocument, { uri, version: 1 });

    const onlyFixAll = await c.codeActions(uri, range(0, 0, 0, 0), [], ['source.fixAll']);
    assert.deepStrictEqual(onlyFixAll.map((a) => [a.title, a.kind]), [['Fix all safe Mantra problems', 'source.fixAll.mantra']]);
    const fixed = apply(CODE, onlyFixAll[0], uri);
    assert.ok(!fixed.includes('import os'), fixed);
    assert.ok(!fixed.includes('try:'), fixed);
    // Nothing at a line without findings, when asked for quick fixes only.
    assert.deepStrictEqual(await c.codeActions(uri, range(2, 0, 2, 0), [], ['quickfix']), []);
    noErrors(c);
  });

  it('a snippet fix: a SnippetTextEdit for a client that takes them, its plain text for one that does not', async () => {
    const code = 'def scale(x, factor):\n    return x * factor\n';
    const files = { 'CLAUDE.md': '- Use docstrings.\n', 'm.py': code };
    const docstring = async (c: LspClient, dir: string) => {
      const uri = uriOf(path.join(dir, 'm.py'));
      await c.open(uri, 'python', code);
      const d = (await c.diagnostics(uri)).diagnostics.find((x) => x.code === 'missing-docstring')!;
      const actions = await c.codeActions(uri, d.range, [d], ['quickfix']);
      assert.strictEqual(actions[0].title, 'Insert docstring');
      return { uri, edit: actions[0].edit! };
    };
    const plain = await start(files);
    const p = await docstring(plain.c, plain.dir);
    assert.deepStrictEqual(editsOf(p.edit, p.uri), [{ range: range(0, 21, 0, 21), newText: '\n    """Summary."""' }]);
    plain.c.kill();

    const dir = tempWorkspace(files);
    client = new LspClient(dir);
    await client.initialize([dir], { workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } });
    const s = await docstring(client, dir);
    assert.deepStrictEqual(s.edit.documentChanges, [
      { textDocument: { uri: s.uri, version: 1 }, edits: [{ range: range(0, 21, 0, 21), snippet: { kind: 'snippet', value: '\n    """${1:Summary.}"""' } }] },
    ]);
    noErrors(client);
  });

  it('a bad ```mantra block is a diagnostic on CLAUDE.md once CLAUDE.md is opened, with its fix as a code action, cleared when the fix is typed', async () => {
    const { dir, c } = await start({ 'CLAUDE.md': CLAUDE + BAD_BLOCK });
    const claude = uriOf(path.join(dir, 'CLAUDE.md'));
    await c.open(claude, 'markdown', CLAUDE + BAD_BLOCK);
    const p = await c.diagnostics(claude, (x) => x.diagnostics.length > 0);
    assert.deepStrictEqual(
      p.diagnostics.map((d) => [d.code, d.severity, d.range, d.message]),
      [['guideline-config', 1, range(7, 2, 7, 14), "'no-try-exept' is not a Mantra rule: did you mean 'no-try-except'?"]],
    );
    const [fix] = await c.codeActions(claude, range(7, 5, 7, 5), p.diagnostics);
    assert.strictEqual(fix.title, "Change to 'no-try-except'");
    const fixed = TextDocument.applyEdits(TextDocument.create(claude, 'markdown', 1, CLAUDE + BAD_BLOCK), editsOf(fix.edit, claude));
    assert.strictEqual(fixed, CLAUDE + BAD_BLOCK.replace('no-try-exept', 'no-try-except'));
    // The unsaved fix counts: the diagnostic goes away.
    await c.change(claude, 2, [{ range: range(7, 2, 7, 14), text: 'no-try-except' }]);
    await c.diagnostics(claude, (x) => x.diagnostics.length === 0, false);
    noErrors(c);
  });

  it('a Python file opened under a bad block publishes the block problem on CLAUDE.md', async () => {
    const { dir, c } = await start({ 'CLAUDE.md': CLAUDE + BAD_BLOCK });
    const claude = uriOf(path.join(dir, 'CLAUDE.md'));
    await c.open(uriOf(path.join(dir, 'm.py')), 'python', CODE);
    const p = await c.diagnostics(claude, (x) => x.diagnostics.length > 0);
    assert.deepStrictEqual(p.diagnostics.map((d) => d.code), ['guideline-config']);
  });

  it('an edit of an open CLAUDE.md re-derives the rules of open Python files (unsaved text counts)', async () => {
    const { dir, c } = await start({ 'CLAUDE.md': CLAUDE });
    const uri = uriOf(path.join(dir, 'm.py'));
    const claude = uriOf(path.join(dir, 'CLAUDE.md'));
    await c.open(uri, 'python', CODE);
    await c.diagnostics(uri, (x) => x.diagnostics.length === 2);
    await c.open(claude, 'markdown', CLAUDE);
    // "NEVER use try/except blocks." removed (line 2), unsaved.
    await c.change(claude, 2, [{ range: range(2, 0, 3, 0), text: '' }]);
    const p = await c.diagnostics(uri, (x) => x.diagnostics.length === 1, false);
    assert.deepStrictEqual(ids(p.diagnostics), ['unused-import']);
    noErrors(c);
  });

  it('a guideline file changed on disk (didChangeWatchedFiles) re-derives the rules', async () => {
    const { dir, c } = await start({ 'CLAUDE.md': CLAUDE });
    const uri = uriOf(path.join(dir, 'm.py'));
    await c.open(uri, 'python', CODE);
    await c.diagnostics(uri, (x) => x.diagnostics.length === 2);
    fs.writeFileSync(path.join(dir, 'CLAUDE.md'), '- Avoid unused imports.\n');
    await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(dir, 'CLAUDE.md')), type: 2 }] });
    const p = await c.diagnostics(uri, (x) => x.diagnostics.length === 1, false);
    assert.deepStrictEqual(ids(p.diagnostics), ['unused-import']);
  });

  it('a file outside every root is governed by its own folder', async () => {
    const { c } = await start({ 'CLAUDE.md': '- Use docstrings.\n' });
    const other = tempWorkspace({ 'CLAUDE.md': '- NEVER use try/except blocks.\n' });
    const uri = uriOf(path.join(other, 'x.py'));
    await c.open(uri, 'python', CODE);
    const p = await c.diagnostics(uri);
    assert.deepStrictEqual(ids(p.diagnostics), ['no-try-except']);
  });

  it('survives bad input: a change to an unopened document, a malformed request; the error becomes a message', async () => {
    const { dir, c } = await start({ 'CLAUDE.md': CLAUDE });
    await c.change(uriOf(path.join(dir, 'nope.py')), 2, [{ text: 'x' }]);
    await c.connection.sendNotification('textDocument/didOpen', { textDocument: null });
    const actions = await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: 'file:///nowhere.py' }, range: range(0, 0, 0, 0), context: { diagnostics: [] } });
    assert.deepStrictEqual(actions, []);
    // Still serving.
    const uri = uriOf(path.join(dir, 'm.py'));
    await c.open(uri, 'python', CODE);
    assert.deepStrictEqual(ids((await c.diagnostics(uri)).diagnostics), ['no-try-except', 'unused-import']);
    assert.ok(c.messages.some((m) => m.type === 1 && /not open/.test(m.message)), JSON.stringify(c.messages));
  });

  it('takes a range given end first, a position past the end, and lone \\r line breaks as the client counts them', async () => {
    const { dir, c } = await start({ 'CLAUDE.md': CLAUDE });
    const uri = uriOf(path.join(dir, 'm.py'));
    await c.open(uri, 'python', 'import os\rimport sys\rprint(sys.argv)\r');
    assert.deepStrictEqual((await c.diagnostics(uri)).diagnostics.map((d) => d.range), [range(0, 7, 0, 9)]);
    await c.change(uri, 2, [
      { range: range(0, 9, 0, 7), text: 'json' },
      { range: range(99, 0, 99, 0), text: 'import re\r' },
    ]);
    const p = await c.diagnostics(uri, (x) => x.version === 2);
    assert.deepStrictEqual(p.diagnostics.map((d) => [d.code, d.range]), [['unused-import', range(0, 7, 0, 11)], ['unused-import', range(3, 7, 3, 9)]]);
    noErrors(c);
  });

  it('shutdown and exit end the process with code 0', async () => {
    const { c } = await start({ 'CLAUDE.md': CLAUDE });
    assert.strictEqual(await c.stop(), 0);
  });
});
