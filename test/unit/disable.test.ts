import * as assert from 'assert';
import { disableForFile, disableForLine } from '../../src/core/disable';
import { applyEdits } from '../../src/core/fix';

const onLine = (text: string, line: number, id: string) => {
  const e = disableForLine(text, line, id);
  return e && applyEdits(text, [e]);
};
const inFile = (text: string, id: string) => {
  const e = disableForFile(text, id);
  return e && applyEdits(text, [e]);
};

describe('disable edits', () => {
  it('appends a line directive, replacing trailing blanks', () => {
    assert.strictEqual(onLine('try:\n    f()\nexcept OSError:   \n    pass\n', 2, 'no-try-except'), 'try:\n    f()\nexcept OSError:  # mantra: ignore[no-try-except]\n    pass\n');
  });
  it('adds the id to a directive already on the line, once', () => {
    assert.strictEqual(onLine('x = d.get(k, 0)  # mantra: ignore[a]\n', 0, 'b'), 'x = d.get(k, 0)  # mantra: ignore[a, b]\n');
    assert.strictEqual(onLine('x = 1  # mantra: ignore[]\n', 0, 'b'), 'x = 1  # mantra: ignore[b]\n');
    assert.strictEqual(disableForLine('x = 1  # mantra: ignore[b]\n', 0, 'b'), undefined);
  });
  it('keeps CRLF and puts the directive above a continued line', () => {
    assert.strictEqual(onLine('if a:\r\n    x = 1 + \\\r\n        2\r\n', 1, 'r'), 'if a:\r\n    # mantra: ignore[r]\r\n    x = 1 + \\\r\n        2\r\n');
    assert.strictEqual(onLine('x = 1\r\ny = 2\r\n', 0, 'r'), 'x = 1  # mantra: ignore[r]\r\ny = 2\r\n');
  });
  it('inserts a file directive after the shebang and the encoding line', () => {
    assert.strictEqual(inFile('import os\n', 'r'), '# mantra: ignore-file[r]\nimport os\n');
    assert.strictEqual(inFile('#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport os\n', 'r'), '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# mantra: ignore-file[r]\nimport os\n');
    assert.strictEqual(inFile('#!/usr/bin/env python', 'r'), '#!/usr/bin/env python\n# mantra: ignore-file[r]\n');
  });
  it('adds the id to a file directive among the leading comments', () => {
    assert.strictEqual(inFile('# header\n# mantra: ignore-file[a]\nimport os\n', 'b'), '# header\n# mantra: ignore-file[a, b]\nimport os\n');
    assert.strictEqual(disableForFile('# mantra: ignore-file[a]\n', 'a'), undefined);
  });
});
