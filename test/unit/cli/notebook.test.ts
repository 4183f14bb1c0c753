import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli, tempWorkspace } from './run';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'notebooks');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const GUIDELINES = '- NEVER use try/except blocks.\n- In torch code, avoid for loops.\n- No unused imports.\n';

describe('cli: mantra audit on notebooks', () => {
  it('finds .ipynb files and reports path:cell N:line:col, the notebook linted as one module', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': GUIDELINES, 'notebooks/experiment.ipynb': fixture('experiment.ipynb'), 'a.py': 'x = 1\n' });
    const r = runCli(['audit', ws, '--root', ws]);
    assert.strictEqual(r.code, 1, r.stdout + r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('notebooks/'));
    assert.deepStrictEqual(lines.map((l) => l.split(/\s+/).slice(0, 4).join(' ')), [
      'notebooks/experiment.ipynb:cell 2:3:8 warning unused-import',
      'notebooks/experiment.ipynb:cell 5:4:5 warning torch-for-loop',
      'notebooks/experiment.ipynb:cell 5:11:1 error no-try-except',
    ]);
    assert.match(r.stdout, /3 findings in 2 files/);
  });

  it('JSON rows carry the 1-based cell; SARIF names the notebook, with the cell as a region property', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': GUIDELINES, 'experiment.ipynb': fixture('experiment.ipynb') });
    const rows = JSON.parse(runCli(['audit', ws, '--root', ws, '--format', 'json']).stdout);
    const tryRow = rows.find((x: { rule: string }) => x.rule === 'no-try-except');
    assert.deepStrictEqual([tryRow.file, tryRow.cell, tryRow.line, tryRow.column], ['experiment.ipynb', 5, 11, 1]);
    const sarif = JSON.parse(runCli(['audit', ws, '--root', ws, '--format', 'sarif']).stdout);
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'no-try-except');
    const location = result.locations[0].physicalLocation;
    assert.deepStrictEqual(location.artifactLocation, { uri: 'experiment.ipynb', uriBaseId: '%SRCROOT%' });
    assert.deepStrictEqual(location.region, { startLine: 11, startColumn: 1, endLine: 11, endColumn: 26, properties: { cell: 5 } });
  });

  it('--fix rewrites only the sources of the cells it fixes, the rest of the file byte for byte', () => {
    const original = fixture('experiment.ipynb');
    const ws = tempWorkspace({ 'CLAUDE.md': GUIDELINES, 'experiment.ipynb': original });
    const r = runCli(['audit', ws, '--root', ws, '--fix']);
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    const fixed = fs.readFileSync(path.join(ws, 'experiment.ipynb'), 'utf8');
    const expected = original
      .replace('    "import torch\\n",\n    "import os"\n', '    "import torch\\n"\n')
      .replace('    "try:\\n",\n    "    data = torch.load(\'data.pt\')\\n",\n    "except FileNotFoundError:\\n",\n    "    raise\\n",\n', '    "data = torch.load(\'data.pt\')\\n",\n');
    assert.notStrictEqual(expected, original);
    assert.strictEqual(fixed, expected);
    assert.match(r.stdout, /^experiment\.ipynb:cell 5:4:5 +warning +torch-for-loop/m);
  });

  it('a broken notebook is an error finding in it, and the other files are still audited', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': GUIDELINES, 'broken.ipynb': fixture('broken.ipynb'), 'other.ipynb': fixture('not-a-notebook.ipynb'), 'a.py': 'try:\n    x = 1\nexcept ValueError:\n    raise\n' });
    const r = runCli(['audit', ws, '--root', ws, '--fix']);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.strictEqual(r.stderr, '');
    assert.match(r.stdout, /^broken\.ipynb:3:24 +error +invalid-notebook +Mantra cannot read this notebook: not valid JSON/m);
    assert.match(r.stdout, /^other\.ipynb:1:1 +error +invalid-notebook +Mantra cannot read this notebook: not a Jupyter notebook: no "cells" list$/m);
    assert.strictEqual(fs.readFileSync(path.join(ws, 'broken.ipynb'), 'utf8'), fixture('broken.ipynb'), '--fix leaves it alone');
    assert.strictEqual(fs.readFileSync(path.join(ws, 'a.py'), 'utf8'), 'x = 1\n', 'and fixes the rest');
  });

  it('an exclude glob for notebooks leaves them out', () => {
    const ws = tempWorkspace({ 'CLAUDE.md': `${GUIDELINES}\n\`\`\`mantra\nexclude: ["*.ipynb"]\n\`\`\`\n`, 'experiment.ipynb': fixture('experiment.ipynb') });
    const rows = JSON.parse(runCli(['audit', ws, '--root', ws, '--format', 'json']).stdout);
    assert.deepStrictEqual(rows, []);
  });
});
