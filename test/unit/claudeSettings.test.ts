import * as assert from 'assert';
import { addClaudeHooks, ClaudeSettingsError, formatClaudeSettings, HOOK_COMMANDS, parseClaudeSettings } from '../../src/core/claudeSettings';

const commandsOf = (settings: Record<string, unknown>, event: string) =>
  ((settings.hooks as Record<string, Array<{ hooks: Array<{ command: string }> }>>)[event] ?? []).flatMap((e) => e.hooks.map((h) => h.command));

describe('Claude Code settings: adding Mantra hooks', () => {
  it('a missing or empty file becomes the two hooks', () => {
    for (const text of [undefined, '', '  \n']) {
      const { settings, added } = addClaudeHooks(parseClaudeSettings(text, '.claude/settings.json'));
      assert.strictEqual(added, 2);
      assert.deepStrictEqual(settings, {
        hooks: {
          PostToolUse: [{ matcher: 'Edit|MultiEdit|Write|NotebookEdit', hooks: [{ type: 'command', command: HOOK_COMMANDS.edit, timeout: 60 }] }],
          Stop: [{ hooks: [{ type: 'command', command: HOOK_COMMANDS.stop, timeout: 120 }] }],
        },
      });
    }
  });

  it('keeps other settings and hooks, appends after them, and does not change its input', () => {
    const other = { matcher: 'Bash', hooks: [{ type: 'command', command: 'echo hi' }] };
    const input = { model: 'x', permissions: { allow: ['Bash(ls)'] }, hooks: { PostToolUse: [other], Notification: [{ hooks: [{ type: 'command', command: 'notify' }] }] } };
    const before = JSON.stringify(input);
    const { settings, added } = addClaudeHooks(input);
    assert.strictEqual(added, 2);
    assert.strictEqual(JSON.stringify(input), before, 'the input object is not mutated');
    assert.strictEqual(settings.model, 'x');
    assert.deepStrictEqual(settings.permissions, { allow: ['Bash(ls)'] });
    assert.deepStrictEqual(commandsOf(settings, 'PostToolUse'), ['echo hi', HOOK_COMMANDS.edit]);
    assert.deepStrictEqual(commandsOf(settings, 'Notification'), ['notify']);
    assert.deepStrictEqual(commandsOf(settings, 'Stop'), [HOOK_COMMANDS.stop]);
  });

  it('is idempotent, and adds only the hook that is missing', () => {
    const once = addClaudeHooks({}).settings;
    const twice = addClaudeHooks(parseClaudeSettings(formatClaudeSettings(once), 'f'));
    assert.strictEqual(twice.added, 0);
    assert.deepStrictEqual(twice.settings, once);
    // Mantra's edit hook already there under another matcher: only Stop is added.
    const partial = { hooks: { PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: HOOK_COMMANDS.edit }] }] } };
    const r = addClaudeHooks(partial);
    assert.strictEqual(r.added, 1);
    assert.deepStrictEqual(commandsOf(r.settings, 'PostToolUse'), [HOOK_COMMANDS.edit]);
    assert.deepStrictEqual(commandsOf(r.settings, 'Stop'), [HOOK_COMMANDS.stop]);
  });

  it('refuses text that is not a JSON object, and hooks of the wrong shape, with the file named', () => {
    assert.throws(() => parseClaudeSettings('{ "hooks": ', '.claude/settings.json'), (e: Error) => e instanceof ClaudeSettingsError && /^\.claude\/settings\.json is not valid JSON \(.+\); fix it first/.test(e.message));
    assert.throws(() => parseClaudeSettings('[1, 2]', 'f.json'), /f\.json does not hold a JSON object/);
    assert.throws(() => parseClaudeSettings('null', 'f.json'), /f\.json does not hold a JSON object/);
    assert.throws(() => addClaudeHooks({ hooks: [] }), /"hooks" in the settings file is not an object/);
    assert.throws(() => addClaudeHooks({ hooks: { Stop: {} } }), /"hooks\.Stop" in the settings file is not a list/);
  });

  it('formats as two-space JSON with a final newline', () => {
    assert.strictEqual(formatClaudeSettings({ a: [1] }), '{\n  "a": [\n    1\n  ]\n}\n');
  });
});
