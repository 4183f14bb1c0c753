import rule from '../../../src/core/rules/deep-nesting';
import { ruleTester } from '../ruleTester';

/** Nested headers, one per level, then `leaf` at the innermost level, inside `def f():`. */
function nest(headers: string[], leaf = 'use(x)'): string {
  let out = 'def f(x):\n';
  headers.forEach((h, i) => (out += `${'    '.repeat(i + 1)}${h}\n`));
  return out + `${'    '.repeat(headers.length + 1)}${leaf}\n`;
}

const FOUR = ['for a in xs:', 'if a:', 'while b:', 'with c:'];
const MSG5 = "'if' is nested 5 levels deep, over the limit of 4: return early, or move the inner block into a function";

ruleTester(rule, {
  valid: [
    { name: 'four levels is the limit', code: nest(FOUR) },
    { name: 'flat code', code: 'def f(x):\n    if not x:\n        return\n    use(x)\n' },
    {
      name: 'elif / else / except / finally do not add a level',
      code: [
        'def f(x):',
        '    for a in xs:',
        '        if a:',
        '            try:',
        '                if b:',
        '                    use(x)',
        '                elif c:',
        '                    use(x)',
        '                else:',
        '                    use(x)',
        '            except KeyError:',
        '                pass',
        '            finally:',
        '                close()',
        '',
      ].join('\n'),
    },
    {
      name: 'a nested def starts counting again',
      code: nest(FOUR, 'def g():\n' + [
        '                        for y in ys:', '                            if y:', '                                while z:', '                                    with w:', '                                        use(y)',
      ].join('\n') + '\n'),
    },
    {
      name: 'a class body starts counting again',
      code: 'for a in xs:\n    if a:\n        while b:\n            class C:\n                if d:\n                    with e:\n                        use(a)\n',
    },
    { name: 'comprehensions and lambdas are not blocks', code: nest(FOUR, 'ys = [y for y in x if y if not y]') },
    {
      name: 'match and case count as one level',
      code: 'def f(x):\n    for a in xs:\n        if a:\n            match a:\n                case 1:\n                    with c:\n                        use(x)\n',
    },
    { name: 'option maxDepth', code: nest([...FOUR, 'if d:', 'if e:']), options: { maxDepth: 6 } },
    { name: 'suppressed on the too-deep line', code: nest([...FOUR, 'if d:  # mantra: ignore[deep-nesting]']) },
  ],
  invalid: [
    {
      name: 'five levels',
      code: nest([...FOUR, 'if d:']),
      errors: [{ line: 6, column: 21, endLine: 6, message: MSG5 }],
      output: null,
    },
    {
      name: 'one finding for a whole too-deep block, naming the deepest level',
      code: nest([...FOUR, 'if d:', 'for e in es:', 'if e:']),
      errors: [{ line: 6, column: 21, message: "'if' is nested 5 levels deep (7 inside it), over the limit of 4: return early, or move the inner block into a function" }],
    },
    {
      name: 'two too-deep siblings under one block: one finding, on the first',
      code: nest(FOUR, 'if d:\n                        use(x)\n                    if e:\n                        use(x)'),
      errors: [{ line: 6, column: 21 }],
    },
    {
      name: 'two separate blocks at the limit: two findings',
      code: nest(['for a in xs:', 'if a:', 'while b:'], [
        'with c:', '                    if d:', '                        use(x)',
        '                with e:', '                    for g in h:', '                        use(x)',
      ].join('\n')),
      errors: [{ line: 6, column: 21, message: /'if' is nested 5/ }, { line: 9, column: 21, message: /'for' is nested 5/ }],
    },
    {
      name: 'a statement in an else branch counts from its if',
      code: nest(['for a in xs:', 'if a:', 'while b:'], 'pass\n            else:\n                with c:\n                    try:\n                        use(x)\n                    except OSError:\n                        raise'),
      errors: [{ line: 8, column: 21, message: /'try' is nested 5/ }],
    },
    {
      name: 'async for / async with: range covers async and the keyword',
      code: 'async def f(xs):\n    for a in xs:\n        if a:\n            while b:\n                with c:\n                    async for y in a:\n                        use(y)\n',
      errors: [{ line: 6, column: 21, message: /'async for' is nested 5/ }],
    },
    {
      name: 'module-level script code counts too',
      code: "if __name__ == '__main__':\n    for a in xs:\n        if a:\n            with b:\n                while c:\n                    use(a)\n",
      errors: [{ line: 5, column: 17, message: /'while' is nested 5/ }],
    },
    {
      name: 'methods count from the method',
      code: 'class Net:\n    def forward(self, xs):\n        for a in xs:\n            if a:\n                while b:\n                    with c:\n                        if d:\n                            use(a)\n',
      errors: [{ line: 7, column: 25 }],
    },
    {
      name: 'option maxDepth 2',
      code: nest(['for a in xs:', 'if a:', 'if b:']),
      options: { maxDepth: 2 },
      errors: [{ line: 4, column: 13, message: "'if' is nested 3 levels deep, over the limit of 2: return early, or move the inner block into a function" }],
    },
    {
      name: 'match/case inside the limit, the case body goes too deep',
      code: 'def f(x):\n    for a in xs:\n        if a:\n            while b:\n                match a:\n                    case 1:\n                        if c:\n                            use(x)\n',
      errors: [{ line: 7, column: 25, message: /'if' is nested 5/ }],
    },
    {
      name: 'a nested def still counts its own levels',
      code: 'def f():\n    def g():\n        for a in xs:\n            if a:\n                while b:\n                    with c:\n                        if d:\n                            use(a)\n',
      errors: [{ line: 7, column: 25 }],
    },
  ],
});
