import * as assert from 'assert';
import rule from '../../../src/core/rules/duplicate-code';
import { lint } from '../../../src/core/engine';
import { parsePython } from '../../../src/core/parse/python';
import { RULES } from '../../../src/core/rules';
import { lintWith, ruleTester } from '../ruleTester';

const STEP = [
  'def train_step(model, batch, opt):',
  '    x, y = batch',
  '    out = model(x)',
  '    loss = F.cross_entropy(out, y)',
  '    opt.zero_grad()',
  '    loss.backward()',
  '    opt.step()',
  '    return loss',
].join('\n') + '\n';

/** The same code with other names, other literals, other comments and blank lines. */
const TWIN = [
  'def finetune_step(net, data, sgd):',
  '    a, b = data',
  '',
  '    pred = net(a)  # forward',
  '    err = G.nll_loss(pred, b)',
  '    # update',
  '    sgd.zero_grad()',
  '    err.backward()',
  '    sgd.step()',
  '    return err',
].join('\n') + '\n';

/** A 16-line function with no repetition inside. */
const LONG = [
  'def fit(model, loader, epochs=10, lr=1e-3):',
  '    """Train the model."""',
  '    opt = torch.optim.Adam(model.parameters(), lr=lr)',
  '    history = []',
  '    for epoch in range(epochs):',
  '        model.train()',
  '        for x, y in loader:',
  '            loss = F.mse_loss(model(x), y)',
  '            opt.zero_grad()',
  '            loss.backward()',
  '            opt.step()',
  '        history.append(loss.item())',
  '        if not math.isfinite(history[-1]):',
  '            raise RuntimeError(f"diverged at epoch {epoch}")',
  '    log.info("done after %d epochs", epochs)',
  '    return model, history',
].join('\n') + '\n';

const MSG = 'lines 10-19 duplicate lines 1-8 (same code up to names and literals): move the shared logic into a function';

const repeat = (line: (i: number) => string, n: number) => Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';

ruleTester(rule, {
  valid: [
    { name: 'one copy only', code: STEP },
    { name: 'five alike lines are under the default minimum', code: `def f(a):\n    b = g(a)\n    if b:\n        return b\n    return a\n\ndef h(c):\n    d = k(c)\n    if d:\n        return d\n    return c\n` },
    { name: 'import blocks', code: `${repeat((i) => `import mod${i}`, 6)}\ndef f():\n${repeat((i) => `    import other${i}`, 6)}` },
    {
      name: 'alike assignments in two __init__ (one kind of statement, one line shape)',
      code: `class A:\n    def __init__(self, a, b, c, d, e, f):\n${repeat((i) => `        self.a${i} = a${i}`, 6)}\nclass B:\n    def __init__(self, a, b, c, d, e, f):\n${repeat((i) => `        self.b${i} = b${i}`, 6)}`,
    },
    {
      name: 'argparse calls (only calls)',
      code: `${repeat((i) => `parser.add_argument("--a${i}", type=int, default=${i})\nparser.add_argument("--b${i}", action="store_true")`, 4)}`,
    },
    {
      name: 'entries of a data literal',
      code: `TABLE = [\n${repeat((i) => `    ("cuda${i}", ("hip${i}", CONV_TYPE, API_DRIVER)),\n    (\n        "cudaX${i}",\n        ("hipX${i}", CONV_TYPE, API_DRIVER, HIP_UNSUPPORTED),\n    ),`, 4)}]\n`,
    },
    {
      name: 'alike properties (a stanza repeated in place)',
      code: `class A:\n${repeat((i) => `    @property\n    def p${i}(self):\n        return self._p${i}\n`, 6)}`,
    },
    {
      name: 'a repeated two-line pattern',
      code: `def f(xs):\n${repeat((i) => `    if xs[${i}]:\n        total += xs[${i}]`, 8)}`,
    },
    { name: 'option minLines 10', code: STEP + '\n' + TWIN, options: { minLines: 10 } },
    { name: 'suppressed at the later copy', code: STEP + '\n' + TWIN.replace('sgd):', 'sgd):  # mantra: ignore[duplicate-code]') },
    { name: 'a change in the middle breaks every window', code: STEP + '\n' + STEP.replace('    loss = F.cross_entropy(out, y)\n', '    loss = F.cross_entropy(out, y) + 1\n') },
  ],
  invalid: [
    {
      name: 'same shape, other names, comments and blank lines',
      code: STEP + '\n' + TWIN,
      errors: [{ line: 10, column: 1, endLine: 10, message: MSG }],
      output: null,
    },
    {
      name: 'a method duplicating a function (indentation ignored)',
      code: `${STEP}\nclass Trainer:\n${STEP.replace(/^/gm, '    ')}`,
      errors: [{ line: 11, column: 5, message: 'lines 11-18 duplicate lines 1-8 (same code up to names and literals): move the shared logic into a function' }],
    },
    {
      name: 'three copies: two findings, each pointing at the first',
      code: `${STEP}\n${STEP}\n${STEP}`,
      errors: [{ line: 10, message: /^lines 10-17 duplicate lines 1-8 / }, { line: 19, message: /^lines 19-26 duplicate lines 1-8 / }],
    },
    {
      name: 'one finding for a long duplicated region (windows merged)',
      code: `${LONG}\n${LONG.replace(/fit/g, 'train').replace(/model/g, 'net')}`,
      errors: [{ line: 18, column: 1, message: /^lines 18-33 duplicate lines 1-16 / }],
    },
    {
      name: 'duplicated block inside two functions',
      code: [
        'def evaluate(model, loader):',
        '    model.eval()',
        '    total = 0',
        '    for x, y in loader:',
        '        with torch.no_grad():',
        '            pred = model(x).argmax(dim=-1)',
        '        total += (pred == y).sum().item()',
        '    return total / len(loader.dataset)',
        '',
        'def validate(net, data):',
        '    print("validating")',
        '    net.eval()',
        '    correct = 0',
        '    for inputs, labels in data:',
        '        with torch.no_grad():',
        '            out = net(inputs).argmax(dim=-1)',
        '        correct += (out == labels).sum().item()',
        '    return correct / len(data.dataset)',
        '',
      ].join('\n'),
      errors: [{ line: 12, column: 5, message: /^lines 12-18 duplicate lines 2-8 / }],
    },
    {
      name: 'strings, f-strings, numbers and multi-line strings are single tokens',
      code: [
        'def a(x):',
        '    """Doc."""',
        '    if x > 0.5:',
        '        log(f"{x} too big", "warn")',
        '        x = 1e-3',
        "    s = '''",
        '    multi',
        "    line'''",
        '    return x, s',
        '',
        'def b(y):',
        "    '''Other doc, longer.'''",
        '    if y > 10:',
        "        log(rb'raw', f'{y!r}')",
        '        y = 0x1F',
        '    s = """one line"""',
        '    return y, s',
        '',
      ].join('\n'),
      errors: [{ line: 11, message: /^lines 11-17 duplicate lines 1-9 / }],
    },
    {
      name: 'CRLF line endings',
      code: (STEP + '\n' + TWIN).replace(/\n/g, '\r\n'),
      errors: [{ line: 10, message: MSG }],
    },
    {
      name: 'option minLines 4',
      code: 'def f(a):\n    b = g(a)\n    if b:\n        return b\n\ndef h(c):\n    d = k(c)\n    if d:\n        return d\n',
      options: { minLines: 4 },
      errors: [{ line: 6, message: /^lines 6-9 duplicate lines 1-4 / }],
    },
    {
      name: 'backslash continuations and brackets spanning lines',
      code: [
        'def f(a, b):',
        '    c = a + \\',
        '        b',
        '    d = g(',
        '        c,',
        '    )',
        '    if d:',
        '        return d',
        '    raise ValueError(c)',
        '',
        'def h(x, y):',
        '    z = x + \\',
        '        y',
        '    w = g(',
        '        z,',
        '    )',
        '    if w:',
        '        return w',
        '    raise ValueError(z)',
        '',
      ].join('\n'),
      errors: [{ line: 11, message: /^lines 11-19 duplicate lines 1-9 / }],
    },
  ],
});

describe('duplicate-code related information', () => {
  it('points at the first copy, from its first to its last token', () => {
    const [finding] = lintWith(rule, STEP + '\n' + TWIN);
    assert.deepStrictEqual(finding.related, [
      { range: { start: { line: 0, character: 0 }, end: { line: 7, character: 15 } }, message: 'first copy here' },
    ]);
    assert.deepStrictEqual(finding.range, { start: { line: 9, character: 0 }, end: { line: 9, character: 34 } });
  });

  // Its speed is measured by `npm run bench` (time per rule), not asserted here.
  it('a 20,000-line file made of one repeated function gives few merged findings', () => {
    const blocks: string[] = [];
    for (let i = 0; i < 3300; i++) blocks.push(`def f${i}(a):\n    b = a + ${i}\n    if b > ${i}:\n        return [b] * ${i}\n    return {"k": b}\n\n`);
    const text = blocks.join('');
    const tree = parsePython(text);
    const result = lint({ text, tree, path: 'big.py', rules: [{ rule, severity: 'warning', options: rule.options.parse({}), source: null }] }, RULES);
    tree.delete();
    assert.ok(result.findings.length > 0 && result.findings.length < 20, `${result.findings.length} findings`);
  });
});
