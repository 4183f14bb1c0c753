import rule from '../../../src/core/rules/long-function';
import { ruleTester } from '../ruleTester';

/** `n` statement lines at the given indentation. */
const body = (n: number, indent = '    ') => Array.from({ length: n }, (_, i) => `${indent}x${i} = ${i}\n`).join('');

ruleTester(rule, {
  valid: [
    { name: 'exactly 50 lines (def line included)', code: `def f():\n${body(49)}` },
    { name: 'short function', code: 'def f(x):\n    return x + 1\n' },
    { name: 'module-level code is not a function', code: body(80, '') },
    { name: 'class body is not a function', code: `class A:\n${body(80)}` },
    {
      name: 'docstring lines are not counted',
      code: `def f():\n    """Summary.\n\n${'    More text.\n'.repeat(30)}    """\n${body(49)}`,
    },
    { name: 'comment-only lines are not counted', code: `def f():\n${'    # note\n'.repeat(30)}${body(49)}` },
    { name: 'blank lines are not counted', code: `def f():\n${body(25)}\n\n\n${'\n'.repeat(20)}${body(24)}` },
    {
      name: 'docstrings of nested functions are not counted',
      code: `def f():\n    def g():\n        """Doc.\n\n${'        text\n'.repeat(20)}        """\n        return 1\n${body(46)}`,
    },
    { name: 'option maxLines', code: `def f():\n${body(59)}`, options: { maxLines: 60 } },
    { name: 'a trailing comment after the last line is not code', code: `def f():\n${body(49)}# end of f\n` },
    { name: 'suppressed on the def line', code: `def f():  # mantra: ignore[long-function]\n${body(60)}` },
  ],
  invalid: [
    {
      name: '51 lines',
      code: `def f():\n${body(50)}`,
      errors: [{ line: 1, column: 5, message: "function 'f' has 51 lines of code (limit 50): split it into smaller functions" }],
      output: null,
    },
    {
      name: 'range is the name; decorators and async do not move it',
      code: `@torch.no_grad()\nasync def evaluate(model):\n${body(60)}`,
      errors: [{ line: 2, column: 11, endLine: 2, message: /'evaluate' has 61 lines/ }],
    },
    {
      name: 'a multi-line signature counts',
      code: `def f(\n    a,\n    b,\n):\n${body(47)}`,
      errors: [{ line: 1, message: /has 51 lines/ }],
    },
    {
      name: 'method in a class',
      code: `class Net:\n    def forward(self, x):\n${body(55, '        ')}`,
      errors: [{ line: 2, column: 9, message: /'forward' has 56 lines/ }],
    },
    {
      name: 'comments and docstring ignored, code still over the limit',
      code: `def f():\n    """Doc."""\n    # a comment\n\n${body(50)}`,
      errors: [{ line: 1, message: /has 51 lines/ }],
    },
    {
      name: 'nested function lines count for the outer one; a long inner one is flagged too',
      code: `def outer():\n    def inner():\n${body(52, '        ')}    return inner\n`,
      errors: [{ line: 1, message: /'outer' has 55 lines/ }, { line: 2, message: /'inner' has 53 lines/ }],
    },
    {
      name: 'a multi-line string inside the body counts',
      code: `def f():\n    s = """\n${'text\n'.repeat(30)}"""\n${body(20)}`,
      errors: [{ line: 1, message: /has 53 lines/ }],
    },
    {
      name: 'option maxLines from a guideline',
      code: `def f():\n${body(10)}`,
      options: { maxLines: 10 },
      errors: [{ line: 1, message: "function 'f' has 11 lines of code (limit 10): split it into smaller functions" }],
    },
    {
      name: 'code after a comment on the same line counts',
      code: `def f():\n${'    x = 1  # note\n'.repeat(51)}`,
      errors: [{ line: 1, message: /has 52 lines/ }],
    },
    {
      name: 'CRLF line endings',
      code: `def f():\r\n${body(50).replace(/\n/g, '\r\n')}`,
      errors: [{ line: 1, message: /has 51 lines/ }],
    },
    {
      name: 'suppression for another rule does not apply',
      code: `def f():  # mantra: ignore[deep-nesting]\n${body(50)}`,
      errors: [{ line: 1 }],
    },
  ],
});
