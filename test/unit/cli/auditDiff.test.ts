import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { committedRepo, git, runCli, tempWorkspace } from './run';

const GUIDE = '# Rules\n\n- When editing a function with missing docstring, add one.\n- Avoid inline comments that explain the code.\n';
const BEFORE = 'def load(path):\n    # read the file\n    return open(path).read()\n\n\ndef scale(x, factor):\n    return x * factor\n';
const AFTER = 'def load(path):\n    # read the file\n    return open(path).read()\n\n\ndef scale(x, factor):\n    # multiply x by the factor\n    return x * factor * 2\n';

/** A committed repository whose `src/a.py` is then edited: `scale` changes, `load` does not. */
function repo(): string {
  return committedRepo({ 'CLAUDE.md': GUIDE, 'src/a.py': BEFORE }, { 'src/a.py': AFTER });
}

type Row = { file: string; line: number; rule: string };
const rows = (stdout: string): string[] => (JSON.parse(stdout) as Row[]).map((r) => `${r.file}:${r.line} ${r.rule}`);

describe('cli: mantra audit --diff-base', () => {
  it('without --diff-base: no change-aware finding, every narrating comment', () => {
    const dir = repo();
    const r = runCli(['audit', dir, '--root', dir, '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    const got = rows(r.stdout);
    assert.ok(!got.some((x) => x.includes('edited-missing-docstring')), got.join('\n'));
    assert.ok(got.includes('src/a.py:2 explanatory-comment') && got.includes('src/a.py:7 explanatory-comment'), got.join('\n'));
  });

  it('--diff-base HEAD: the edited function and the added comment only', () => {
    const dir = repo();
    const r = runCli(['audit', dir, '--root', dir, '--format', 'json', '--diff-base', 'HEAD']);
    assert.strictEqual(r.code, 0, r.stderr);
    const got = rows(r.stdout);
    assert.ok(got.includes('src/a.py:6 edited-missing-docstring'), got.join('\n'));
    assert.ok(!got.includes('src/a.py:1 edited-missing-docstring'), got.join('\n'));
    assert.ok(got.includes('src/a.py:7 explanatory-comment'), got.join('\n'));
    assert.ok(!got.includes('src/a.py:2 explanatory-comment'), got.join('\n'));
  });

  it('--fix --diff-base HEAD fixes what the change added and leaves the committed code alone', () => {
    const dir = repo();
    const r = runCli(['audit', dir, '--root', dir, '--format', 'json', '--diff-base', 'HEAD', '--fix']);
    assert.strictEqual(r.code, 0, r.stderr);
    const fixed = fs.readFileSync(path.join(dir, 'src/a.py'), 'utf8');
    assert.strictEqual(fixed, AFTER.replace('    # multiply x by the factor\n', ''), 'the added narrating comment goes, the committed one stays');
    // The report is of the fixed file, against the same base.
    const got = rows(r.stdout);
    assert.ok(got.includes('src/a.py:6 edited-missing-docstring'), got.join('\n'));
    assert.ok(!got.some((x) => x.includes('explanatory-comment')), got.join('\n'));
  });

  it('--changed-only: only findings on the change; an untracked file counts whole', () => {
    const dir = repo();
    fs.writeFileSync(path.join(dir, 'src/new.py'), 'def fresh(x):\n    return x\n');
    const r = runCli(['audit', dir, '--root', dir, '--format', 'json', '--diff-base', 'HEAD', '--changed-only']);
    assert.strictEqual(r.code, 0, r.stderr);
    const got = rows(r.stdout);
    assert.ok(got.includes('src/new.py:1 edited-missing-docstring'), got.join('\n'));
    assert.ok(got.includes('src/a.py:6 edited-missing-docstring'), got.join('\n'));
    assert.ok(!got.some((x) => x.startsWith('src/a.py:1 ') || x.startsWith('src/a.py:2 ')), got.join('\n'));
  });

  it('a renamed and committed file: against the older commit only its edited lines count', () => {
    const dir = repo();
    git(dir, 'commit', '-qam', 'edit');
    git(dir, 'mv', 'src/a.py', 'src/b.py');
    git(dir, 'commit', '-qm', 'rename');
    const r = runCli(['audit', dir, '--root', dir, '--format', 'json', '--diff-base', 'HEAD~2', '--changed-only']);
    assert.strictEqual(r.code, 0, r.stderr);
    const got = rows(r.stdout);
    assert.ok(got.includes('src/b.py:6 edited-missing-docstring'), got.join('\n'));
    assert.ok(!got.some((x) => x.startsWith('src/b.py:1 ') || x.startsWith('src/b.py:2 ')), got.join('\n'));
  });

  it('usage errors: --changed-only alone, an unknown revision, no repository', () => {
    const dir = repo();
    assert.strictEqual(runCli(['audit', dir, '--root', dir, '--changed-only']).code, 2);
    assert.match(runCli(['audit', dir, '--root', dir, '--diff-base', 'nope']).stderr, /not a commit/);
    const plain = tempWorkspace({ 'a.py': 'x = 1\n' });
    assert.match(runCli(['audit', plain, '--root', plain, '--diff-base', 'HEAD']).stderr, /not in a git repository/);
  });
});
