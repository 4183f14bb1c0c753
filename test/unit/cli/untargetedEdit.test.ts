import * as assert from 'assert';
import { committedRepo, git, runCli } from './run';

const GUIDE = '# Changes\n\n- Keep your changes as targeted as possible.\n';
const BEFORE = 'import os\nimport sys\n\n\ndef load(path):\n    return open(path).read()\n\n\ndef scale(x, factor):\n    return x * factor\n\n\nNAME = "model"\n';
/** A real edit of `scale`, a reformat of `load`, swapped imports and quotes. */
const AFTER = 'import sys\nimport os\n\n\ndef load(path):\n    return open(path).read( )\n\n\ndef scale(x, factor):\n    return x * factor * 2\n\n\nNAME = \'model\'\n';

type Row = { file: string; line: number; rule: string; message: string };

function repo(): string {
  return committedRepo({ 'CLAUDE.md': GUIDE, 'a.py': BEFORE }, { 'a.py': AFTER });
}

describe('cli: untargeted-edit through a real git repository', () => {
  it('--diff-base HEAD: the reformat, the import swap and the quotes; not the real edit', () => {
    const dir = repo();
    const r = runCli(['audit', dir, '--root', dir, '--format', 'json', '--diff-base', 'HEAD']);
    assert.strictEqual(r.code, 0, r.stderr);
    const got = (JSON.parse(r.stdout) as Row[]).map((x) => `${x.file}:${x.line} ${x.rule} ${x.message}`);
    assert.deepStrictEqual(got, [
      'a.py:1 untargeted-edit this change only reorders imports: revert it to keep the change targeted',
      'a.py:6 untargeted-edit this hunk changes only whitespace: revert it to keep the change targeted',
      'a.py:13 untargeted-edit this hunk changes only the quotes of strings: revert it to keep the change targeted',
    ]);
  });

  it('without --diff-base: nothing to say', () => {
    const dir = repo();
    const r = runCli(['audit', dir, '--root', dir, '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout), []);
  });

  it('after the change is committed, against the older commit: the same hunks', () => {
    const dir = repo();
    git(dir, 'commit', '-qam', 'edit');
    const r = runCli(['audit', dir, '--root', dir, '--format', 'json', '--diff-base', 'HEAD~1']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual((JSON.parse(r.stdout) as Row[]).map((x) => x.line), [1, 6, 13]);
  });
});
