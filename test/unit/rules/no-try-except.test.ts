import rule from '../../../src/core/rules/no-try-except';
import { ruleTester } from '../ruleTester';

ruleTester(rule, {
  valid: [
    'x = load(path)\n',
    'try:\n    run()\nfinally:\n    close()\n',
    'with open(p) as f:\n    data = f.read()\n',
    { name: 'suppressed on the line', code: 'try:\n    run()\nexcept KeyError:  # mantra: ignore[no-try-except]\n    raise\n' },
    { name: 'suppressed by the line above', code: 'try:\n    run()\n# mantra: ignore[no-try-except]\nexcept KeyError:\n    raise\n' },
    { name: 'suppressed file-wide', code: '# mantra: ignore-file[no-try-except]\ntry:\n    run()\nexcept KeyError:\n    raise\n' },
    { name: 'bare noqa', code: 'try:\n    run()\nexcept KeyError:  # noqa\n    raise\n' },
  ],
  invalid: [
    {
      code: 'try:\n    x = load(path)\nexcept OSError:\n    x = None\nprint(x)\n',
      errors: [{ line: 3, column: 1, message: /try\/except hides/ }],
      output: 'x = load(path)\nprint(x)\n',
    },
    {
      name: 'nested body, two handlers, else',
      code: 'def f():\n    try:\n        a = 1\n        if a:\n            b = 2\n    except KeyError:\n        pass\n    except (OSError, ValueError) as e:\n        log(e)\n    else:\n        c = 3\n    return a\n',
      errors: [{ line: 6, column: 5 }, { line: 8, column: 5 }],
      output: 'def f():\n    a = 1\n    if a:\n        b = 2\n    c = 3\n    return a\n',
    },
    {
      name: 'finally is kept as try/finally',
      code: 'try:\n    run()\nexcept Exception:\n    pass\nfinally:\n    close()\n',
      errors: [{ line: 3 }],
      output: 'try:\n    run()\nfinally:\n    close()\n',
    },
    {
      name: 'multi-line strings keep their content',
      code: 'if x:\n    try:\n        s = """\n    a\n        b"""\n    except ValueError:\n        raise\n',
      errors: [{ line: 6 }],
      output: 'if x:\n    s = """\n    a\n        b"""\n',
    },
    {
      name: 'a noqa with codes does not suppress',
      code: 'try:\n    run()\nexcept KeyError:  # noqa: E722\n    raise\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'a suppression for another rule does not apply',
      code: 'try:\n    run()\nexcept KeyError:  # mantra: ignore[missing-docstring]\n    raise\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'findings inside a syntax error are dropped, others kept',
      code: 'try:\n    run()\nexcept KeyError:\n    raise\ndef broken(:\n    pass\n',
      errors: [{ line: 3 }],
    },
  ],
});
