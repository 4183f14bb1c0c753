import rule from '../../../src/core/rules/skipped-test';
import { ruleTester } from '../ruleTester';

const T = 'tests/test_model.py';

ruleTester(rule, {
  valid: [
    { code: 'import pytest\n\n@pytest.mark.parametrize("n", [1, 2])\ndef test_n(n):\n    assert n\n', path: T },
    { name: 'an optional dependency is not a skipped test', code: 'import pytest\n\ntorch = pytest.importorskip("torch")\n', path: T },
    { name: 'fixtures and other marks', code: 'import pytest\n\n@pytest.fixture\ndef model():\n    return 1\n\n@pytest.mark.slow\ndef test_big(model):\n    assert model\n', path: T },
    { name: 'a skip of something else', code: 'lines = reader.skip(3)\nskip = 2\n', path: T },
    { name: 'xfail allowed by option', code: 'import pytest\n\n@pytest.mark.xfail\ndef test_x():\n    assert 0\n', options: { xfail: false }, path: T },
    { name: 'conditional skips allowed by option', code: 'import sys, pytest\n\n@pytest.mark.skipif(sys.platform == "win32", reason="posix")\ndef test_x():\n    assert 1\n', options: { conditional: false }, path: T },
    { name: 'suppressed', code: 'import pytest\n\n@pytest.mark.skip  # mantra: ignore[skipped-test]\ndef test_x():\n    assert 0\n', path: T },
  ],
  invalid: [
    {
      code: 'import pytest\n\n@pytest.mark.skip(reason="flaky")\ndef test_loss_decreases():\n    assert train(steps=10).loss < 1.0\n',
      path: T,
      errors: [{ line: 3, column: 2, message: "'@pytest.mark.skip' switches a test off: make it pass instead of skipping it" }],
      output: null,
    },
    {
      name: 'skipif and xfail, bare and called',
      code: 'import sys\nimport pytest\n\n@pytest.mark.skipif(sys.version_info < (3, 10), reason="old")\n@pytest.mark.xfail\ndef test_x():\n    assert 0\n',
      path: T,
      errors: [
        { line: 4, column: 2, message: /'@pytest\.mark\.skipif' switches a test off/ },
        { line: 5, column: 2, message: "'@pytest.mark.xfail' marks a failing test as expected: fix the code or the test instead" },
      ],
    },
    {
      name: 'unittest decorators and self.skipTest',
      code: 'import unittest\n\nclass T(unittest.TestCase):\n    @unittest.skip("later")\n    def test_a(self):\n        pass\n\n    @unittest.expectedFailure\n    def test_b(self):\n        self.skipTest("no gpu")\n',
      path: T,
      errors: [{ line: 4, column: 6 }, { line: 8, column: 6 }, { line: 10, column: 9, message: "'self.skipTest()' switches a test off: make it pass instead of skipping it" }],
    },
    {
      name: 'through from-imports',
      code: 'from pytest import mark, skip\nfrom unittest import skipIf\n\n@mark.skip\ndef test_a():\n    skip("not now")\n\n@skipIf(True, "x")\ndef test_b():\n    pass\n',
      path: T,
      errors: [{ line: 4, column: 2, message: /'@mark\.skip'/ }, { line: 6, column: 5, message: "'skip()' switches a test off: make it pass instead of skipping it" }, { line: 8, column: 2 }],
    },
    {
      name: 'pytest.skip and pytest.xfail calls, raise SkipTest',
      code: 'import pytest, unittest\n\ndef test_gpu():\n    if not cuda():\n        pytest.skip("no gpu")\n    pytest.xfail("known bug")\n    raise unittest.SkipTest("x")\n',
      path: T,
      errors: [{ line: 5, column: 9 }, { line: 6, column: 5, message: /marks a failing test as expected/ }, { line: 7, column: 11 }],
    },
    {
      name: 'a module-wide pytestmark, alone or in a list',
      code: 'import pytest\n\npytestmark = pytest.mark.skip(reason="wip")\n',
      path: T,
      errors: [{ line: 3, column: 14 }],
    },
    {
      name: 'pytestmark list',
      code: 'import pytest\n\npytestmark = [pytest.mark.slow, pytest.mark.xfail(strict=False)]\n',
      path: T,
      errors: [{ line: 3, column: 33 }],
    },
  ],
});
