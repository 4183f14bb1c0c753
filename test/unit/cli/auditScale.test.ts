import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempWorkspace } from './run';

const EXAMPLE = path.join(__dirname, '..', '..', '..', '..', 'examples', 'research-project');

/** A copy of the embedded example in a temporary folder (the cache writes under the root). */
function exampleCopy(): string {
  const dir = tempWorkspace({});
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

describe('cli: mantra audit --jobs and --cache', () => {
  it('--jobs 2 and 3 (this thread and worker threads) report exactly what one thread reports, in the same order', () => {
    const one = runCli(['audit', EXAMPLE, '--root', EXAMPLE, '--format', 'json', '--jobs', '1', '--verbose']);
    const files = Number(/^mantra: (\d+) files linted on the main thread, 0 served from the cache, [\d.]+ s$/m.exec(one.stderr)?.[1]);
    assert.ok(files > 3, one.stderr);
    assert.ok(JSON.parse(one.stdout).length > 10, 'the example has findings to compare');
    for (const jobs of [2, 3]) {
      const many = runCli(['audit', EXAMPLE, '--root', EXAMPLE, '--format', 'json', '--jobs', String(jobs), '--verbose']);
      assert.strictEqual(many.code, one.code, many.stderr);
      assert.strictEqual(many.stdout, one.stdout);
      // Each worker is left a file at least (the largest), whatever this thread gets through before the workers start.
      const split = /^mantra: (\d+) files? linted on the main thread, ([\d +]+) on (\d) workers?, 0 served from the cache/m.exec(many.stderr);
      assert.ok(split, many.stderr);
      const workers = split[2]!.split(' + ').map(Number);
      assert.strictEqual(Number(split[3]), jobs - 1);
      assert.ok(workers.every((n) => n >= 1), many.stderr);
      assert.strictEqual(Number(split[1]) + workers.reduce((a, b) => a + b, 0), files);
    }
  });

  it('--jobs must be a whole number from 1 to 64', () => {
    for (const bad of ['0', '1.5', 'many']) {
      const r = runCli(['audit', EXAMPLE, '--jobs', bad]);
      assert.strictEqual(r.code, 2, bad);
      assert.match(r.stderr, /--jobs must be a whole number from 1 to 64/);
    }
  });

  it('--cache serves unchanged files again, re-lints an edited file, and follows a guideline change', () => {
    const ws = tempWorkspace({
      'CLAUDE.md': '- Avoid try/except blocks.\n',
      'a.py': 'def f(p):\n    """F."""\n    try:\n        return open(p).read()\n    except OSError:\n        raise\n',
      'b.py': 'def g():\n    """G."""\n    return 1\n',
    });
    const audit = () => runCli(['audit', ws, '--root', ws, '--format', 'json', '--cache']);
    const first = audit();
    assert.deepStrictEqual(JSON.parse(first.stdout).map((f: { rule: string; severity: string }) => `${f.rule} ${f.severity}`), ['no-try-except warning']);
    assert.strictEqual(fs.readFileSync(path.join(ws, '.mantra-cache', '.gitignore'), 'utf8'), '*\n');
    const stored = JSON.parse(fs.readFileSync(path.join(ws, '.mantra-cache', 'lint.json'), 'utf8'));
    assert.deepStrictEqual(Object.keys(stored.files).sort(), ['a.py', 'b.py']);

    // Served from the cache: a finding planted in it comes back, so the files were not linted again.
    stored.files['b.py'][1] = [{ ...stored.files['a.py'][1][0], message: 'planted in the cache' }];
    fs.writeFileSync(path.join(ws, '.mantra-cache', 'lint.json'), JSON.stringify(stored));
    assert.ok(audit().stdout.includes('planted in the cache'));

    // An edited file is linted again; an edited guideline changes every file's rules.
    fs.writeFileSync(path.join(ws, 'b.py'), 'def g():\n    """G."""\n    return 2\n');
    assert.ok(!audit().stdout.includes('planted in the cache'));
    fs.writeFileSync(path.join(ws, 'CLAUDE.md'), '- NEVER use try/except blocks.\n');
    assert.deepStrictEqual(JSON.parse(audit().stdout).map((f: { rule: string; severity: string }) => `${f.rule} ${f.severity}`), ['no-try-except error']);

    // A deleted file leaves the cache at the next audit, though every other file is served from it;
    // an audit of a sub-folder keeps the files outside it.
    const held = () => Object.keys(JSON.parse(fs.readFileSync(path.join(ws, '.mantra-cache', 'lint.json'), 'utf8')).files).sort();
    fs.mkdirSync(path.join(ws, 'sub'));
    fs.writeFileSync(path.join(ws, 'sub', 'c.py'), 'def h():\n    """H."""\n    return 3\n');
    audit();
    assert.deepStrictEqual(held(), ['a.py', 'b.py', 'sub/c.py']);
    fs.rmSync(path.join(ws, 'b.py'));
    audit();
    assert.deepStrictEqual(held(), ['a.py', 'sub/c.py']);
    runCli(['audit', path.join(ws, 'sub'), '--root', ws, '--format', 'json', '--cache']);
    assert.deepStrictEqual(held(), ['a.py', 'sub/c.py']);
  });

  it('without --cache nothing is written', () => {
    const ws = exampleCopy();
    runCli(['audit', ws, '--root', ws]);
    assert.ok(!fs.existsSync(path.join(ws, '.mantra-cache')));
  });
});
