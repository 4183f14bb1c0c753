import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { summarizeHookLog } from '../../../src/core/hookLog';
import { committedRepo, git, runCli, tempWorkspace } from './run';

const CLAUDE = '# Guidelines\n\n- NEVER use try/except blocks.\n- Use docstrings.\n';
const LEGACY = 'def old(path):\n    try:\n        return open(path).read()\n    except OSError:\n        raise\n';

/** A git repository with a committed legacy file that already breaks the guidelines. */
function repo(): string {
  return committedRepo({ 'CLAUDE.md': CLAUDE, 'src/legacy.py': LEGACY });
}

const payload = (cwd: string, file: string, tool = 'Edit') =>
  JSON.stringify({ session_id: 's', hook_event_name: 'PostToolUse', tool_name: tool, tool_input: { file_path: file }, cwd });

describe('cli: mantra hook claude-code', () => {
  it('reports only findings on the lines the edit changed, under the guideline sentence, exit 2', () => {
    const dir = repo();
    const file = path.join(dir, 'src/legacy.py');
    fs.appendFileSync(file, '\n\ndef new(x):\n    try:\n        return x()\n    except ValueError:\n        raise\n');
    const r = runCli(['hook', 'claude-code'], { input: payload(dir, file) });
    assert.strictEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, /CLAUDE\.md:3 says: "NEVER use try\/except blocks\."/);
    assert.match(r.stderr, /src\/legacy\.py:11 no-try-except /);
    assert.match(r.stderr, /CLAUDE\.md:4 says: "Use docstrings\."\n\s+src\/legacy\.py:8 missing-docstring /);
    assert.doesNotMatch(r.stderr, /legacy\.py:4 /, 'the committed legacy handler is not the assistant\'s doing');
    assert.strictEqual(r.stdout, '');
  });

  it('an edit inside an undocumented function asks for its docstring, and stops once it has one', () => {
    const dir = committedRepo({ 'CLAUDE.md': '- When editing a function with missing docstring, add one.\n', 'src/m.py': 'def scale(x, factor):\n    y = x * factor\n    return y\n\n\ndef other(x):\n    return x\n' });
    const file = path.join(dir, 'src/m.py');
    fs.writeFileSync(file, 'def scale(x, factor):\n    y = x * factor * 2\n    return y\n\n\ndef other(x):\n    return x\n');
    const r = runCli(['hook', 'claude-code'], { input: payload(dir, file) });
    assert.strictEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, /src\/m\.py:1 edited-missing-docstring /);
    assert.doesNotMatch(r.stderr, /'other'/);
    fs.writeFileSync(file, 'def scale(x, factor):\n    """Scale x twice."""\n    y = x * factor * 2\n    return y\n\n\ndef other(x):\n    return x\n');
    assert.deepStrictEqual(runCli(['hook', 'claude-code'], { input: payload(dir, file) }).code, 0);
  });

  it('is silent (exit 0) when the changed lines are clean', () => {
    const dir = repo();
    const file = path.join(dir, 'src/legacy.py');
    fs.appendFileSync(file, '\n\ndef new(x):\n    """Call x."""\n    return x()\n');
    const r = runCli(['hook', 'claude-code'], { input: payload(dir, file) });
    assert.deepStrictEqual([r.code, r.stderr], [0, '']);
  });

  it('a new, untracked file is checked whole', () => {
    const dir = repo();
    const file = path.join(dir, 'src/new.py');
    fs.writeFileSync(file, 'def f():\n    return 1\n');
    const r = runCli(['hook', 'claude-code'], { input: payload(dir, 'src/new.py', 'Write') });
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /src\/new\.py:1 missing-docstring/);
  });

  it('outside git the whole file is checked', () => {
    const dir = tempWorkspace({ 'CLAUDE.md': CLAUDE, 'a.py': LEGACY });
    const r = runCli(['hook', 'claude-code'], { input: payload(dir, path.join(dir, 'a.py')) });
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /a\.py:4 no-try-except/);
  });

  it('--threshold error ignores warnings', () => {
    const dir = tempWorkspace({ 'CLAUDE.md': '- Use docstrings.\n', 'a.py': 'def f():\n    return 1\n' });
    const r = runCli(['hook', 'claude-code', '--threshold', 'error'], { input: payload(dir, path.join(dir, 'a.py')) });
    assert.deepStrictEqual([r.code, r.stderr], [0, '']);
  });

  it('input that is not a hook payload, or another tool: exit 0 with a one-line note', () => {
    const notJson = runCli(['hook', 'claude-code'], { input: 'hello' });
    assert.strictEqual(notJson.code, 0);
    assert.match(notJson.stderr, /^mantra hook: stdin is not JSON, nothing checked\n$/);
    const wrong = runCli(['hook', 'claude-code'], { input: '{"foo": 1}' });
    assert.strictEqual(wrong.code, 0);
    assert.match(wrong.stderr, /not a Claude Code hook payload/);
    const bash = runCli(['hook', 'claude-code'], { input: JSON.stringify({ tool_name: 'Bash', tool_input: { command: 'ls' }, cwd: '/' }) });
    assert.strictEqual(bash.code, 0);
    assert.match(bash.stderr, /tool Bash is not checked/);
  });

  it('logs what it reported under .mantra/ (kept out of git), and counts what the assistant fixed', () => {
    const dir = repo();
    const file = path.join(dir, 'src/legacy.py');
    fs.appendFileSync(file, '\n\ndef new(x):\n    return x()\n');
    assert.strictEqual(runCli(['hook', 'claude-code'], { input: payload(dir, file) }).code, 2);
    const log = () => fs.readFileSync(path.join(dir, '.mantra/hook-log.jsonl'), 'utf8');
    assert.deepStrictEqual(summarizeHookLog(log()), { reported: 1, fixed: 0, badLines: [] });
    fs.writeFileSync(file, LEGACY + '\n\ndef new(x):\n    """Call x."""\n    return x()\n');
    assert.strictEqual(runCli(['hook', 'claude-code'], { input: payload(dir, file) }).code, 0);
    assert.deepStrictEqual(summarizeHookLog(log()), { reported: 1, fixed: 1, badLines: [] });
    assert.strictEqual(git(dir, 'status', '--porcelain', '--', '.mantra'), '');
  });

  it('a notebook edit is checked in the cell it wrote, the notebook linted as one module', () => {
    const cell = (id: string, source: string[]) => ({ cell_type: 'code', id, metadata: {}, execution_count: null, outputs: [], source });
    const notebook = {
      cells: [
        cell('imports', ['import torch\n']),
        cell('load', ['def load(path):\n', '    """Read a file."""\n', '    try:\n', '        return open(path).read()\n', '    except OSError:\n', '        raise\n']),
        cell('clean', ['def twice(x):\n', '    """Double x."""\n', '    return 2 * x\n']),
      ],
      metadata: { kernelspec: { language: 'python', name: 'python3', display_name: 'Python 3' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const dir = tempWorkspace({ 'CLAUDE.md': CLAUDE, 'nb.ipynb': JSON.stringify(notebook, null, 1) });
    const edit = (cellId: string) => runCli(['hook', 'claude-code'], { input: JSON.stringify({ tool_name: 'NotebookEdit', tool_input: { notebook_path: 'nb.ipynb', cell_id: cellId, new_source: '' }, cwd: dir }) });
    const r = edit('load');
    assert.strictEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, /nb\.ipynb:cell 2:5 no-try-except /);
    assert.deepStrictEqual([edit('clean').code, edit('clean').stderr], [0, '']);
  });

  it('--stop audits the whole change, and lets go when stop_hook_active', () => {
    const dir = repo();
    fs.writeFileSync(path.join(dir, 'src/b.py'), 'def g():\n    return 2\n');
    const stop = (active: boolean) => runCli(['hook', 'claude-code', '--stop'], { input: JSON.stringify({ hook_event_name: 'Stop', stop_hook_active: active, cwd: dir }) });
    const first = stop(false);
    assert.strictEqual(first.code, 2);
    assert.match(first.stderr, /1 finding in 1 changed file/);
    assert.match(first.stderr, /src\/b\.py:1 missing-docstring/);
    const again = stop(true);
    assert.strictEqual(again.code, 0);
    assert.match(again.stderr, /src\/b\.py:1 missing-docstring/);
  });
});

describe('cli: mantra init claude-code', () => {
  it('adds both hooks, merges with existing ones, and is idempotent', () => {
    const other = { matcher: 'Bash', hooks: [{ type: 'command', command: 'echo hi' }] };
    const dir = tempWorkspace({ '.claude/settings.json': JSON.stringify({ model: 'x', hooks: { PostToolUse: [other] } }) });
    const r = runCli(['init', 'claude-code'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    const settings = JSON.parse(fs.readFileSync(path.join(dir, '.claude/settings.json'), 'utf8'));
    assert.strictEqual(settings.model, 'x');
    assert.deepStrictEqual(settings.hooks.PostToolUse[0], other);
    assert.strictEqual(settings.hooks.PostToolUse[1].hooks[0].command, 'npx --no-install mantra hook claude-code');
    assert.strictEqual(settings.hooks.Stop[0].hooks[0].command, 'npx --no-install mantra hook claude-code --stop');
    const before = fs.readFileSync(path.join(dir, '.claude/settings.json'), 'utf8');
    assert.match(runCli(['init', 'claude-code'], { cwd: dir }).stdout, /already there/);
    assert.strictEqual(fs.readFileSync(path.join(dir, '.claude/settings.json'), 'utf8'), before);
  });

  it('--local writes settings.local.json; an invalid JSON file is refused untouched', () => {
    const dir = tempWorkspace({ '.claude/settings.json': '{ "hooks": ' });
    const bad = runCli(['init', 'claude-code'], { cwd: dir });
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /not valid JSON/);
    assert.strictEqual(fs.readFileSync(path.join(dir, '.claude/settings.json'), 'utf8'), '{ "hooks": ');
    assert.strictEqual(runCli(['init', 'claude-code', '--local'], { cwd: dir }).code, 0);
    assert.ok(fs.existsSync(path.join(dir, '.claude/settings.local.json')));
  });
});
