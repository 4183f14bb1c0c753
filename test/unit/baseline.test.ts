import * as assert from 'assert';
import { applyBaseline, buildBaseline, enclosingName, fingerprint, formatBaseline, parseBaseline } from '../../src/core/baseline';
import type { Finding } from '../../src/core/finding';

const at = (ruleId: string, line: number): Finding => ({
  ruleId,
  severity: 'error',
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
  message: 'm',
  guideline: null,
});

const CODE = 'import os\n\n\ndef load(path):\n    try:\n        return open(path).read()\n    except OSError:\n        raise\n\n\nclass A:\n    def f(self):\n        x = d.get(k, 0)\n        return x\n';

describe('baseline', () => {
  it('enclosingName: own def, nearest def above with less indent, module level', () => {
    const lines = CODE.split('\n');
    assert.strictEqual(enclosingName(lines, 3), 'load');
    assert.strictEqual(enclosingName(lines, 6), 'load');
    assert.strictEqual(enclosingName(lines, 12), 'f');
    assert.strictEqual(enclosingName(lines, 10), 'A');
    assert.strictEqual(enclosingName(lines, 0), '');
  });

  it('fingerprint: rule, function and normalized line text', () => {
    assert.strictEqual(fingerprint(at('no-try-except', 6), CODE.split('\n')), 'no-try-except|load|except OSError:');
  });

  it('hides baselined findings after lines move and indentation changes', () => {
    const base = buildBaseline([{ path: 'a.py', text: CODE, findings: [at('no-try-except', 6), at('fallback-default', 12)] }]);
    const moved = '"""Doc."""\n\n' + CODE.replace('x = d.get(k, 0)', 'x  =  d.get(k, 0)');
    const r = applyBaseline(base, 'a.py', moved, [at('no-try-except', 8), at('fallback-default', 14)]);
    assert.deepStrictEqual(r, { kept: [], baselined: 2 });
  });

  it('counts: a second identical finding is new; other files and rules are new', () => {
    const base = buildBaseline([{ path: 'a.py', text: CODE, findings: [at('no-try-except', 6)] }]);
    const twice = CODE + '\n\ndef load(path):\n    try:\n        return 1\n    except OSError:\n        raise\n';
    const r = applyBaseline(base, 'a.py', twice, [at('no-try-except', 6), at('no-try-except', 19)]);
    assert.strictEqual(r.baselined, 1);
    assert.deepStrictEqual(r.kept.map((f) => f.range.start.line), [19]);
    assert.strictEqual(applyBaseline(base, 'b.py', CODE, [at('no-try-except', 6)]).baselined, 0);
    assert.strictEqual(applyBaseline(base, 'a.py', CODE, [at('swallowed-exception', 6)]).kept.length, 1);
  });

  it('round-trips through its file text, and rejects other JSON', () => {
    const base = buildBaseline([
      { path: 'b.py', text: CODE, findings: [at('no-try-except', 6), at('no-try-except', 6)] },
      { path: 'a.py', text: CODE, findings: [] },
    ]);
    assert.deepStrictEqual(base, { version: 1, files: { 'b.py': { 'no-try-except|load|except OSError:': 2 } } });
    assert.deepStrictEqual(parseBaseline(formatBaseline(base)), base);
    assert.throws(() => parseBaseline('[]'), /not a Mantra baseline/);
    assert.throws(() => parseBaseline('{"version":1,"files":{"a.py":{"x":0}}}'), /not a Mantra baseline/);
  });
});
