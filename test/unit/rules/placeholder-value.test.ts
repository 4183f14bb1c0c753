import rule from '../../../src/core/rules/placeholder-value';
import { ruleTester } from '../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a TODO comment beside computed code', code: 'n = len(ids)  # TODO: cache this\n' },
    { name: 'a TODO comment on its own line', code: '# TODO: tune\nlr = 3e-4\n' },
    { name: 'a constant with an ordinary comment', code: 'eps = 1e-8  # avoids division by zero\n' },
    { name: 'a real body', code: 'def f(x):\n    """Doubles x."""\n    return 2 * x\n' },
    { name: 'raise NotImplementedError fails fast', code: 'class Base:\n    def forward(self, x):\n        raise NotImplementedError\n' },
    { name: 'abstractmethod', code: 'from abc import ABC, abstractmethod\nclass Base(ABC):\n    @abstractmethod\n    def step(self):\n        """One step."""\n    @abc.abstractmethod\n    def reset(self):\n        pass\n' },
    { name: 'overload', code: 'from typing import overload\n@overload\ndef f(x: int) -> int: ...\n@typing.overload\ndef f(x: str) -> str: ...\ndef f(x):\n    return x\n' },
    { name: 'overload with a trailing comment, and torch.jit _overload', code: '@overload  # noqa: F811\ndef f(x: int) -> int:\n    pass\n@_overload\ndef g(x):\n    pass\nclass M:\n    @torch._jit_internal._overload_method  # noqa: F811\n    def forward(self, x):\n        pass\n' },
    { name: 'an empty __init__ and a do-nothing context manager', code: 'class NullContext:\n    def __init__(self):\n        pass\n    def __enter__(self):\n        pass\n    def __exit__(self, *args):\n        pass\n' },
    { name: 'strings that name a kind or a key, not data', code: 'n.op = "Placeholder"\nspec = {"name": "dummy", "type": "placeholder"}\nFK = "fake_result"\nnode_type = "placeholder"\n' },
    { name: 'Protocol methods', code: 'class Loader(Protocol):\n    def load(self, path: str) -> bytes: ...\nclass Gen(typing.Protocol[T]):\n    def __call__(self) -> T:\n        """Makes one."""\n' },
    { name: 'a .pyi file', code: 'def f(x: int) -> int: ...\nAPI_KEY: str = "TODO"\n', path: 'pkg/stubs.pyi' },
    { name: 'empty exception classes', code: 'class ShapeError(Exception):\n    pass\nclass Config:\n    ...\n' },
    { name: 'an explicit no-op', code: 'def _noop(*args, **kwargs):\n    pass\n' },
    { name: 'comments are not values', code: 'x = torch.zeros(3)  # placeholder\n# TODO: real data\ny = compute()  # FIXME\n' },
    { name: 'docstrings and messages that mention placeholders', code: 'def f(x):\n    """TODO: speed this up."""\n    return x\nmsg = "placeholder nodes must come first in the graph"\n' },
    { name: 'comparisons with a marker are not values', code: 'if node.op == "placeholder":\n    n += 1\nif name in ("dummy", "fake"):\n    skip()\n' },
    { name: 'dummy input passed positionally for tracing', code: 'dummy_input = torch.randn(1, 3, 224, 224)\ntorch.onnx.export(model, dummy_input, "m.onnx")\ntraced = torch.jit.trace(model, example_inputs=dummy_input)\n' },
    { name: 'passing a stand-in along to a field of the same name', code: 'class T:\n    def __init__(self, placeholder_token):\n        self.placeholder_token = placeholder_token\n' },
    { name: 'a builder named dummy may return one', code: 'def make_dummy_batch(n):\n    dummy = torch.zeros(n, 3)\n    return dummy\n' },
    { name: 'keyword arguments with technical words', code: 'gm = make_fx(f, tracing_mode="fake")\nnode = g.create_node(op="placeholder", target="x")\n' },
    { name: 'words inside longer names', code: 'x = fakeroot\ny = dummyfication\nreturn_code = unfaked\n' },
    { name: 'tests may use fakes and stub helpers', code: 'class FakeModel:\n    def forward(self, x):\n        pass\n\ndef make():\n    return dummy_model\n\nAPI_KEY = "placeholder"\n', path: 'tests/test_train.py' },
    { name: 'a *_test.py file', code: 'x = "dummy"\n', path: 'pkg/model_test.py' },
    { name: 'suppressed', code: 'def f():  # mantra: ignore[placeholder-value]\n    pass\n' },
  ],
  invalid: [
    {
      name: 'a constant marked TODO by its trailing comment',
      code: 'def stats(text):\n    """Stats."""\n    vocab_size = 0  # TODO: fill in later\n    return vocab_size\n',
      errors: [{ line: 3, column: 18, message: /'0' is marked as a placeholder by '# TODO: fill in later'/ }],
      output: null,
    },
    {
      name: 'a returned constant marked as a placeholder',
      code: 'def lr():\n    """Learning rate."""\n    return 1e-3  # placeholder until the sweep is done\n',
      errors: [{ line: 3, column: 12 }],
    },
    {
      name: 'pass body',
      code: 'def normalize(x):\n    pass\n',
      errors: [{ line: 1, column: 5, message: "'normalize' is a stub (its body is only 'pass'): implement it, or raise NotImplementedError until it is" }],
      output: null,
    },
    {
      name: 'ellipsis, docstring, docstring and pass',
      code: 'def a(): ...\ndef b():\n    """Loads the data."""\ndef c():\n    """Trains."""\n    pass\n',
      errors: [
        { line: 1, message: /only '\.\.\.'/ },
        { line: 2, message: /only a docstring\)/ },
        { line: 4, message: /only a docstring and 'pass'/ },
      ],
    },
    {
      name: 'a method of an ordinary class, decorated with something else',
      code: 'class Model(nn.Module):\n    @torch.no_grad()\n    def evaluate(self, loader):\n        pass\n',
      errors: [{ line: 3, column: 9, message: /'evaluate' is a stub/ }],
    },
    {
      name: 'an empty test still counts in test files',
      code: 'def test_loss_decreases():\n    pass\n',
      path: 'tests/test_loss.py',
      errors: [{ line: 1, message: /'test_loss_decreases' is a stub/ }],
    },
    {
      name: 'allowInTests off flags test fakes',
      code: 'class FakeModel:\n    def forward(self, x):\n        pass\nAPI_KEY = "placeholder"\n',
      path: 'tests/test_train.py',
      options: { allowInTests: false },
      errors: [{ line: 2, message: /'forward' is a stub/ }, { line: 4, message: /placeholder/ }],
    },
    {
      name: 'to-do marker strings',
      code: 'x = "TODO"\ndata_dir: str = "FIXME: real path"\nname = "<CHANGEME>"\n',
      errors: [
        { line: 1, column: 5, message: "the string 'TODO' is a to-do marker, not a value: compute the real one, or fail until it exists" },
        { line: 2, column: 17 },
        { line: 3 },
      ],
      output: null,
    },
    {
      name: 'placeholder strings',
      code: 'api_key = "placeholder"\ntoken = "dummy-token"\nsecret = "your_api_key_here"\nuser = "fake"\n',
      errors: [{ line: 1, message: "the string 'placeholder' is a placeholder, not a value: compute the real one, or fail until it exists" }, { line: 2 }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'returning a dummy variable',
      code: 'def predict(x):\n    dummy_tensor = torch.zeros(len(x))\n    return dummy_tensor\n',
      errors: [{ line: 3, column: 12, message: "'dummy_tensor' is a stand-in, not the real value: compute the real one, or fail until it exists" }],
    },
    {
      name: 'returning a dummy among other values, and an attribute',
      code: 'def step(self):\n    return loss, self.dummyMetrics\n',
      errors: [{ line: 2, column: 18, message: /'self\.dummyMetrics' is a stand-in/ }],
    },
    {
      name: 'assigning a stand-in to a real name, a default and a dict value',
      code: 'features = placeholder_features\ndef f(path="TODO", weights=DUMMY_WEIGHTS):\n    return load(path)\ncfg = {"key": "placeholder"}\n',
      errors: [{ line: 1, column: 12 }, { line: 2, column: 12 }, { line: 2, column: 28 }, { line: 4, column: 15 }],
    },
    {
      name: 'TODO marker in a keyword argument',
      code: 'run(data_root="TODO", name=TODO)\n',
      errors: [{ line: 1, column: 15, message: /to-do marker/ }, { line: 1, column: 28, message: "'TODO' is a to-do marker, not a value: compute the real one, or fail until it exists" }],
    },
    {
      name: 'yield of a dummy',
      code: 'def batches():\n    yield dummy_batch\n',
      errors: [{ line: 2, column: 11 }],
    },
    {
      name: 'a builder may return a dummy but not a TODO',
      code: 'def make_dummy_input():\n    return "TODO"\n',
      errors: [{ line: 2, message: /to-do marker/ }],
    },
    {
      name: 'a nested stub and a stub in a non-test path',
      code: 'def train():\n    def callback(state):\n        pass\n    run(callback)\n',
      path: 'src/testing_utils.py',
      errors: [{ line: 2, column: 9, message: /'callback' is a stub/ }],
    },
  ],
});
