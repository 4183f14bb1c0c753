import rule from '../../../src/core/rules/banned-api';
import { ruleTester } from '../ruleTester';

const OS_PATH = { names: [{ name: 'os.path', replacement: 'pathlib' }] };
const HASATTR = { names: [{ name: 'hasattr' }] };
const SAVEFIG = { names: [{ name: 'plt.savefig', replacement: 'save_figure', rename: true }] };
const ARGPARSE = { names: [{ name: 'argparse', replacement: 'Fire' }] };

ruleTester(rule, {
  valid: [
    { name: 'no names: nothing to flag', code: 'import os\nos.path.join(a, b)\n' },
    { name: 'importing the parent module is fine', code: 'import os\nos.makedirs(d)\n', options: OS_PATH },
    { name: 'a name that only shares a suffix', code: 'x.hasattr_cache = 1\nmy_hasattr(x)\n', options: HASATTR },
    { name: 'a method of another object with the same name', code: 'fig.savefig("a.png")\n', options: SAVEFIG },
    { name: 'definitions, parameters and keywords are not uses', code: 'def hasattr(o, n):\n    return 1\n\nf(hasattr=1)\n', options: HASATTR },
    { name: 'strings and comments are not uses', code: '# never use hasattr\ns = "hasattr(x)"\n', options: HASATTR },
    { name: 'an attribute named like a module', code: 'cfg.path.exists()\n', options: OS_PATH },
    { name: 'a local os is not the os module', code: 'from mylib import os\nos.path.join(a)\n', options: OS_PATH },
    { name: 'suppressed', code: 'ok = hasattr(m, "x")  # mantra: ignore[banned-api]\n', options: HASATTR },
  ],
  invalid: [
    {
      name: 'a call of a banned builtin',
      code: 'if hasattr(model, "module"):\n    model = model.module\n',
      options: HASATTR,
      errors: [{ line: 1, column: 4, message: "'hasattr' is banned by the guidelines: do without it" }],
      output: null,
    },
    {
      name: 'a module chain is flagged once, at the banned prefix',
      code: 'import os\n\nconfig = os.path.join(root, "config.yaml")\nok = os.path.exists(config)\n',
      options: OS_PATH,
      errors: [
        { line: 3, column: 10, message: "'os.path' is banned by the guidelines: use pathlib instead" },
        { line: 4, column: 6 },
      ],
      output: null,
    },
    {
      name: 'imports of the banned module',
      code: 'import os.path\nfrom os import path\nfrom os.path import join, exists\n',
      options: OS_PATH,
      errors: [{ line: 1, column: 8 }, { line: 2, column: 16 }, { line: 3, column: 6 }],
    },
    {
      name: 'through an alias of the import',
      code: 'import os.path as osp\nosp.join(a, b)\n',
      options: OS_PATH,
      errors: [{ line: 1, column: 8 }, { line: 2, column: 1 }],
    },
    {
      name: 'a whole module: its import and its uses',
      code: 'import argparse\n\nparser = argparse.ArgumentParser()\n',
      options: ARGPARSE,
      errors: [
        { line: 1, column: 8, message: "'argparse' is banned by the guidelines: use Fire instead" },
        { line: 3, column: 10 },
      ],
      output: null,
    },
    {
      name: 'a plain rename: calls are renamed (not safe: the new name may need an import)',
      code: 'import matplotlib.pyplot as plt\n\nplt.plot(xs)\nplt.savefig("loss.png")\n',
      options: SAVEFIG,
      errors: [{ line: 4, column: 1, message: "'plt.savefig' is banned by the guidelines: use save_figure instead" }],
      output: 'import matplotlib.pyplot as plt\n\nplt.plot(xs)\nsave_figure("loss.png")\n',
    },
    {
      name: 'the name through another spelling of the same import',
      code: 'from matplotlib import pyplot\nfrom matplotlib.pyplot import savefig\npyplot.savefig("a.png")\nsavefig("b.png")\n',
      options: SAVEFIG,
      errors: [{ line: 2, column: 31 }, { line: 3, column: 1 }, { line: 4, column: 1 }],
      output: 'from matplotlib import pyplot\nfrom matplotlib.pyplot import savefig\nsave_figure("a.png")\nsave_figure("b.png")\n',
    },
    {
      name: 'a reference that is not a call gets no rename',
      code: 'import matplotlib.pyplot as plt\nsave = plt.savefig\n',
      options: SAVEFIG,
      errors: [{ line: 2, column: 8 }],
      output: null,
    },
    {
      name: 'conventional aliases: np.float also matches numpy.float',
      code: 'import numpy\nx = numpy.float(3)\n',
      options: { names: [{ name: 'np.float', replacement: 'np.float64', rename: true }] },
      errors: [{ line: 2, column: 5, message: "'np.float' is banned by the guidelines: use np.float64 instead" }],
      output: 'import numpy\nx = np.float64(3)\n',
    },
    {
      name: 'a message of the guideline\'s own; bare strings as names; trailing () ignored',
      code: 'print(eval(s))\n',
      options: { names: ['eval()', { name: 'print', message: 'use the logger, not print' }] },
      errors: [{ line: 1, column: 1, message: 'use the logger, not print' }, { line: 1, column: 7, message: /'eval' is banned/ }],
    },
    {
      name: 'used as a value and in a decorator',
      code: 'import functools\n\n@functools.lru_cache\ndef f():\n    pass\n\ng = functools.lru_cache\n',
      options: { names: [{ name: 'functools.lru_cache', replacement: 'functools.cache', rename: true }] },
      errors: [{ line: 3, column: 2 }, { line: 7, column: 5 }],
      output: 'import functools\n\n@functools.cache\ndef f():\n    pass\n\ng = functools.lru_cache\n',
    },
  ],
});
