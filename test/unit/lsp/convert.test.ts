import * as assert from 'assert';
import { minimalEdit } from '../../../src/core/fix';
import { rangesTouch, snippetToText } from '../../../src/lsp/convert';

const at = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

describe('lsp: convert', () => {
  it('a snippet as plain text: placeholder defaults kept, tab stops dropped, escapes undone', () => {
    assert.strictEqual(snippetToText('"""${1:Summary.}"""'), '"""Summary."""');
    assert.strictEqual(snippetToText('assert x.shape == (${1:batch}, ${2:dims})$0'), 'assert x.shape == (batch, dims)');
    assert.strictEqual(snippetToText('cost = \\$5 \\} \\\\ ${3}'), 'cost = $5 } \\ ');
    assert.strictEqual(snippetToText('${1:outer ${2:inner}} }'), 'outer inner }');
    assert.strictEqual(snippetToText('a $ sign and $x'), 'a $ sign and $x');
  });

  it('ranges touch when they share a point, a cursor at either end included', () => {
    assert.ok(rangesTouch(at(0, 7, 0, 9), at(0, 9, 0, 9)));
    assert.ok(rangesTouch(at(0, 7, 0, 9), at(0, 7, 0, 7)));
    assert.ok(rangesTouch(at(1, 0, 3, 0), at(2, 5, 2, 6)));
    assert.ok(!rangesTouch(at(0, 7, 0, 9), at(0, 10, 0, 12)));
    assert.ok(!rangesTouch(at(2, 0, 2, 4), at(0, 0, 1, 80)));
  });

  it('the minimal edit keeps the common prefix and suffix', () => {
    assert.deepStrictEqual(minimalEdit('import os\nimport sys\n', 'import sys\n'), { start: 7, end: 17, text: '' });
    assert.strictEqual(minimalEdit('same', 'same'), undefined);
  });
});
