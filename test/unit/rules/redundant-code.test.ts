import * as assert from 'assert';
import rule from '../../../src/core/rules/redundant-code';
import { lintWith, ruleTester } from '../ruleTester';

ruleTester(rule, {
  valid: [
    'def f(x):\n    return x > 0\n',
    { name: 'if/elif returning bools, no else', code: 'def f(x):\n    if x:\n        return True\n    elif y:\n        return False\n    log(x)\n' },
    { name: 'if returning True, then more code', code: 'def f(x):\n    if x:\n        return True\n    log(x)\n    return False\n' },
    { name: 'is None and is True', code: 'if x is None or y is not None or z is True:\n    pass\n' },
    { name: 'chained comparison with a literal', code: 'ok = a < b == True\n' },
    { name: 'else after a branch that does not always leave', code: 'def f(x):\n    if x:\n        if y:\n            return 1\n    else:\n        return 2\n' },
    { name: 'else after return in only one of if/elif', code: 'def f(x):\n    if x:\n        return 1\n    elif y:\n        log(y)\n    else:\n        return 2\n' },
    { name: 'return with a value at the end', code: 'def f():\n    x = 1\n    return x\n' },
    { name: 'a function that only returns', code: 'def f():\n    return\n' },
    { name: 'bare return inside a branch', code: 'def f(x):\n    if x:\n        return\n    g(x)\n' },
    { name: 'pass alone in a block', code: 'class E(Exception):\n    pass\n\nfor x in y:\n    pass\n' },
    { name: 'list() of a generator or another call', code: 'a = list(x for x in y)\nb = list(range(3))\nc = list([1, 2])\n' },
    { name: 'lambdas that do more than forward', code: 'a = lambda x: f(x, 1)\nb = lambda x: f(y)\nc = lambda x, y: f(y, x)\nd = lambda x: x.f(x)\ne = lambda x=1: f(x)\ng = lambda x: f(x=x)\nh = lambda x: f(x)(x)\ni = lambda *, k: f(k)\n' },
    { name: 'suppressed', code: 'if x == None:  # mantra: ignore[redundant-code]\n    pass\n' },
  ],
  invalid: [
    {
      name: 'if/else returning True/False on a comparison: bool() (elementwise on tensors)',
      code: 'def positive(x):\n    if x > 0:\n        return True\n    else:\n        return False\n',
      errors: [{ line: 2, column: 5, message: "this if returns True or False: write 'return bool(x > 0)' instead" }],
      output: 'def positive(x):\n    return bool(x > 0)\n',
    },
    {
      name: 'inverse, on an isinstance call: return not c',
      code: 'def f(x):\n    if isinstance(x, int):\n        return False\n    else:\n        return True\n',
      errors: [{ line: 2, message: "this if returns False or True: write 'return not isinstance(x, int)' instead" }],
      output: 'def f(x):\n    return not isinstance(x, int)\n',
    },
    {
      name: 'bool-valued condition: returned as is',
      code: 'def f(k, d):\n    if k in d and d[k] is not None:\n        return True\n    else:\n        return False\n',
      errors: [{ line: 2 }],
      output: 'def f(k, d):\n    return k in d and d[k] is not None\n',
    },
    {
      name: 'inverse of an and: parenthesized',
      code: 'def f(a, b):\n    if a and b:\n        return False\n    else:\n        return True\n',
      errors: [{ line: 2 }],
      output: 'def f(a, b):\n    return not (a and b)\n',
    },
    {
      name: 'inverse of a not: the operand',
      code: 'def f(a):\n    if not a:\n        return False\n    return True\n',
      errors: [{ line: 2, message: "this if returns False or True: write 'return bool(a)' instead" }],
      output: 'def f(a):\n    return bool(a)\n',
    },
    {
      name: 'if returning True then return False, multi-line parenthesized condition',
      code: 'def f(a, b):\n    if (a is None or\n            b is None):\n        return True\n    return False\n',
      errors: [{ line: 2 }],
      output: 'def f(a, b):\n    return (a is None or\n            b is None)\n',
    },
    {
      name: 'if/else returning other values: else after return',
      code: 'def f(x):\n    if x:\n        return 1\n    else:\n        return 0\n',
      errors: [{ line: 4, message: "'else' after 'return' is redundant: dedent its body" }],
      output: 'def f(x):\n    if x:\n        return 1\n    return 0\n',
    },
    {
      name: 'if/elif/else returning bools: only the else is redundant',
      code: 'def f(x):\n    if x:\n        return True\n    elif y:\n        return False\n    else:\n        return False\n',
      errors: [{ line: 6, message: "'else' after 'return' is redundant: dedent its body" }],
      output: 'def f(x):\n    if x:\n        return True\n    elif y:\n        return False\n    return False\n',
    },
    {
      name: 'with a comment inside: flagged, no fix',
      code: 'def f(x):\n    if x:\n        return True  # yes\n    else:\n        return False\n',
      errors: [{ line: 2 }],
      output: null,
    },
    {
      name: '== None and != None',
      code: 'if x == None or None != y.z:\n    pass\n',
      errors: [
        { line: 1, column: 4, message: "'== None' compares by value: write 'x is None' instead" },
        { line: 1, column: 17, message: "'!= None' compares by value: write 'y.z is not None' instead" },
      ],
      output: 'if x is None or y.z is not None:\n    pass\n',
    },
    {
      name: '== True / == False / != True / != False in conditions',
      code: 'if a == True:\n    pass\nwhile b == False:\n    pass\nassert c != True, "msg"\nok = [d for d in e if d != False]\nz = 1 if (f == False) else 2\nw = not g == True\n',
      errors: [
        { line: 1, message: "'== True' is redundant: write 'a' instead" },
        { line: 3, message: "'== False' is redundant: write 'not b' instead" },
        { line: 5, message: "'!= True' is redundant: write 'not c' instead" },
        { line: 6 },
        { line: 7 },
        { line: 8 },
      ],
      output: 'if a:\n    pass\nwhile not b:\n    pass\nassert not c, "msg"\nok = [d for d in e if d]\nz = 1 if (not f) else 2\nw = not g\n',
    },
    {
      name: '== False outside a condition (a tensor mask): flagged, fix not safe',
      code: 'x = y[mask == False]\nflags = v == True\n',
      errors: [
        { line: 1, message: "'== False' is redundant: write 'not mask' instead ('~mask' for a tensor)" },
        { line: 2, message: "'== True' is redundant: write 'v' instead (if it is a bool or a bool tensor)" },
      ],
    },
    {
      name: 'else after return: body dedented',
      code: 'def f(x):\n    if x < 0:\n        return -x\n    else:\n        y = x * 2\n        # keep me\n\n        return y\n',
      errors: [{ line: 4, column: 5, message: "'else' after 'return' is redundant: dedent its body" }],
      output: 'def f(x):\n    if x < 0:\n        return -x\n    y = x * 2\n    # keep me\n\n    return y\n',
    },
    {
      name: 'else after raise, with nested blocks and a multi-line string kept as is',
      code: 'def f(x):\n    if x is None:\n        raise ValueError("x")\n    else:\n        for i in x:\n            s = """\n        keep\n    this"""\n            print(s)\n',
      errors: [{ line: 4, message: "'else' after 'raise' is redundant: dedent its body" }],
      output: 'def f(x):\n    if x is None:\n        raise ValueError("x")\n    for i in x:\n        s = """\n        keep\n    this"""\n        print(s)\n',
    },
    {
      name: 'else after if/elif that all return',
      code: 'def f(x):\n    if x == 1:\n        return "a"\n    elif x == 2:\n        raise KeyError(x)\n    else:\n        return "c"\n',
      errors: [{ line: 6, message: "'else' after 'return'/'raise' is redundant: dedent its body" }],
      output: 'def f(x):\n    if x == 1:\n        return "a"\n    elif x == 2:\n        raise KeyError(x)\n    return "c"\n',
    },
    {
      name: 'else followed by a blank line',
      code: 'def f(x):\n    if x:\n        return 1\n    else:\n\n        def g():\n            return 2\n\n        return g\n',
      errors: [{ line: 4 }],
      output: 'def f(x):\n    if x:\n        return 1\n    def g():\n        return 2\n\n    return g\n',
    },
    {
      name: 'one-line else',
      code: 'def f(x):\n    if x:\n        return 1\n    else: return 2\n',
      errors: [{ line: 4 }],
      output: 'def f(x):\n    if x:\n        return 1\n    return 2\n',
    },
    {
      name: 'else with a comment on its line: flagged, no fix',
      code: 'def f(x):\n    if x:\n        return 1\n    else:  # fallback\n        return 2\n',
      errors: [{ line: 4 }],
      output: null,
    },
    {
      name: 'final bare return',
      code: 'def f(x):\n    """Doc."""\n    g(x)\n    return\n\ndef h():\n    """Only a docstring."""\n    return  # done\n',
      errors: [
        { line: 4, column: 5, message: "a bare 'return' at the end of a function is redundant: remove it" },
        { line: 8, column: 5 },
      ],
      output: 'def f(x):\n    """Doc."""\n    g(x)\n\ndef h():\n    """Only a docstring."""\n    # done\n',
    },
    {
      name: 'pass in a non-empty block, and a repeated pass',
      code: 'class A:\n    """Doc."""\n    pass\n\nfor x in y:\n    pass\n    pass  # twice\nif z:\n    g()\n    pass\n',
      errors: [
        { line: 3, column: 5, message: "'pass' in a block that has other statements is redundant: remove it" },
        { line: 7 },
        { line: 10 },
      ],
      output: 'class A:\n    """Doc."""\n\nfor x in y:\n    pass\n    # twice\nif z:\n    g()\n',
    },
    {
      name: 'pass after other statements on the same line: flagged, no fix',
      code: 'if z:\n    g(); pass\n',
      errors: [{ line: 2, column: 10 }],
      output: null,
    },
    {
      name: 'list([comprehension])',
      code: 'a = list([x * 2 for x in y if x])\nb = list([\n    f(v) for v in w\n])\n',
      errors: [
        { line: 1, column: 5, message: "'list(…)' around a list comprehension is redundant: write the comprehension alone" },
        { line: 2, column: 5 },
      ],
      output: 'a = [x * 2 for x in y if x]\nb = [\n    f(v) for v in w\n]\n',
    },
    {
      name: 'lambda that forwards its arguments: fix offered, not safe',
      code: 'a = sorted(xs, key=lambda x: len(x))\nb = map(lambda *a, **k: self.net.forward(*a, **k), ys)\nc = defaultdict(lambda: list())\n',
      errors: [
        { line: 1, column: 20, message: "'lambda x: len(x)' only forwards its arguments: pass 'len' instead" },
        { line: 2, column: 9, message: /pass 'self\.net\.forward' instead/ },
        { line: 3, column: 17, message: "'lambda: list()' only forwards its arguments: pass 'list' instead" },
      ],
    },
    {
      name: 'fixes of several kinds together',
      code: 'def f(x):\n    if x == None:\n        return 0\n    else:\n        pass\n        return list([i for i in x])\n',
      errors: [{ line: 2 }, { line: 4 }, { line: 5 }, { line: 6 }],
      output: 'def f(x):\n    if x is None:\n        return 0\n    pass\n    return list([i for i in x])\n',
    },
    {
      name: 'CRLF: else dedented with CRLF kept',
      code: 'def f(x):\r\n    if x:\r\n        return 1\r\n    else:\r\n        y = 2\r\n        return y\r\n',
      errors: [{ line: 4 }],
      output: 'def f(x):\r\n    if x:\r\n        return 1\r\n    y = 2\r\n    return y\r\n',
    },
  ],
});

describe('redundant-code fix safety', () => {
  it('the lambda rewrite is offered as an unsafe fix only', () => {
    const [finding] = lintWith(rule, 'a = sorted(xs, key=lambda x: len(x))\n');
    assert.strictEqual(finding.fix?.safe, false);
    assert.deepStrictEqual(finding.fix?.edits, [{ start: 19, end: 35, text: 'len' }]);
  });

  it('== False outside a condition is not a safe fix; inside one it is', () => {
    const [outside] = lintWith(rule, 'x = y[mask == False]\n');
    const [inside] = lintWith(rule, 'if mask == False:\n    pass\n');
    assert.strictEqual(outside.fix?.safe, false);
    assert.strictEqual(inside.fix?.safe, true);
  });
});
