import type { LineRange } from '../../../src/core/diff';
import rule from '../../../src/core/rules/untargeted-edit';
import { ruleTester } from '../ruleTester';

/** A changed run of lines: new lines `start`..`end` (0-based) replaced the old `lines`. */
const hunk = (start: number, end: number, lines: string[]): LineRange => ({ start, end, before: { lines, added: end - start + 1 } });
/** A pure deletion of the old `lines` before new line `at` (0-based). */
const deletion = (at: number, lines: string[]): LineRange => ({ start: Math.max(at - 1, 0), end: at, before: { lines, added: 0 } });

const code = 'import os\n\n\ndef scale(x, factor):\n    return x * factor\n';

ruleTester(rule, {
  valid: [
    { name: 'no diff known: silent', code },
    { name: 'a new file: silent', code, changedLines: 'all' },
    { name: 'ranges without old lines (a diff that does not carry them)', code, changedLines: [{ start: 4, end: 4 }] },
    { name: 'a real edit', code, changedLines: [hunk(4, 4, ['    return x'])] },
    { name: 'a re-indented statement is meaning, not form', code: 'if ok:\n    run()\n', changedLines: [hunk(0, 1, ['run()'])] },
    { name: 'a block moved under a new if: indentation of its statements changed', code: 'if c:\n    x()\n\n    y()\n', changedLines: [hunk(0, 1, ['x()']), hunk(3, 3, ['y()'])] },
    { name: 'spaces inside a string are content', code: 'msg = "a  b"\n', changedLines: [hunk(0, 0, ['msg = "a b"'])] },
    { name: 'a changed string', code: "name = 'b'\n", changedLines: [hunk(0, 0, ['name = "a"'])] },
    { name: 'an added import is not a reorder', code: 'import os\nimport sys\n', changedLines: [hunk(1, 1, [])] },
    { name: 'a replaced import is not a reorder', code: 'import os\nimport sys\n', changedLines: [hunk(1, 1, ['import re'])] },
    { name: 'a range past the end of the text (an editor diff of the saved file, the buffer since cut)', code: 'x = 1\n', changedLines: [hunk(4, 5, ['a  = 1', 'b = 2'])] },
    { name: 'new code with its blank lines', code: 'x = 1\n\n\ndef f():\n    return 2\n', changedLines: [hunk(1, 4, [])] },
  ],
  invalid: [
    {
      name: 'spacing around operators',
      code,
      changedLines: [hunk(4, 4, ['    return x*factor'])],
      errors: [{ line: 5, column: 1, message: 'this hunk changes only whitespace: revert it to keep the change targeted' }],
      output: 'import os\n\n\ndef scale(x, factor):\n    return x*factor\n',
    },
    {
      name: 'trailing whitespace removed',
      code: 'x = 1\ny = 2\n',
      changedLines: [hunk(0, 0, ['x = 1   '])],
      errors: [{ line: 1, message: /changes only whitespace/ }],
      output: 'x = 1   \ny = 2\n',
    },
    {
      name: 'a blank line added',
      code: 'x = 1\n\ny = 2\n',
      changedLines: [hunk(1, 1, [])],
      errors: [{ line: 2, message: 'this hunk only adds a blank line: revert it to keep the change targeted' }],
      output: 'x = 1\ny = 2\n',
    },
    {
      name: 'two blank lines removed',
      code: 'x = 1\ny = 2\n',
      changedLines: [deletion(1, ['', ''])],
      errors: [{ line: 2, message: /only removes 2 blank lines/ }],
      output: 'x = 1\n\n\ny = 2\n',
    },
    {
      name: 'a call wrapped over lines, with a trailing comma',
      code: 'result = compute(\n    alpha,\n    beta,\n)\n',
      changedLines: [hunk(0, 3, ['result = compute(alpha, beta)'])],
      errors: [{ line: 1, endLine: 4, message: 'this hunk only re-wraps lines: revert it to keep the change targeted' }],
      output: 'result = compute(alpha, beta)\n',
    },
    {
      name: 'a backslash continuation joined',
      code: 'total = a + b\n',
      changedLines: [hunk(0, 0, ['total = a + \\', '    b'])],
      errors: [{ line: 1, message: /re-wraps/ }],
      output: 'total = a + \\\n    b\n',
    },
    {
      name: 'quotes swapped',
      code: 'name = "model"\nsize = {"a": 1}\n',
      changedLines: [hunk(0, 1, ["name = 'model'", "size = {'a': 1}"])],
      errors: [{ line: 1, endLine: 2, message: 'this hunk changes only the quotes of strings: revert it to keep the change targeted' }],
      output: "name = 'model'\nsize = {'a': 1}\n",
    },
    {
      name: 'imports reordered in one hunk',
      code: 'import sys\nimport os\n\nx = 1\n',
      changedLines: [hunk(0, 1, ['import os', 'import sys'])],
      errors: [{ line: 1, endLine: 2, message: 'this change only reorders imports: revert it to keep the change targeted' }],
      output: 'import os\nimport sys\n\nx = 1\n',
    },
    {
      name: 'an import moved: a deletion and an addition',
      code: 'import os\nimport re\nimport sys\n',
      changedLines: [deletion(0, ['import sys']), hunk(2, 2, [])],
      errors: [{ line: 1, endLine: 3, message: /only reorders imports/ }],
      output: 'import sys\nimport os\nimport re\n',
    },
    {
      name: 'a reformat next to a real edit: only the reformat',
      code: 'def f(a, b):\n    return a+b\n\n\ndef g(x):\n    return x * 3\n',
      changedLines: [hunk(1, 1, ['    return a + b']), hunk(5, 5, ['    return x * 2'])],
      errors: [{ line: 2, message: /only whitespace/ }],
      output: 'def f(a, b):\n    return a + b\n\n\ndef g(x):\n    return x * 3\n',
    },
    {
      name: 'CRLF text: the revert keeps its line breaks',
      code: 'x = 1\r\ny=2\r\n',
      changedLines: [hunk(1, 1, ['y = 2'])],
      errors: [{ line: 2, message: /only whitespace/ }],
      output: 'x = 1\r\ny = 2\r\n',
    },
  ],
});
