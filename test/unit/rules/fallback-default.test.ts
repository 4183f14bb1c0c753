import rule from '../../../src/core/rules/fallback-default';
import { ruleTester } from '../ruleTester';

ruleTester(rule, {
  valid: [
    { name: '.get with one argument', code: 'x = d.get(k)\n' },
    { name: '.get with a non-literal default', code: 'name = aliases.get(name, name)\n' },
    { name: 'requests.get', code: 'r = requests.get(url, params)\n' },
    { name: 'session, client and self.session', code: 'a = session.get(url, None)\nb = self.session.get(url, 10)\nc = http_client.get("/x", 5)\nd = httpx.get(url, {})\n' },
    { name: 'queue.get(block, timeout)', code: 'item = work.get(True, 5)\nitem = result_queue.get(False, 1.0)\n' },
    { name: 'configparser lookups', code: 'v = parser.get("section", "option")\n' },
    { name: 'other keyword arguments', code: 'r = d.get("k", timeout=3)\n' },
    { name: 'counting idiom writes back into the same key', code: 'counts[w] = counts.get(w, 0) + 1\nseen[k] = seen.get(k, []) + [v]\n' },
    { name: 'getattr with two arguments', code: 'v = getattr(module, name)\n' },
    { name: 'next with one argument', code: 'batch = next(iter(loader))\n' },
    { name: 'os.environ.get with one argument', code: 'home = os.environ.get("HOME")\nx = os.getenv("X")\n' },
    { name: 'splats are not read', code: 'v = d.get(*args)\nw = getattr(*triple)\n' },
    { name: 'hasattr guarding something else', code: 'y = torch.compile(m) if hasattr(torch, "compile") else m\n' },
    { name: 'hasattr on a different object', code: 'y = a.n if hasattr(b, "n") else 0\n' },
    { name: 'dict.get as a method call with three arguments', code: 'v = dict.get(d, k, 0)\n' },
  ],
  invalid: [
    {
      name: 'kwargs.get with None',
      code: 'def f(**kwargs):\n    x = kwargs.get("x", None)\n',
      errors: [{ line: 2, column: 16, message: `'kwargs.get("x", None)' hides a missing key behind a default: use kwargs["x"]` }],
      output: 'def f(**kwargs):\n    x = kwargs["x"]\n',
    },
    {
      name: 'literal defaults of every kind',
      code: 'a = cfg.get("lr", 1e-3)\nb = cfg.get("layers", [])\nc = cfg.get("name", "resnet")\nd = self.config.get("eps", -1)\ne = state.get(step, {})\n',
      errors: [{ line: 1 }, { line: 2 }, { line: 3 }, { line: 4 }, { line: 5 }],
      output: 'a = cfg["lr"]\nb = cfg["layers"]\nc = cfg["name"]\nd = self.config["eps"]\ne = state[step]\n',
    },
    {
      name: 'default= keyword with any value',
      code: 'v = store_like.get("k", default=compute())\n',
      errors: [{ line: 1, message: /hides a missing key/ }],
      output: 'v = store_like["k"]\n',
    },
    {
      name: 'os.environ.get with any default',
      code: 'import os\nrank = int(os.environ.get("RANK", default_rank))\nworld = os.environ.get("WORLD_SIZE", "1")\n',
      errors: [
        { line: 2, message: `'os.environ.get("RANK", default_rank)' hides a missing environment variable behind a default: use os.environ["RANK"]` },
        { line: 3 },
      ],
      output: 'import os\nrank = int(os.environ["RANK"])\nworld = os.environ["WORLD_SIZE"]\n',
    },
    {
      name: 'os.getenv with a positional or keyword default',
      code: 'a = os.getenv("DATA_DIR", "/tmp")\nb = os.getenv("SEED", default=0)\n',
      errors: [{ line: 1, column: 5, message: /'os\.getenv\("DATA_DIR", "\/tmp"\)' hides a missing environment variable behind a default: use os\.environ\["DATA_DIR"\]/ }, { line: 2 }],
      output: 'a = os.environ["DATA_DIR"]\nb = os.environ["SEED"]\n',
    },
    {
      name: 'getenv imported from os is flagged without a fix',
      code: 'from os import getenv\na = getenv("X", "1")\n',
      errors: [{ line: 2, message: /missing environment variable/ }],
      output: null,
    },
    {
      name: 'getattr with a literal name becomes an attribute access',
      code: 'w = getattr(module, "weight", None)\nb = getattr(a or b, "bias", 0)\n',
      errors: [{ line: 1, column: 5, message: `'getattr(module, "weight", None)' hides a missing attribute behind a default: use module.weight` }, { line: 2 }],
      output: 'w = module.weight\nb = (a or b).bias\n',
    },
    {
      name: 'getattr with a computed or non-identifier name keeps getattr without the default',
      code: 'v = getattr(args, name, None)\nw = getattr(o, "class", 1)\nz = getattr(o, "a-b", 1)\n',
      errors: [{ line: 1, message: /use getattr\(args, name\)/ }, { line: 2 }, { line: 3 }],
      output: 'v = getattr(args, name)\nw = getattr(o, "class")\nz = getattr(o, "a-b")\n',
    },
    {
      name: 'next with a default',
      code: 'first = next(iter(loader), None)\nhit = next((p for p in params if p.requires_grad), None,)\n',
      errors: [{ line: 1, message: `'next(iter(loader), None)' hides an exhausted iterator behind a default: use next(iter(loader))` }, { line: 2 }],
      output: 'first = next(iter(loader))\nhit = next((p for p in params if p.requires_grad))\n',
    },
    {
      name: 'hasattr ternary',
      code: 'n = model.module if hasattr(model, "module") else model\n',
      errors: [{ line: 1, column: 5, message: /falls back when the attribute is missing: use model\.module/ }],
      output: 'n = model.module\n',
    },
    {
      name: 'hasattr ternary with getattr and negated form',
      code: 'a = getattr(cfg, "dropout") if hasattr(cfg, "dropout") else 0.1\nb = 0.1 if not hasattr(cfg, "dropout") else cfg.dropout\n',
      errors: [{ line: 1 }, { line: 2 }],
      output: 'a = cfg.dropout\nb = cfg.dropout\n',
    },
    {
      name: 'get on self is flagged without a fix',
      code: 'class C(dict):\n    def lr(self):\n        return self.get("lr", 0.1)\n',
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'a multi-line call keeps its key',
      code: 'v = table.get(\n    key,  # the id\n    None,\n)\n',
      errors: [{ line: 1, column: 11, endLine: 4 }],
      output: 'v = table[key]\n',
    },
    {
      name: 'accumulating into a different key is still a fallback',
      code: 'totals[a] = counts.get(b, 0) + 1\n',
      errors: [{ line: 1 }],
      output: 'totals[a] = counts[b] + 1\n',
    },
    {
      name: 'suppression applies per line',
      code: 'a = d.get("x", 0)  # mantra: ignore[fallback-default]\nb = d.get("y", 0)\n',
      errors: [{ line: 2 }],
      output: 'a = d.get("x", 0)  # mantra: ignore[fallback-default]\nb = d["y"]\n',
    },
  ],
});
