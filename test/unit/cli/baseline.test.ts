import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempWorkspace } from './run';

const GUIDE = '- NEVER use try/except blocks.\n';
const TRY = 'def load(path):\n    """Load."""\n    try:\n        return open(path).read()\n    except OSError:\n        raise\n';
const SECOND = '\n\ndef save(path, data):\n    """Save."""\n    try:\n        open(path, "w").write(data)\n    except IOError:\n        raise\n';

describe('cli: mantra baseline', () => {
  it('writes the baseline; audit then hides its findings, even moved, and reports new ones', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': GUIDE, 'src/io.py': TRY });
    const b = runCli(['baseline', ws, '--root', ws]);
    assert.strictEqual(b.code, 0, b.stderr);
    assert.match(b.stdout, /Wrote 1 finding of 1 file\(s\) to \.mantra-baseline\.json/);
    const saved = JSON.parse(fs.readFileSync(path.join(ws, '.mantra-baseline.json'), 'utf8'));
    assert.deepStrictEqual(saved, { version: 1, files: { 'src/io.py': { 'no-try-except|load|except OSError:': 1 } } });

    const clean = runCli(['audit', ws, '--root', ws]);
    assert.strictEqual(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /^1 finding baselined \(\.mantra-baseline\.json\)$/m);
    assert.deepStrictEqual(JSON.parse(runCli(['audit', ws, '--root', ws, '--format', 'json']).stdout), []);

    // Lines move and a new handler appears: only the new one is reported.
    fs.writeFileSync(path.join(ws, 'src/io.py'), 'import os\n\n\n' + TRY + SECOND);
    const r = runCli(['audit', ws, '--root', ws, '--format', 'json']);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(JSON.parse(r.stdout).map((x: { line: number; rule: string }) => `${x.line} ${x.rule}`), ['16 no-try-except']);
    assert.match(runCli(['audit', ws, '--root', ws]).stdout, /^1 finding baselined/m);
  });

  it('rewriting the baseline drops fixed findings', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': GUIDE, 'a.py': TRY });
    runCli(['baseline', ws, '--root', ws]);
    fs.writeFileSync(path.join(ws, 'a.py'), 'def load(path):\n    """Load."""\n    return open(path).read()\n');
    assert.strictEqual(runCli(['baseline', ws, '--root', ws]).code, 0);
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(ws, '.mantra-baseline.json'), 'utf8')), { version: 1, files: {} });
  });

  it('a broken baseline is a usage error naming it', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': GUIDE, 'a.py': TRY, '.mantra-baseline.json': '[]' });
    const r = runCli(['audit', ws, '--root', ws]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /\.mantra-baseline\.json: not a Mantra baseline/);
  });
});
