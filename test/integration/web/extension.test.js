// Mantra as a web extension (vscode.dev, github.dev): its `browser` bundle in a web-worker extension host, on a
// folder mounted as a virtual file system (vscode-test-web://mount/ = test/integration/web/workspace). No Node here:
// no `assert` module either, hence the small checks below.
'use strict';
const vscode = require('vscode');

const EXTENSION_ID = 'mantra-dev.mantra';
// train.py: `except OSError:` is line 4 and the narrating comment line 11 (0-based); CLAUDE.md: the bullets are lines 2 and 3.
const EXCEPT_LINE = 4;
const COMMENT_LINE = 11;
const TRY_EXCEPT_GUIDELINE_LINE = 2;

function check(condition, message) {
  if (!condition) throw new Error(message);
}
function equal(actual, expected, what) {
  check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const folder = () => vscode.workspace.workspaceFolders[0].uri;
const uriOf = (rel) => vscode.Uri.joinPath(folder(), rel);
const codeOf = (d) => (typeof d.code === 'object' ? d.code.value : d.code);
const mantraDiagnostics = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mantra');
const describeAll = (uri) =>
  mantraDiagnostics(uri).map((d) => `${d.range.start.line}:${d.range.start.character} ${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]}`).join(', ');

/** Polls `probe` until it returns a truthy value; fails with `what`. */
async function waitFor(what, probe, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(50);
  }
}
const waitForDiagnostic = (uri, rule, pred = () => true) =>
  waitFor(() => `${rule} (have: ${describeAll(uri)})`, () => mantraDiagnostics(uri).find((d) => codeOf(d) === rule && pred(d)));

async function mantra() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  check(ext, `${EXTENSION_ID} is not loaded in this VS Code`);
  const api = await ext.activate();
  await api.ready;
  return { ext, api };
}

async function openTrain() {
  const doc = await vscode.workspace.openTextDocument(uriOf('train.py'));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('Mantra in a browser-hosted VS Code (web worker extension host)', () => {
  let api;

  it('activates from its browser entry on a virtual workspace and loads the parser', async () => {
    equal(typeof process, 'undefined', 'typeof process in the web extension host');
    equal(folder().scheme, 'vscode-test-web', 'the workspace folder scheme');
    const m = await mantra();
    api = m.api;
    check(m.ext.isActive, 'the extension is active');
    equal(m.ext.packageJSON.browser, './dist/web/extension.js', 'package.json "browser"');
    equal(typeof api.statusBarState, 'function', 'the API exposes statusBarState');
  });

  it('lints the Python file: rule ids, the severity the wording implies, the guideline sentence', async () => {
    const doc = await openTrain();
    const tryExcept = await waitForDiagnostic(doc.uri, 'no-try-except');
    equal(tryExcept.range.start.line, EXCEPT_LINE, 'no-try-except line');
    equal(doc.getText(tryExcept.range), 'except OSError:', 'no-try-except range');
    equal(tryExcept.severity, vscode.DiagnosticSeverity.Error, '"Never use try/except blocks." gives no-try-except the severity');
    equal(tryExcept.code.target.toString(), 'https://github.com/mantra-dev/mantra/blob/main/docs/rules.md#no-try-except', 'docs link');
    const guideline = tryExcept.relatedInformation && tryExcept.relatedInformation[0];
    check(guideline, 'relatedInformation points at the guideline');
    equal(guideline.location.uri.toString(), uriOf('CLAUDE.md').toString(), 'the guideline file');
    equal(guideline.location.range.start.line, TRY_EXCEPT_GUIDELINE_LINE, 'the guideline line');
    check(/Never use try\/except blocks/.test(guideline.message), `guideline message: ${guideline.message}`);

    const comment = await waitForDiagnostic(doc.uri, 'explanatory-comment');
    equal(comment.range.start.line, COMMENT_LINE, 'explanatory-comment line');
    equal(comment.severity, vscode.DiagnosticSeverity.Warning, '"Avoid inline comments that explain the code." gives explanatory-comment the severity');
  });

  it('shows the guideline reminder in the status bar', async () => {
    await openTrain();
    const state = await waitFor('a visible status item', () => api.statusBarState().visible && api.statusBarState());
    check(/^\$\(shield\) .+ · \d+$/.test(state.text), `status text: ${state.text}`);
    equal(state.command, 'mantra.auditFile', 'status command');
    equal(state.background, 'error', 'status background (the file has an error finding)');
    check(/Never use try\/except blocks/.test(state.tooltip), `status tooltip: ${state.tooltip}`);
  });

  it('"Mantra: Audit File" audits the file in view', async () => {
    await openTrain();
    const result = await vscode.commands.executeCommand('mantra.auditFile');
    equal(JSON.stringify(result.model.files.map((f) => f.path)), '["train.py"]', 'the audited files');
  });

  it('"Mantra: Audit Workspace" finds the Python files through the virtual file system', async () => {
    const result = await vscode.commands.executeCommand('mantra.auditWorkspace');
    equal(result.cancelled, false, 'cancelled');
    equal(JSON.stringify(result.model.files.map((f) => f.path)), '["train.py"]', 'the audited files');
  });

  it('re-derives the rules when CLAUDE.md is edited on the virtual file system', async () => {
    const doc = await openTrain();
    const claude = await vscode.workspace.openTextDocument(uriOf('CLAUDE.md'));
    const original = claude.getText();
    const edit = new vscode.WorkspaceEdit();
    edit.replace(claude.uri, new vscode.Range(0, 0, claude.lineCount, 0), original.replace('Never use try/except blocks.', 'Avoid try/except blocks.'));
    check(await vscode.workspace.applyEdit(edit), 'editing CLAUDE.md failed');
    check(await claude.save(), 'saving CLAUDE.md failed');
    await waitForDiagnostic(doc.uri, 'no-try-except', (d) => d.severity === vscode.DiagnosticSeverity.Warning);
    const restore = new vscode.WorkspaceEdit();
    restore.replace(claude.uri, new vscode.Range(0, 0, claude.lineCount, 0), original);
    check(await vscode.workspace.applyEdit(restore), 'restoring CLAUDE.md failed');
    check(await claude.save(), 'saving CLAUDE.md failed');
    await waitForDiagnostic(doc.uri, 'no-try-except', (d) => d.severity === vscode.DiagnosticSeverity.Error);
  });

  it('offers quick fixes, and the fix removes the finding', async () => {
    const doc = await openTrain();
    const d = await waitForDiagnostic(doc.uri, 'no-try-except');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range);
    const fixes = actions.filter((a) => a.kind && a.kind.value === 'quickfix');
    const titles = fixes.map((a) => a.title);
    for (const t of ['Unwrap try: keep its body, drop the handlers', 'Disable no-try-except for this line', 'Disable no-try-except for the entire file']) {
      check(titles.includes(t), `"${t}" in ${JSON.stringify(titles)}`);
    }
    const unwrap = fixes.find((a) => a.title.startsWith('Unwrap try'));
    equal(unwrap.isPreferred, true, 'the core fix is preferred');
    check(await vscode.workspace.applyEdit(unwrap.edit), 'applying the fix failed');
    check(doc.getText().startsWith('def load_config(path):\n    """Reads the experiment\'s config file."""\n    text = open(path).read()\n    return text\n'), doc.getText());
    await waitFor(() => `no no-try-except after the fix (have: ${describeAll(doc.uri)})`, () => !mantraDiagnostics(doc.uri).some((x) => codeOf(x) === 'no-try-except'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
