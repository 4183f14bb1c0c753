'use strict';
// The loop with Claude Code: the real CLI's hook writes its log, the status bar and the audit report
// count what it reported and what got fixed; the command adds the hooks to .claude/settings(.local).json.
const assert = require('assert');
const { spawnSync } = require('child_process');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

const enc = (s) => new TextEncoder().encode(s);
const dec = (b) => new TextDecoder().decode(b);
const exists = (uri) => vscode.workspace.fs.stat(uri).then(() => true, () => false);

/** Runs the built CLI's Claude Code hook on a file of the workspace, as Claude Code does after an Edit. */
function runHook(rel) {
  const cli = path.join(vscode.extensions.getExtension(h.EXTENSION_ID).extensionPath, 'dist', 'cli.js');
  const root = h.folder().fsPath;
  const payload = { session_id: 'test', hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_input: { file_path: path.join(root, rel) }, cwd: root };
  // ELECTRON_RUN_AS_NODE: under @vscode/test-electron the extension host's execPath is Electron.
  const r = spawnSync(process.execPath, [cli, 'hook', 'claude-code'], { input: JSON.stringify(payload), encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  assert.ok(r.status === 0 || r.status === 2, `hook exited ${r.status}: ${r.stderr}`);
  return r;
}

describe('Claude Code loop', () => {
  let api;
  before(async () => (api = await h.mantra()));

  const tooltip = () => api.statusBarState().tooltip;

  it('the status bar and the audit count what the hook reported and the assistant fixed, following the log', async () => {
    const log = h.uriOf('.mantra/hook-log.jsonl');
    const file = h.uriOf('hooked.py');
    await h.open('model.py');
    await h.waitFor('the tooltip to say the hook never ran', () => /Claude Code hook: no runs logged in this workspace/.test(tooltip()));
    let result = await vscode.commands.executeCommand('mantra.auditFile', h.uriOf('model.py'));
    assert.strictEqual(result.hook, undefined);
    try {
      // The assistant writes a function that breaks two guidelines; the hook tells it so.
      await vscode.workspace.fs.writeFile(file, enc('def call(x):\n    try:\n        return x()\n    except ValueError:\n        return None\n'));
      const first = runHook('hooked.py');
      assert.strictEqual(first.status, 2, first.stderr);
      assert.match(first.stderr, /hooked\.py:4 no-try-except/);
      const state = await h.waitFor('the tooltip to count what the hook reported', () => /Claude Code hook: [1-9]\d* findings? reported to the assistant in this workspace, 0 fixed/.test(tooltip()) && api.statusBarState());
      const reported = Number(/(\d+) findings? reported/.exec(state.tooltip)[1]);
      assert.ok(reported >= 2, state.tooltip);
      assert.match(state.text, /^\$\(shield\) .+ · \d+$/, 'the item text itself is unchanged');

      // It fixes them; the hook's next run finds nothing, and the log says so.
      await vscode.workspace.fs.writeFile(file, enc('def call(x):\n    """Calls x."""\n    return x()\n'));
      const second = runHook('hooked.py');
      assert.strictEqual(second.status, 0, second.stderr);
      await h.waitFor(`the tooltip to count ${reported} fixed`, () => tooltip().includes(`${reported} findings reported to the assistant in this workspace, ${reported} fixed`));

      result = await vscode.commands.executeCommand('mantra.auditFile', h.uriOf('model.py'));
      assert.deepStrictEqual(result.hook, { reported, fixed: reported, badLines: [] });
      result = await vscode.commands.executeCommand('mantra.auditWorkspace');
      assert.deepStrictEqual(result.hook, { reported, fixed: reported, badLines: [] });

      // A line that is not a log entry is counted as such, not hidden.
      await vscode.workspace.fs.writeFile(log, enc(dec(await vscode.workspace.fs.readFile(log)) + 'not json\n'));
      await h.waitFor('the tooltip to count the unreadable line', () => /\(1 log line unreadable\)/.test(tooltip()));
    } finally {
      await vscode.workspace.fs.delete(file);
      await vscode.workspace.fs.delete(h.uriOf('.mantra'), { recursive: true });
    }
    await h.waitFor('the tooltip to forget the deleted log', () => /Claude Code hook: no runs logged/.test(tooltip()));
  });

  describe('"Mantra: Enforce guidelines on Claude Code\'s edits"', () => {
    const shared = () => h.uriOf('.claude/settings.json');
    const local = () => h.uriOf('.claude/settings.local.json');
    const commandsOf = (settings, event) => (settings.hooks[event] || []).flatMap((e) => e.hooks.map((x) => x.command));
    const readJson = async (uri) => JSON.parse(dec(await vscode.workspace.fs.readFile(uri)));
    afterEach(async () => {
      if (await exists(h.uriOf('.claude'))) await vscode.workspace.fs.delete(h.uriOf('.claude'), { recursive: true });
    });

    it('adds the PostToolUse and Stop hooks to .claude/settings.json, once', async () => {
      const r = await vscode.commands.executeCommand('mantra.enforceOnClaudeCode', 'shared');
      assert.strictEqual(r.file.toString(), shared().toString());
      assert.strictEqual(r.added, 2);
      const settings = await readJson(shared());
      assert.deepStrictEqual(settings.hooks.PostToolUse, [{ matcher: 'Edit|MultiEdit|Write|NotebookEdit', hooks: [{ type: 'command', command: 'npx --no-install mantra hook claude-code', timeout: 60 }] }]);
      assert.deepStrictEqual(commandsOf(settings, 'Stop'), ['npx --no-install mantra hook claude-code --stop']);
      const text = dec(await vscode.workspace.fs.readFile(shared()));
      const again = await vscode.commands.executeCommand('mantra.enforceOnClaudeCode', 'shared');
      assert.deepStrictEqual([again.added, again.error], [0, undefined]);
      assert.strictEqual(dec(await vscode.workspace.fs.readFile(shared())), text, 'the second run leaves the file as it was');
      assert.ok(!(await exists(local())), 'settings.local.json is not created');
    });

    it('merges with the settings and hooks already in settings.local.json', async () => {
      const other = { matcher: 'Bash', hooks: [{ type: 'command', command: 'echo checked' }] };
      await vscode.workspace.fs.writeFile(local(), enc(JSON.stringify({ permissions: { allow: ['Bash(pytest)'] }, hooks: { PostToolUse: [other] } })));
      const r = await vscode.commands.executeCommand('mantra.enforceOnClaudeCode', 'local');
      assert.strictEqual(r.added, 2);
      const settings = await readJson(local());
      assert.deepStrictEqual(settings.permissions, { allow: ['Bash(pytest)'] });
      assert.deepStrictEqual(commandsOf(settings, 'PostToolUse'), ['echo checked', 'npx --no-install mantra hook claude-code']);
      assert.deepStrictEqual(commandsOf(settings, 'Stop'), ['npx --no-install mantra hook claude-code --stop']);
    });

    it('refuses a settings file that is not valid JSON, with a clear message, and leaves it untouched', async () => {
      const broken = '{ "hooks": { "Stop": [ }\n';
      await vscode.workspace.fs.writeFile(shared(), enc(broken));
      const r = await vscode.commands.executeCommand('mantra.enforceOnClaudeCode', 'shared');
      assert.strictEqual(r.added, 0);
      assert.match(r.error, /^\.claude\/settings\.json is not valid JSON \(.+\); fix it first, Mantra will not overwrite it$/);
      assert.strictEqual(dec(await vscode.workspace.fs.readFile(shared())), broken);
    });

    it('refuses a settings file with unsaved edits in an editor', async () => {
      await vscode.workspace.fs.writeFile(shared(), enc('{}\n'));
      const doc = await vscode.workspace.openTextDocument(shared());
      await vscode.window.showTextDocument(doc);
      await h.setText(doc, '{ "model": "x" }\n');
      try {
        const r = await vscode.commands.executeCommand('mantra.enforceOnClaudeCode', 'shared');
        assert.match(r.error, /unsaved changes/);
        assert.strictEqual(dec(await vscode.workspace.fs.readFile(shared())), '{}\n');
      } finally {
        await h.setText(doc, '{}\n', true);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    });
  });
});
