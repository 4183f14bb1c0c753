import rule from '../../../src/core/rules/edited-missing-docstring';
import { ruleTester } from '../ruleTester';

const two = 'def load(path):\n    return open(path).read()\n\n\ndef scale(x, factor):\n    return x * factor\n';

ruleTester(rule, {
  valid: [
    { name: 'no diff known: silent', code: two },
    { name: 'an empty diff', code: two, changedLines: [] },
    { name: 'the change touches neither function', code: 'import os\n\n\n' + two, changedLines: [{ start: 0, end: 0 }] },
    { name: 'an edited function with a docstring', code: 'def f(x):\n    """Return x."""\n    return x + 1\n', changedLines: [{ start: 2, end: 2 }] },
    { name: 'an edited private helper by default', code: 'def _helper(x):\n    return x + 1\n', changedLines: 'all' },
    { name: 'an edited class body line outside any method', code: 'class A:\n    x = 2\n\n    def f(self):\n        """F."""\n        return 1\n', changedLines: [{ start: 1, end: 1 }] },
    { name: 'an edited @overload signature', code: 'from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n', changedLines: 'all' },
  ],
  invalid: [
    {
      name: 'only the edited function',
      code: two,
      changedLines: [{ start: 5, end: 5 }],
      errors: [{ line: 5, column: 5, message: "function 'scale' is edited and has no docstring: add one that says what it does" }],
      output: 'def load(path):\n    return open(path).read()\n\n\ndef scale(x, factor):\n    """${1:Summary.}"""\n    return x * factor\n',
    },
    {
      name: 'a new file: every function',
      code: two,
      changedLines: 'all',
      errors: [{ line: 1, message: /'load'/ }, { line: 5, message: /'scale'/ }],
    },
    {
      name: 'an edited signature',
      code: two,
      changedLines: [{ start: 4, end: 4 }],
      errors: [{ line: 5, message: /'scale'/ }],
    },
    {
      name: 'a method of a class, Google style',
      code: 'class Net:\n    """A net."""\n\n    def forward(self, x):\n        return x * 2\n',
      options: { style: 'google' },
      changedLines: [{ start: 4, end: 4 }],
      errors: [{ line: 4, column: 9, message: "method 'forward' is edited and has no docstring: add one that says what it does" }],
      output: 'class Net:\n    """A net."""\n\n    def forward(self, x):\n        """${1:Summary.}\n\n        Args:\n            x: ${2:Description.}\n\n        Returns:\n            ${3:Description.}\n        """\n        return x * 2\n',
    },
    {
      name: 'a deletion inside a function touches it',
      code: two,
      changedLines: [{ start: 1, end: 2 }],
      errors: [{ line: 1, message: /'load'/ }],
    },
  ],
});
