import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ActiveRule } from '../../src/core/engine';
import type { Finding } from '../../src/core/finding';
import { fixNotebook, lintNotebook, pythonCells, readNotebook, sourceLines, writeNotebook, type Notebook } from '../../src/core/notebook';
import { lintCells, NotebookModule, type CellRelated } from '../../src/core/notebookModule';
import { parsePython } from '../../src/core/parse/python';
import { RULES, ruleById } from '../../src/core/rules';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'notebooks');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const ALL: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: rule.options.parse({}), source: null }));
const only = (...ids: string[]): ActiveRule[] => ids.map((id) => ({ rule: ruleById(id)!, severity: 'error', options: ruleById(id)!.options.parse({}), source: null }));
const notebookOf = (text: string): Notebook => {
  const read = readNotebook(text);
  if ('error' in read) throw new Error(read.error.message);
  return read.notebook;
};
/** `cell:line:col rule` rows (all 1-based) of a notebook's findings, in their cells. */
const rows = (json: string, rules: ActiveRule[]) => {
  const r = lintNotebook(json, 'experiment.ipynb', rules);
  return r.findings.map((f) => r.toCell(f)).map((f) => `${f.cell! + 1}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`);
};
/** A notebook's JSON the way Jupyter writes it: sorted keys, one-space indent, sources as lists of lines. */
const jupyter = (cells: Array<string | { md: string }>) =>
  JSON.stringify(
    {
      cells: cells.map((c) =>
        typeof c === 'string'
          ? { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: sourceLines(c) }
          : { cell_type: 'markdown', metadata: {}, source: sourceLines(c.md) },
      ),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  ) + '\n';

describe('notebooks: reading', () => {
  it('code cells with their notebook index, sources given as lists or as strings', () => {
    const nb = notebookOf(fixture('experiment.ipynb'));
    assert.deepStrictEqual(pythonCells(nb).map((c) => c.cell), [1, 2, 3, 4]);
    assert.strictEqual(pythonCells(nb)[0].text, '%matplotlib inline\nimport torch\nimport os');
    assert.deepStrictEqual(pythonCells(notebookOf(fixture('string-sources.ipynb'))), [
      { cell: 0, text: 'import torch\nimport os\n# café\n' },
      { cell: 1, text: 'x = torch.ones(2)\n' },
    ]);
  });

  it('no Python cells in a notebook of another kernel, nor cells VS Code marked as another language', () => {
    assert.deepStrictEqual(pythonCells(notebookOf(fixture('r-kernel.ipynb'))), []);
    const nb = notebookOf(jupyter(['x = 1\n', 'SELECT 1\n']));
    nb.cells[1].language = 'sql';
    assert.deepStrictEqual(pythonCells(nb).map((c) => c.cell), [0]);
  });

  it('invalid JSON and JSON that is no notebook are one invalid-notebook error, where JSON.parse says', () => {
    const broken = lintNotebook(fixture('broken.ipynb'), 'broken.ipynb', ALL);
    assert.deepStrictEqual(broken.findings.map((f) => [f.ruleId, f.severity, f.range.start.line, f.cell]), [['invalid-notebook', 'error', 2, undefined]]);
    assert.match(broken.findings[0].message, /^Mantra cannot read this notebook: not valid JSON/);
    const other = lintNotebook(fixture('not-a-notebook.ipynb'), 'x.ipynb', ALL);
    assert.strictEqual(other.findings[0].message, 'Mantra cannot read this notebook: not a Jupyter notebook: no "cells" list');
    const v3 = readNotebook('{"worksheets": [], "nbformat": 3}');
    assert.ok('error' in v3 && /nbformat 3/.test(v3.error.message));
    const badSource = readNotebook('{"cells": [{"cell_type": "code", "source": 3}]}');
    assert.ok('error' in badSource && /cell 1: "source" must be a string or a list of strings/.test(badSource.error.message));
    assert.deepStrictEqual(fixNotebook(fixture('broken.ipynb'), 'broken.ipynb', ALL), { text: fixture('broken.ipynb'), applied: 0 });
  });
});

describe('notebooks: one module, magics masked', () => {
  it('magics, shell escapes, help lines and %% cells give no parse error and no finding', () => {
    const { module } = lintCells(pythonCells(notebookOf(fixture('experiment.ipynb'))), 'e.ipynb', ALL);
    const tree = parsePython(module.text);
    assert.strictEqual(tree.rootNode.hasError, false, module.text);
    tree.delete();
    assert.deepStrictEqual(rows(fixture('experiment.ipynb'), ALL), [
      '2:3:8 unused-import',
      '5:1:5 tensor-shape-assert',
      '5:4:5 torch-for-loop',
      '5:11:1 no-try-except',
    ]);
  });

  it('masks the IPython forms, and leaves Python that looks like them alone', () => {
    const cells = [
      { cell: 0, text: '%load_ext autoreload\n%autoreload 2\n!ls \\\n  -la\nfiles = !ls\nt = %timeit -o f()\nobj?\n??obj\nfor i in range(2):\n    !echo {i}\n' },
      { cell: 1, text: 'x = (1\n     % 2)\ns = """\n!not a shell\n"""\ny = x % 2  # what?\n' },
    ];
    const module = new NotebookModule(cells);
    const lines = module.text.split('\n');
    assert.deepStrictEqual(lines.slice(0, 10).map((l) => l.trim()), ['0', '0', '0', '', '0', '0', '0', '0', 'for i in range(2):', '0']);
    assert.strictEqual(lines[9], '    0' + ' '.repeat('!echo {i}'.length - 1), 'indented like the magic, same length');
    assert.deepStrictEqual(lines.slice(10, 16), cells[1].text.split('\n').slice(0, 6));
    assert.strictEqual(module.text.length, cells[0].text.length + cells[1].text.length);
    const tree = parsePython(module.text);
    assert.strictEqual(tree.rootNode.hasError, false);
    tree.delete();
  });

  it('the import in one cell makes a later cell torch code; a duplicate across cells is a duplicate, named by cell', () => {
    const body = 'def {n}(rows):\n    """Scale."""\n    total = 0\n    for r in rows:\n        total += r * 2\n        total -= 1\n    return total\n';
    const json = jupyter([body.replace('{n}', 'first'), { md: 'Notes' }, '%time first([1])\n' + body.replace('{n}', 'second')]);
    const r = lintNotebook(json, 'n.ipynb', only('duplicate-code'));
    const dup = r.findings.map((f) => r.toCell(f));
    assert.strictEqual(dup.length, 1);
    assert.strictEqual(dup[0].cell, 2);
    assert.strictEqual(dup[0].range.start.line, 1);
    assert.match(dup[0].message, /^cell 3 lines 2-8 duplicate cell 1 lines 1-7/);
    assert.deepStrictEqual(dup[0].related?.map((x) => [(x as CellRelated).cell, x.range.start.line]), [[0, 0]]);
  });
});

describe('notebooks: the map from the module to the cells', () => {
  const module = new NotebookModule([
    { cell: 1, text: 'a = 1\n!ls\nb = 2' },
    { cell: 3, text: 'c = 3\n' },
  ]);
  const at = (l1: number, c1: number, l2: number, c2: number): Finding => ({
    ruleId: 'x',
    severity: 'error',
    range: { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } },
    message: 'm',
    guideline: null,
  });

  it('a finding maps to its cell; one that straddles cells or lands in masked text is dropped', () => {
    assert.strictEqual(module.text, 'a = 1\n0  \nb = 2\nc = 3\n');
    assert.deepStrictEqual(module.toCell(at(3, 0, 3, 5)), { ...at(0, 0, 0, 5), cell: 3 });
    assert.deepStrictEqual(module.toCell(at(2, 0, 3, 0))?.range, at(2, 0, 2, 5).range, 'the end past the added newline is the cell end');
    assert.strictEqual(module.toCell(at(2, 0, 3, 1)), undefined);
    assert.strictEqual(module.toCell(at(1, 0, 1, 3)), undefined);
    assert.strictEqual(module.toCell(at(0, 0, 1, 2)), undefined);
    assert.ok(module.toCell(at(0, 0, 1, 0)), 'ending where a masked line starts touches none of it');
  });

  it('edits map to cell offsets; an edit across cells or into masked text does not map', () => {
    assert.deepStrictEqual(module.toCellEdits([{ start: 16, end: 16, text: '# c\n' }]), [{ cell: 3, start: 0, end: 0, text: '# c\n' }]);
    assert.deepStrictEqual(module.toCellEdits([{ start: 10, end: 16, text: '' }]), [{ cell: 1, start: 10, end: 15, text: '' }], 'the added newline clamps to the cell end');
    assert.strictEqual(module.toCellEdits([{ start: 10, end: 18, text: '' }]), undefined);
    assert.strictEqual(module.toCellEdits([{ start: 7, end: 7, text: 'x' }]), undefined);
    assert.strictEqual(module.toCellEdits([{ start: 0, end: 8, text: '' }]), undefined);
    assert.deepStrictEqual(module.toCellEdits([{ start: 0, end: 6, text: '' }]), [{ cell: 1, start: 0, end: 6, text: '' }]);
    const timed = new NotebookModule([{ cell: 0, text: '%%time\nx = 1\n' }]);
    assert.strictEqual(timed.toCellEdits([{ start: 7, end: 7, text: 'y' }]), undefined, 'a %% cell is not edited');
  });
});

describe('notebooks: writing back', () => {
  it('without changes, or with the same sources, the text is the original', () => {
    for (const name of ['experiment.ipynb', 'string-sources.ipynb']) {
      const text = fixture(name);
      const same = new Map(notebookOf(text).cells.map((c, i) => [i, c.source]));
      assert.strictEqual(writeNotebook(text, same), text);
    }
  });

  it('rewrites only the source of the changed cell, in the file’s own layout', () => {
    const text = fixture('experiment.ipynb');
    const out = writeNotebook(text, new Map([[1, 'import torch\nimport numpy as np\n']]));
    assert.strictEqual(out, text.replace('    "%matplotlib inline\\n",\n    "import torch\\n",\n    "import os"\n', '    "import torch\\n",\n    "import numpy as np\\n"\n'));
    const emptied = writeNotebook(text, new Map([[1, '']]));
    assert.ok(emptied.includes('   "source": []\n'), 'an empty source is []');
    const refilled = writeNotebook(emptied, new Map([[1, 'x = 1\ny = 2']]));
    assert.ok(refilled.includes('   "source": [\n    "x = 1\\n",\n    "y = 2"\n   ]\n'), refilled);
  });

  it('a string source stays a string; a file that escapes non-ASCII keeps escaping it; no final newline stays none', () => {
    const text = fixture('string-sources.ipynb');
    const out = writeNotebook(text, new Map([[0, 'import torch\n# café ☕\n']]));
    assert.strictEqual(out, text.replace('"import torch\\nimport os\\n# caf\\u00e9\\n"', '"import torch\\n# caf\\u00e9 \\u2615\\n"'));
    assert.ok(!out.endsWith('\n'));
  });

  it('--fix semantics: safe fixes rewrite the cells’ sources, outputs and metadata untouched, %% cells left alone', () => {
    const text = fixture('experiment.ipynb');
    const fixed = fixNotebook(text, 'experiment.ipynb', only('no-try-except', 'unused-import'));
    assert.strictEqual(fixed.applied, 2);
    const before = JSON.parse(text);
    const after = JSON.parse(fixed.text);
    assert.deepStrictEqual(after.cells[1].source, ['%matplotlib inline\n', 'import torch\n']);
    assert.deepStrictEqual(after.cells[4].source.slice(8), ["data = torch.load('data.pt')\n", 'norms(data)']);
    before.cells[1].source = after.cells[1].source;
    before.cells[4].source = after.cells[4].source;
    assert.deepStrictEqual(after, before, 'nothing but the two sources changed');
    assert.deepStrictEqual(rows(fixed.text, only('no-try-except', 'unused-import')), []);
    const unchanged = fixNotebook(fixed.text, 'experiment.ipynb', only('no-try-except', 'unused-import'));
    assert.deepStrictEqual(unchanged, { text: fixed.text, applied: 0 });
  });
});
