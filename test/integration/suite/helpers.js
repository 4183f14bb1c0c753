// Shared helpers of the integration suite: the real vscode API, no mocks.
'use strict';
const assert = require('assert');
const vscode = require('vscode');

const EXTENSION_ID = 'mantra-dev.mantra';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The activated extension's API, once its parser is ready. */
async function mantra() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded in this VS Code`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

const folder = () => vscode.workspace.workspaceFolders[0].uri;
const uriOf = (rel) => vscode.Uri.joinPath(folder(), ...rel.split('/'));

/** Polls `probe` until it returns a truthy value; fails with `what` and the last value seen. */
async function waitFor(what, probe, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Mantra's diagnostics of a file, as plain rows. */
function mantraDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mantra');
}
const codeOf = (d) => (typeof d.code === 'object' ? d.code.value : d.code);
const describe = (diags) => diags.map((d) => `${d.range.start.line}:${d.range.start.character} ${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]}`).join(', ');

/** Waits until the file has a Mantra diagnostic matching `pred`; returns it. */
function waitForDiagnostic(uri, what, pred, timeout) {
  return waitFor(`${what} (have: ${describe(mantraDiagnostics(uri))})`, () => mantraDiagnostics(uri).find(pred), timeout);
}

/** Waits until no Mantra diagnostic of the file matches `pred`. */
function waitForNoDiagnostic(uri, what, pred, timeout) {
  return waitFor(`no ${what} (have: ${describe(mantraDiagnostics(uri))})`, () => !mantraDiagnostics(uri).some(pred), timeout);
}

async function open(rel) {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Replaces a document's whole text (and saves it when asked). */
async function setText(doc, text, save = false) {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit refused the edit');
  if (save) assert.ok(await doc.save(), `saving ${doc.uri.path} failed`);
}

/** Runs `fn` on a file, then puts its original text back (saved). */
async function withRestored(rel, fn) {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  const original = doc.getText();
  try {
    return await fn(doc);
  } finally {
    if (doc.getText() !== original) await setText(doc, original, true);
    else if (doc.isDirty) await doc.save();
  }
}

/** The code actions VS Code's providers offer for a range (what the light bulb shows). */
function codeActions(uri, range, kind) {
  return vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, kind);
}

/** Applies a code action as VS Code does: its edit, then its command. */
async function applyAction(action) {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments || []));
}

module.exports = { EXTENSION_ID, mantra, folder, uriOf, waitFor, sleep, mantraDiagnostics, codeOf, waitForDiagnostic, waitForNoDiagnostic, open, setText, withRestored, codeActions, applyAction };
