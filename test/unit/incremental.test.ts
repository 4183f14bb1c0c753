import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lint, type ActiveRule } from '../../src/core/engine';
import type { Finding } from '../../src/core/finding';
import { lintFull, lintIncremental, refresh, scopeOfRule, type LintState } from '../../src/core/incremental';
import { LiveLints, type KeystrokeOptions } from '../../src/core/liveLint';
import { DocumentTrees, type TextChange } from '../../src/core/parse/documentTrees';
import { RULES } from '../../src/core/rules';
import { LineIndex } from '../../src/core/text';
import { prng } from '../../bench/reliability/mutate';

const ROOT = path.join(__dirname, '..', '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'research-project', 'src', 'tinyformer');

/** The research preset: every rule at its default severity and options. */
const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: rule.options.parse({}), source: null }));

/** Real-looking research code: the example project's modules, and every rule's flagged example. */
function corpus(): Array<{ name: string; text: string }> {
  const files = fs
    .readdirSync(EXAMPLE)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => ({ name: `src/tinyformer/${f}`, text: fs.readFileSync(path.join(EXAMPLE, f), 'utf8') }));
  const examples = RULES.map((r) => `# --- ${r.meta.id}\n${r.meta.example.flagged}`).join('\n\n');
  files.push({ name: 'examples.py', text: `"""Every rule's flagged example."""\nimport os\nimport torch\n\n\n${examples}\n` });
  files.push({ name: 'members.py', text: MEMBERS });
  return files;
}

/** A large class and large literals: what the incremental lint re-lints member by member. */
const MEMBERS = `import torch
from torch import nn

CONFIG = {
    # learning rate
    "lr": 1e-3,
    "batch": cfg.get("batch", 32),  # fallback
    "name": "TODO",
    "loss": lambda x: torch.mean(x),
    "dims": [64, 128, 256],
    # loop over the layers
    "layers": 4,
    "check": x == None,
}

class Net(nn.Module):
    \"\"\"A small network.\"\"\"

    hidden = 64
    # the width
    width = getattr(cfg, "width", 128)

    def __init__(self, d):
        super().__init__()
        self.w = nn.Linear(d, d)

    # apply the weights
    def forward(self, x):
        try:
            return self.w(x)
        except Exception:
            pass

    def helper(self):
        pass

    @property
    def size(self):
        if self.hidden == None:
            return True
        else:
            return False
    # x = self.w(x)

    class Inner:
        def f(self):
            for i in range(10):
                if i:
                    if i > 1:
                        if i > 2:
                            if i > 3:
                                print(i)

SIZES = [
    1,
    2,  # two
    "placeholder",
    dummy_value,
    3,
]
`;

/** What people type: letters, brackets, quotes, new lines and indentation, whole statements, directives. */
const PIECES = [
  'x', 'e', '_', ' ', ':', '(', ')', '[', ']', '"', "'", '#', '\n', '\n    ', '\n        ', '    ', '.', ',', '=', '0',
  '"""', '# TODO\n', '    # loop over the batches\n', '# x = x.cuda()\n', '  # noqa', '  # mantra: ignore[no-try-except]',
  '# mantra: ignore-file[deep-nesting]\n', 'try:\n    pass\nexcept Exception:\n    pass\n', '\n    try:\n        y = f(x)\n    except Exception:\n        return None\n',
  'import torch\n', 'import numpy as np\n', 'def f(a):\n    return a\n', '\n\ndef g(x: torch.Tensor) -> torch.Tensor:\n    return x.sum()\n',
  'cfg.get("lr", 1e-3)', 'getattr(m, "w", None)', '\nclass A:\n    def m(self):\n        pass\n', 'for i in range(10):\n    x[i] = y[i] * 2\n',
  '    if a:\n        if b:\n            if c:\n                if d:\n                    if e:\n                        z = 1\n',
];

/** A random edit event of `text`: one change mostly, sometimes several (multi-cursor), as an editor reports them. */
function randomEvent(text: string, random: () => number): { changes: TextChange[]; text: string } {
  const count = random() < 0.15 ? 2 + Math.floor(random() * 2) : 1;
  const changes: TextChange[] = [];
  let limit = text.length;
  for (let i = 0; i < count; i++) {
    const a = Math.floor(random() * (limit + 1));
    const kind = random();
    const b = kind < 0.65 ? a : Math.min(limit, a + 1 + Math.floor(random() * (kind < 0.85 ? 3 : 40)));
    const insert = kind < 0.85 ? PIECES[Math.floor(random() * PIECES.length)] : '';
    const lines = new LineIndex(text);
    changes.push({ range: { start: lines.positionAt(a), end: lines.positionAt(b) }, rangeOffset: a, rangeLength: b - a, text: insert });
    text = text.slice(0, a) + insert + text.slice(b);
    limit = a;
  }
  return { changes, text };
}

/** More edits or another seed for a longer local run: MANTRA_FUZZ_STEPS=2000 MANTRA_FUZZ_SEED=5 npx mocha …/incremental.test.js */
/** An insertion at an offset, as an editor reports it. */
function insert(text: string, at: number, inserted: string): TextChange {
  const pos = new LineIndex(text).positionAt(at);
  return { range: { start: pos, end: pos }, rangeOffset: at, rangeLength: 0, text: inserted };
}

/** A deletion of `length` code units at an offset, as an editor reports it. */
function remove(text: string, at: number, length: number): TextChange {
  const lines = new LineIndex(text);
  return { range: { start: lines.positionAt(at), end: lines.positionAt(at + length) }, rangeOffset: at, rangeLength: length, text: '' };
}

const FUZZ_STEPS = Number(process.env.MANTRA_FUZZ_STEPS ?? 80);
const FUZZ_SEED = Number(process.env.MANTRA_FUZZ_SEED ?? 1);

const show = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.message}`;

function assertSame(actual: readonly Finding[], expected: readonly Finding[], label: string, text: string): void {
  try {
    assert.deepStrictEqual(actual, expected);
  } catch (e) {
    const a = new Set(actual.map(show));
    const b = new Set(expected.map(show));
    const extra = [...a].filter((x) => !b.has(x));
    const missing = [...b].filter((x) => !a.has(x));
    throw new Error(`${label}: incremental differs from a full lint\n  extra: ${JSON.stringify(extra)}\n  missing: ${JSON.stringify(missing)}\n${(e as Error).message.slice(0, 2000)}\n--- text\n${text}`);
  }
}

/** Random edits of one file; after each, the incremental findings are compared with a full lint. */
function run(name: string, source: string, seed: number, steps: number, mode: 'rerun' | 'defer'): { incremental: number } {
  const random = prng(seed);
  const trees = new DocumentTrees();
  let text = source;
  let version = 1;
  let state: LintState = lintFull({ text, tree: trees.open(name, version, text).tree, path: name, rules: ACTIVE }, RULES).state;
  let incremental = 0;
  const history: string[] = [];
  for (let step = 0; step < steps; step++) {
    let changes: TextChange[];
    if (step % 50 === 49) {
      // Back to the original text, so the file does not drift into noise.
      const lines = new LineIndex(text);
      changes = [{ range: { start: { line: 0, character: 0 }, end: lines.positionAt(text.length) }, rangeOffset: 0, rangeLength: text.length, text: source }];
      text = source;
    } else {
      const event = randomEvent(text, random);
      changes = event.changes;
      text = event.text;
    }
    history.push(JSON.stringify(changes.map((c) => [c.rangeOffset, c.rangeLength, c.text])));
    let update = trees.applyChanges(name, ++version, changes)!;
    // Sometimes more events come before the next lint (typing while the debounce waits).
    while (step % 50 !== 49 && random() < 0.25) {
      const more = randomEvent(text, random);
      text = more.text;
      history.push(JSON.stringify(more.changes.map((c) => [c.rangeOffset, c.rangeLength, c.text])));
      update = trees.applyChanges(name, ++version, more.changes)!;
    }
    const edits = trees.takeEdits(name)!;
    const input = { text, tree: update.tree, path: name, rules: ACTIVE };
    const result = lintIncremental(state, input, edits, RULES, { fileRules: mode, maxRegionShare: 1, splitRows: 3 });
    if (result.mode === 'incremental') incremental++;
    const full = lint(input, RULES);
    const label = `${name} seed ${seed} step ${step} (${result.mode}${result.reason ? `: ${result.reason}` : ''}; last edits ${history.slice(-3).join(' ')})`;
    if (mode === 'rerun') {
      assertSame(result.findings, full.findings, label, text);
      state = result.state;
    } else {
      // Unit rules are exact after every edit; file rules after a refresh.
      const unit = (fs: readonly Finding[]) => fs.filter((f) => scopeOfRule(f.ruleId) === 'unit');
      assertSame(unit(result.findings), unit(full.findings), label, text);
      if (step % 7 === 6) {
        const refreshed = refresh(result.state, input);
        assert.deepStrictEqual(refreshed.stale, []);
        assertSame(refreshed.findings, full.findings, `${label} after refresh`, text);
        state = refreshed.state;
      } else {
        state = result.state;
      }
    }
  }
  trees.dispose();
  return { incremental };
}

/**
 * Random edits through `LiveLints` as the editor makes them, with a reparse budget of 0 ms: most
 * reparses are deferred and the lints while typing provisional. A lint from a parsed tree keeps
 * the unit rules exact, and a lint that is not `typing` (the idle re-lint) equals a full lint.
 */
function runLive(name: string, source: string, seed: number, steps: number, options: KeystrokeOptions = {}): { provisional: number; exact: number } {
  const random = prng(seed);
  const trees = new DocumentTrees();
  const live = new LiveLints(trees, RULES, options);
  let text = source;
  let version = 1;
  trees.open(name, version, text);
  live.lint(name, version, { text, path: name, rules: ACTIVE });
  let provisional = 0;
  let exact = 0;
  const history: string[] = [];
  const unit = (fs: readonly Finding[]) => fs.filter((f) => scopeOfRule(f.ruleId) === 'unit');
  for (let step = 0; step < steps; step++) {
    do {
      const event = randomEvent(text, random);
      text = event.text;
      history.push(JSON.stringify(event.changes.map((c) => [c.rangeOffset, c.rangeLength, c.text])));
      trees.applyChanges(name, ++version, event.changes, 0);
    } while (random() < 0.25);
    const label = `${name} seed ${seed} step ${step} (last edits ${history.slice(-3).join(' ')})`;
    const typed = live.lint(name, version, { text, path: name, rules: ACTIVE }, true);
    if (typed.reason?.startsWith('provisional')) {
      provisional++;
      if (JSON.stringify(unit(typed.findings)) === JSON.stringify(unit(lint({ text, tree: trees.tree(name, version, text), path: name, rules: ACTIVE }, RULES).findings))) exact++;
    } else assertSame(unit(typed.findings), unit(lint({ text, tree: trees.tree(name, version, text), path: name, rules: ACTIVE }, RULES).findings), `${label}: typing`, text);
    if (step % 5 === 4 || step === steps - 1) {
      const idle = live.lint(name, version, { text, path: name, rules: ACTIVE });
      assert.deepStrictEqual(idle.stale, [], label);
      assertSame(idle.findings, lint({ text, tree: trees.tree(name, version, text), path: name, rules: ACTIVE }, RULES).findings, `${label}: idle`, text);
    }
  }
  trees.dispose();
  return { provisional, exact };
}

describe('incremental lint', () => {
  it('lintFull gives exactly the findings lint gives', () => {
    const trees = new DocumentTrees();
    for (const { name, text } of corpus()) {
      const input = { text, tree: trees.open(name, 1, text).tree, path: name, rules: ACTIVE };
      assert.deepStrictEqual(lintFull(input, RULES).findings, lint(input, RULES).findings, name);
    }
    trees.dispose();
  });

  for (const { name, text } of corpus()) {
    it(`after random edits of ${name}, equals a full lint (file rules re-run)`, function () {
      this.timeout(120000);
      const steps = FUZZ_STEPS;
      const { incremental } = run(name, text, name.length * 7919 + FUZZ_SEED, steps, 'rerun');
      // Most edits must take the incremental path, or this test proves nothing.
      assert.ok(incremental > steps / 2, `only ${incremental} of ${steps} edits were incremental`);
    });
  }

  it('with reparses deferred (provisional lints while typing), the idle lint equals a full lint', function () {
    this.timeout(120000);
    let provisional = 0;
    for (const { name, text } of corpus()) provisional += runLive(name, text, 29 + FUZZ_SEED, FUZZ_STEPS).provisional;
    // Many typing lints must be provisional, or this test proves nothing about them (the others
    // parsed within the budget, or their statements were most of a small file).
    assert.ok(provisional > (corpus().length * FUZZ_STEPS) / 4, `only ${provisional} provisional lints`);
  });

  it('with large statements narrowed to the members an edit touched, typing lints are mostly exact and the idle lint equals a full lint', function () {
    this.timeout(120000);
    let provisional = 0;
    let exact = 0;
    let typings = 0;
    for (const { name, text: source } of corpus()) {
      // Statements over 150 characters are narrowed; whole-file reparses never run while typing.
      const trees = new DocumentTrees();
      const live = new LiveLints(trees, RULES, { smallPartChars: 150, parseBudgetMs: 0 });
      const random = prng(name.length * 31 + FUZZ_SEED);
      let text = source;
      let version = 1;
      trees.open(name, version, text);
      live.lint(name, version, { text, path: name, rules: ACTIVE });
      const unit = (fs: readonly Finding[]) => JSON.stringify(fs.filter((f) => scopeOfRule(f.ruleId) === 'unit'));
      // As a user types: a letter somewhere, linted, then taken back, linted (the bench's keystrokes).
      for (let step = 0; step < FUZZ_STEPS; step++) {
        const at = Math.floor(random() * (text.length + 1));
        const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]!;
        for (const change of [insert(text, at, letter), remove(text + letter, at, 1)]) {
          text = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
          trees.applyChanges(name, ++version, [change], 0);
          const typed = live.lint(name, version, { text, path: name, rules: ACTIVE }, true);
          typings++;
          if (!typed.reason?.startsWith('provisional')) continue;
          provisional++;
          if (unit(typed.findings) === unit(lint({ text, tree: trees.tree(name, version, text), path: name, rules: ACTIVE }, RULES).findings)) exact++;
        }
        if (step % 10 === 9) {
          const idle = live.lint(name, version, { text, path: name, rules: ACTIVE });
          assertSame(idle.findings, lint({ text, tree: trees.tree(name, version, text), path: name, rules: ACTIVE }, RULES).findings, `${name} step ${step}: idle`, text);
        }
      }
      trees.dispose();
    }
    assert.ok(provisional > typings / 2, `only ${provisional} of ${typings} typing lints were provisional`);
    // Provisional, yet mostly exact: the parts parsed alone keep each member's context.
    assert.ok(exact > 0.8 * provisional, `${exact} of ${provisional} provisional lints had the unit findings of a full lint`);
  });

  it('with file rules deferred, unit rules stay exact and a refresh gives the full lint', function () {
    this.timeout(120000);
    for (const { name, text } of corpus()) run(name, text, 17 + FUZZ_SEED, Math.ceil(FUZZ_STEPS / 2), 'defer');
  });

  it('keeps findings outside the edited statement and moves them with the text', () => {
    const source = [
      'def a(x):',
      '    try:',
      '        return f(x)',
      '    except Exception:',
      '        pass',
      '',
      '',
      'def b(y):',
      '    try:',
      '        return g(y)',
      '    except Exception:',
      '        pass',
      '',
    ].join('\n');
    const trees = new DocumentTrees();
    const first = lintFull({ text: source, tree: trees.open('t.py', 1, source).tree, path: 't.py', rules: ACTIVE }, RULES);
    // Insert two lines at the top of a's body: b's findings move down two lines.
    const at = source.indexOf('    try:');
    const insert = '    x = x + 1\n    x = x * 2\n';
    const update = trees.applyChanges('t.py', 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, rangeOffset: at, rangeLength: 0, text: insert }])!;
    const input = { text: update.text, tree: update.tree, path: 't.py', rules: ACTIVE };
    const next = lintIncremental(first.state, input, update, RULES, { maxRegionShare: 1 });
    assert.strictEqual(next.mode, 'incremental');
    assert.deepStrictEqual(next.region, [{ startRow: 0, endRow: 7 }], 'only def a (and the blank lines above b) re-linted');
    const unit = (fs: readonly Finding[]) => fs.filter((f) => scopeOfRule(f.ruleId) === 'unit');
    assert.deepStrictEqual(unit(next.findings), unit(lint(input, RULES).findings));
    const bTry = next.findings.find((f) => f.ruleId === 'no-try-except' && f.range.start.line === 12);
    assert.ok(bTry, "b's except clause moved from line 10 to line 12");
    assert.strictEqual(bTry.fix!.edits[0].start, first.findings.find((f) => f.ruleId === 'no-try-except' && f.range.start.line === 10)!.fix!.edits[0].start + insert.length);
    trees.dispose();
  });

  it('re-lints a large class member by member: the edited method, its neighbours, the header and the attributes', () => {
    const trees = new DocumentTrees();
    const text = MEMBERS;
    const first = lintFull({ text, tree: trees.open('m.py', 1, text).tree, path: 'm.py', rules: ACTIVE }, RULES);
    const at = text.indexOf('    def helper(self):\n        pass') + '    def helper(self):\n        '.length;
    const pos = new LineIndex(text).positionAt(at);
    const update = trees.applyChanges('m.py', 2, [{ range: { start: pos, end: pos }, rangeOffset: at, rangeLength: 0, text: 'x = 1\n        ' }])!;
    const input = { text: update.text, tree: update.tree, path: 'm.py', rules: ACTIVE };
    const result = lintIncremental(first.state, input, update, RULES, { splitRows: 10 });
    assert.strictEqual(result.mode, 'incremental');
    const row = (needle: string) => new LineIndex(update.text).positionAt(update.text.indexOf(needle)).line;
    const covered = (r: number) => result.region!.some((i) => r >= i.startRow && r < i.endRow);
    assert.ok(covered(row('class Net')) && covered(row('    hidden = 64')), 'the header and the attributes');
    assert.ok(covered(row('def forward')) && covered(row('def helper')) && covered(row('def size')), 'the method and its neighbours');
    assert.ok(!covered(row('def __init__')) && !covered(row('class Inner')), 'not the methods further away');
    const unit = (fs: readonly Finding[]) => fs.filter((f) => scopeOfRule(f.ruleId) === 'unit');
    assert.deepStrictEqual(unit(result.findings), unit(lint(input, RULES).findings));
    trees.dispose();
  });

  it('falls back to a full lint when the text, path or rules differ from the previous lint', () => {
    const trees = new DocumentTrees();
    const text = 'import os\n\n\ndef f():\n    return os.environ.get("A", "b")\n';
    const first = lintFull({ text, tree: trees.open('f.py', 1, text).tree, path: 'f.py', rules: ACTIVE }, RULES);
    const update = trees.applyChanges('f.py', 2, [{ range: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } }, rangeOffset: text.indexOf('return'), rangeLength: 0, text: 'x = 1\n    ' }])!;
    const input = { text: update.text, tree: update.tree, path: 'f.py', rules: ACTIVE };
    assert.strictEqual(lintIncremental(first.state, { ...input, path: 'g.py' }, update, RULES).mode, 'full');
    assert.strictEqual(lintIncremental(first.state, { ...input, rules: ACTIVE.slice(1) }, update, RULES).mode, 'full');
    assert.strictEqual(lintIncremental(first.state, input, { ...update, previousText: 'other' }, RULES).mode, 'full');
    assert.strictEqual(lintIncremental(first.state, { ...input, changedLines: [{ start: 0, end: 1 }] }, update, RULES, { maxRegionShare: 1 }).mode, 'full');
    assert.strictEqual(lintIncremental(first.state, input, update, RULES, { maxRegionShare: 1 }).mode, 'incremental');
    trees.dispose();
  });

  it('re-lints the whole file when an edit adds or removes the torch import', () => {
    const trees = new DocumentTrees();
    const text = 'import os\n\n\ndef f(x):\n    return x\n';
    const first = lintFull({ text, tree: trees.open('f.py', 1, text).tree, path: 'f.py', rules: ACTIVE }, RULES);
    const update = trees.applyChanges('f.py', 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, rangeOffset: 10, rangeLength: 0, text: 'import torch\n' }])!;
    const result = lintIncremental(first.state, { text: update.text, tree: update.tree, path: 'f.py', rules: ACTIVE }, update, RULES, { maxRegionShare: 1 });
    assert.strictEqual(result.mode, 'full');
    assert.match(result.reason!, /torch/);
    trees.dispose();
  });
});
