import rule from '../../../src/core/rules/missing-type-hints';
import { ruleTester } from '../ruleTester';

ruleTester(rule, {
  valid: [
    'def scale(x: float, factor: float) -> float:\n    return x * factor\n',
    { name: 'methods: self and cls need no hint', code: 'class A:\n    def f(self, x: int) -> int:\n        return x\n\n    @classmethod\n    def make(cls) -> "A":\n        return cls()\n' },
    { name: '__init__ needs no return type', code: 'class A:\n    def __init__(self, n: int):\n        self.n = n\n' },
    { name: 'keyword-only and positional-only separators', code: 'def f(a: int, /, b: int, *, c: int = 1) -> None:\n    pass\n' },
    { name: 'annotated splats', code: 'def f(*args: int, **kwargs: str) -> None:\n    pass\n' },
    'square = lambda x: x * x\n',
    { name: 'publicOnly skips private names', code: 'def _helper(x):\n    return x\n', options: { publicOnly: true } },
    { name: 'publicOnly skips nested functions', code: 'def outer(x: int) -> int:\n    def inner(y):\n        return y\n    return inner(x)\n', options: { publicOnly: true } },
    { name: 'publicOnly skips members of private classes', code: 'class _Impl:\n    def run(self, x):\n        return x\n', options: { publicOnly: true } },
    { name: 'returns: false asks for parameters only', code: 'def f(x: int):\n    return x\n', options: { returns: false } },
    { name: 'skipTests skips test files', code: 'def test_loss(model):\n    assert model\n', options: { skipTests: true }, path: 'tests/test_model.py' },
    { name: 'skipTests skips test_*.py anywhere', code: 'def test_loss(model):\n    assert model\n', options: { skipTests: true }, path: 'pkg/test_model.py' },
    { name: 'property setter needs no return type', code: 'class A:\n    @x.setter\n    def x(self, v: int):\n        self._x = v\n' },
    { name: 'suppressed', code: 'def f(x):  # mantra: ignore[missing-type-hints]\n    return x\n' },
  ],
  invalid: [
    {
      code: 'def scale(x, factor):\n    return x * factor\n',
      errors: [{ line: 1, column: 5, message: "'scale' has no type hints for parameters x and factor or its return value: annotate them" }],
      output: null,
    },
    {
      name: 'only the return type',
      code: 'def scale(x: float) :\n    return x\n',
      errors: [{ line: 1, column: 5, message: "'scale' has no type hints for its return value: annotate it" }],
    },
    {
      name: 'only one parameter',
      code: 'def scale(x: float, factor) -> float:\n    return x * factor\n',
      errors: [{ line: 1, message: "'scale' has no type hints for parameter factor: annotate it" }],
    },
    {
      name: 'splats and defaults',
      code: 'def f(a, b=1, *args, c: int = 2, **kwargs) -> None:\n    pass\n',
      errors: [{ line: 1, message: /parameters a, b, \*args and \*\*kwargs:/ }],
    },
    {
      name: 'a method: self is skipped, the rest is not',
      code: 'class Net:\n    def forward(self, x):\n        return x\n',
      errors: [{ line: 2, column: 9, message: "'forward' has no type hints for parameter x or its return value: annotate them" }],
    },
    {
      name: 'skipSelfCls: false asks for self too',
      code: 'class Net:\n    def forward(self, x: int) -> int:\n        return x\n',
      options: { skipSelfCls: false },
      errors: [{ line: 2, message: /parameter self:/ }],
    },
    {
      name: 'a static method has no self to skip',
      code: 'class A:\n    @staticmethod\n    def f(x) -> int:\n        return x\n',
      errors: [{ line: 3, message: /parameter x:/ }],
    },
    {
      name: 'async functions and nested functions',
      code: 'async def fetch(url):\n    def parse(body):\n        return body\n    return parse(url)\n',
      errors: [{ line: 1, message: /'fetch'/ }, { line: 2, message: /'parse'/ }],
    },
    {
      name: 'test files without skipTests',
      code: 'def test_loss(model):\n    assert model\n',
      path: 'tests/test_model.py',
      errors: [{ line: 1 }],
    },
    {
      name: 'publicOnly still flags public functions and dunders',
      code: 'def train(cfg):\n    pass\n\nclass A:\n    def __call__(self, x):\n        return x\n',
      options: { publicOnly: true },
      errors: [{ line: 1 }, { line: 5, message: /'__call__'/ }],
    },
  ],
});
