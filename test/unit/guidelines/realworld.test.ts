/**
 * Mapping tests from guideline files in the styles real ones use: headings with NEVER lists,
 * tables, nested bullets, bold, code spans, quoted proverbs, Cursor `.mdc` front matter, Copilot
 * instructions, `.claude/rules/` files. Every line of each document is listed with what it must
 * map to (or why it maps to nothing), so a sentence that is not about code cannot sneak a rule in.
 */
import * as assert from 'assert';
import { AMBIGUOUS, classifyGuideline, NOT_ABOUT_CODE, NOT_ENFORCEABLE, QUOTATION } from '../../../src/core/guidelines/map';
import { readGuidelines } from '../../../src/core/guidelines/read';
import { NOTEBOOK_GLOBS, TEST_GLOBS } from '../../../src/core/glob';

interface Expect {
  /** Exactly these settings (rule id → severity or 'off'); absent: none. */
  rules?: Record<string, string>;
  /** Options of some of those rules. */
  options?: Record<string, Record<string, unknown>>;
  /** The scope label of each scoped rule (every other rule must be unscoped). */
  scope?: Record<string, string>;
  /** Why it maps to nothing. */
  reason?: string;
}

const NO_TRY = (sev: string) => ({ 'no-try-except': sev, 'swallowed-exception': sev });
const ban = (...names: Record<string, unknown>[]) => ({ 'banned-api': { names } });

/** Checks every guideline of a document against `expected` (keyed by a unique part of its text, in order). */
function documentCases(title: string, file: string, text: string, expected: [string, Expect][], front?: { paths?: string[]; data?: Record<string, unknown> }): void {
  describe(title, () => {
    const doc = readGuidelines(file, text);
    it('reads every guideline of the document, in order, and its front matter', () => {
      assert.deepStrictEqual(doc.problems, []);
      assert.deepStrictEqual(
        doc.guidelines.map((g) => g.text),
        expected.map(([key]) => doc.guidelines.find((g) => g.text.includes(key))?.text ?? `(no guideline with ${JSON.stringify(key)})`),
      );
      if (front) {
        assert.deepStrictEqual(doc.frontMatter?.paths, front.paths);
        for (const [k, v] of Object.entries(front.data ?? {})) assert.deepStrictEqual(doc.frontMatter?.data[k], v, k);
      }
    });
    expected.forEach(([key, want], i) => {
      it(`${key}${want.rules ? '' : ` — ${want.reason}`}`, () => {
        const g = doc.guidelines[i];
        assert.ok(g?.text.includes(key), `guideline ${i} is ${JSON.stringify(g?.text)}`);
        const r = classifyGuideline(g);
        assert.deepStrictEqual(Object.fromEntries(r.mappings.map((m) => [m.ruleId, m.setting])), want.rules ?? {});
        if (!want.rules) assert.strictEqual(r.reason, want.reason);
        for (const m of r.mappings) {
          assert.deepStrictEqual(m.options, want.options?.[m.ruleId] ?? {}, `options of ${m.ruleId}`);
          assert.strictEqual(m.scope, want.scope?.[m.ruleId], `scope of ${m.ruleId}`);
        }
      });
    });
  });
}

describe('guidelines: real-world guideline files', () => {
  documentCases(
    'a CLAUDE.md of a PyTorch research repository (overview, commands, bold, code spans, nested bullets, a NEVER list)',
    '/ws/CLAUDE.md',
    `# CLAUDE.md

This file provides guidance to Claude Code (claude.ai/code) when working with code in this repository.

## Project overview

A small library for training diffusion models on protein structures. Training runs on SLURM.

## Commands

- \`uv sync\` — install dependencies
- \`uv run pytest tests/\` — run the test suite

## Code style

- Python 3.11; format with \`ruff format\`, lint with \`ruff check\`
- **Type hints everywhere.** Every function signature must be fully typed.
- Use \`pathlib\` instead of \`os.path\`
- Use Fire, not \`argparse\`
- **NEVER** use \`hasattr\`
  - Use try/except for runtime attribute checks where appropriate
- Use \`einops\` for reshaping
- Keep functions under 40 lines

## NEVER

- Delete or skip failing tests
- Use bare \`except:\`
- Commit directly to \`main\`
- Leave \`print\` statements in library code

## Error handling

Fail fast. Errors should never pass silently. Use assertions, not exceptions, for internal invariants.
`,
    [
      ['This file provides guidance', { reason: NOT_ABOUT_CODE }],
      ['A small library for training', { reason: NOT_ABOUT_CODE }],
      ['Training runs on SLURM', { reason: NOT_ABOUT_CODE }],
      ['uv sync', { reason: NOT_ABOUT_CODE }],
      ['uv run pytest', { reason: NOT_ABOUT_CODE }],
      ['Python 3.11', { reason: NOT_ENFORCEABLE }],
      ['Type hints everywhere', { rules: { 'missing-type-hints': 'warning' } }],
      ['Use pathlib instead of os.path', { rules: { 'banned-api': 'warning' }, options: ban({ name: 'os.path', replacement: 'pathlib' }) }],
      ['Use Fire, not argparse', { rules: { 'banned-api': 'warning' }, options: ban({ name: 'argparse', replacement: 'Fire' }) }],
      ['NEVER use hasattr', { rules: { 'banned-api': 'error' }, options: ban({ name: 'hasattr' }) }],
      ['runtime attribute checks', { rules: { 'no-try-except': 'off' } }],
      ['Use einops for reshaping', { reason: NOT_ENFORCEABLE }],
      ['Keep functions under 40 lines', { rules: { 'long-function': 'warning' }, options: { 'long-function': { maxLines: 40 } } }],
      ['Delete or skip failing tests', { rules: { 'skipped-test': 'error' } }],
      ['Use bare except:', { rules: { 'swallowed-exception': 'error' } }],
      ['Commit directly to main', { reason: NOT_ABOUT_CODE }],
      ['Leave print statements in library code', { rules: { 'banned-api': 'error' }, options: ban({ name: 'print' }), scope: { 'banned-api': 'production code' } }],
      ['Fail fast.', { reason: NOT_ABOUT_CODE }],
      ['Errors should never pass silently.', { rules: { 'swallowed-exception': 'error' } }],
      ['Use assertions, not exceptions, for internal invariants.', { reason: NOT_ENFORCEABLE }],
    ],
  );

  documentCases(
    'an AGENTS.md with tables, a numbered list and a Testing section',
    '/ws/AGENTS.md',
    `# AGENTS.md

## Conventions

| Don't use | Use instead |
|---|---|
| \`os.path.join\` | \`pathlib.Path\` |
| \`print\` | \`logger.info\` |
| \`plt.savefig\` | \`save_figure\` |

| Rule | Why |
|---|---|
| Never use mutable default arguments | shared state between calls |
| Avoid deep nesting (max 3 levels) | readability |

1. Write docstrings for every public function (Google style).
2. Prefer vectorized torch operations over Python loops.
3. Don't add comments that explain what the code does.
4. Remove unused imports.

## Testing

- Write tests with \`pytest\`.
- Do not add doc comments to test functions.
- When writing tests, NEVER use try except.
- Never use \`time.sleep\` in tests.
`,
    [
      ['os.path.join', { rules: { 'banned-api': 'warning' }, options: ban({ name: 'os.path.join', replacement: 'pathlib.Path', rename: true }) }],
      ['logger.info', { rules: { 'banned-api': 'warning' }, options: ban({ name: 'print', replacement: 'logger.info' }) }],
      ['plt.savefig', { rules: { 'banned-api': 'warning' }, options: ban({ name: 'plt.savefig', replacement: 'save_figure' }) }],
      ['mutable default arguments', { reason: NOT_ENFORCEABLE }],
      ['Avoid deep nesting (max 3 levels)', { rules: { 'deep-nesting': 'warning' }, options: { 'deep-nesting': { maxDepth: 3 } } }],
      ['Write docstrings for every public function', { rules: { 'missing-docstring': 'warning' } }],
      ['Prefer vectorized torch operations', { rules: { 'torch-for-loop': 'information' } }],
      ["Don't add comments that explain", { rules: { 'explanatory-comment': 'warning' } }],
      ['Remove unused imports', { rules: { 'unused-import': 'warning' } }],
      ['Write tests with pytest', { reason: NOT_ENFORCEABLE }],
      ['Do not add doc comments to test functions', { rules: { 'missing-docstring': 'off' }, scope: { 'missing-docstring': 'tests' } }],
      ['When writing tests, NEVER use try except', { rules: NO_TRY('error'), scope: { 'no-try-except': 'tests', 'swallowed-exception': 'tests' } }],
      ['Never use time.sleep in tests', { rules: { 'banned-api': 'error' }, options: ban({ name: 'time.sleep' }), scope: { 'banned-api': 'tests' } }],
    ],
  );

  documentCases(
    'a Cursor rule (.cursor/rules/training.mdc) with globs and alwaysApply',
    '/ws/.cursor/rules/training.mdc',
    `---
description: Conventions for the training code
globs: src/**/*.py, scripts/*.py
alwaysApply: false
---

# Training code

- Always annotate function parameters and return types.
- Never use \`torch.load\` without \`weights_only=True\`.
- Use \`torch.testing.assert_close\` instead of \`torch.allclose\`.
- Assert tensor shapes at function boundaries, e.g. \`assert x.shape == (B, T, D)\`.
- No placeholder values or dummy returns.
`,
    [
      ['Always annotate function parameters', { rules: { 'missing-type-hints': 'warning' } }],
      ['torch.load', { reason: NOT_ENFORCEABLE }],
      ['torch.testing.assert_close', { rules: { 'banned-api': 'warning' }, options: ban({ name: 'torch.allclose', replacement: 'torch.testing.assert_close', rename: true }) }],
      ['Assert tensor shapes at function boundaries', { rules: { 'tensor-shape-assert': 'warning' } }],
      ['No placeholder values or dummy returns', { rules: { 'placeholder-value': 'warning' } }],
    ],
    { paths: ['src/**/*.py', 'scripts/*.py'], data: { alwaysApply: false } },
  );

  documentCases(
    'Copilot instructions (.github/copilot-instructions.md) with a section for the assistant',
    '/ws/.github/copilot-instructions.md',
    `# Copilot instructions

This repository contains research code for reinforcement learning from human feedback.

## Coding standards

- Always add docstrings following the NumPy convention.
- Prefer small, single-purpose functions.
- Use \`logging\` rather than \`print\`.
- Do not catch exceptions just to log them.
- Avoid \`getattr(obj, name, default)\`; access attributes directly.

## When answering questions

- Be concise and cite file paths.
- Ask before making large refactors.
`,
    [
      ['This repository contains research code', { reason: NOT_ABOUT_CODE }],
      ['Always add docstrings', { rules: { 'missing-docstring': 'warning' } }],
      ['Prefer small, single-purpose functions', { reason: NOT_ENFORCEABLE }],
      ['Use logging rather than print', { rules: { 'banned-api': 'warning' }, options: ban({ name: 'print', replacement: 'logging' }) }],
      ['Do not catch exceptions just to log them', { rules: { 'swallowed-exception': 'warning' } }],
      ['getattr(obj, name, default)', { rules: { 'fallback-default': 'warning' } }],
      ['Be concise and cite file paths', { reason: NOT_ABOUT_CODE }],
      ['Ask before making large refactors', { reason: NOT_ABOUT_CODE }],
    ],
  );

  documentCases(
    'Copilot path instructions (.github/instructions/python.instructions.md) with applyTo',
    '/ws/.github/instructions/python.instructions.md',
    `---
applyTo: "**/*.py"
---
Use type hints on public functions. Never use \`eval\` or \`exec\`. Replace \`os.system\` with \`subprocess.run\`.
`,
    [
      ['Use type hints on public functions', { rules: { 'missing-type-hints': 'warning' }, options: { 'missing-type-hints': { publicOnly: true } } }],
      ['Never use eval or exec', { rules: { 'banned-api': 'error' }, options: ban({ name: 'eval' }, { name: 'exec' }) }],
      ['Replace os.system with subprocess.run', { rules: { 'banned-api': 'warning' }, options: ban({ name: 'os.system', replacement: 'subprocess.run', rename: true }) }],
    ],
    { paths: ['**/*.py'] },
  );

  documentCases(
    'a guideline file that quotes proverbs (blockquotes, quoted sentences, attributions)',
    '/ws/CLAUDE.md',
    `# Guidelines

> "Simple is better than complex." — The Zen of Python

We follow the Zen of Python: "Errors should never pass silently." and "Explicit is better than implicit."

- "Readability counts."
- As Knuth said, "premature optimization is the root of all evil".
- Don't swallow exceptions.
- NEVEEEER use \`except Exception: pass\`!!
- Minimal, DRY code. No bloat.
- Stop using placeholder values.
- Use docstrings if possible.
- Try to avoid for loops in torch code.
- Consider adding type hints to new code.
`,
    [
      ['Simple is better than complex', { reason: QUOTATION }],
      ['The Zen of Python', { reason: QUOTATION }],
      ['We follow the Zen of Python', { reason: QUOTATION }],
      ['Readability counts', { reason: QUOTATION }],
      ['As Knuth said', { reason: QUOTATION }],
      ["Don't swallow exceptions", { rules: { 'swallowed-exception': 'warning' } }],
      ['NEVEEEER use except Exception: pass!!', { rules: { 'swallowed-exception': 'error' } }],
      [
        'Minimal, DRY code. No bloat.',
        { rules: { 'deep-nesting': 'warning', 'duplicate-code': 'warning', 'long-function': 'warning', 'redundant-code': 'warning', 'unused-import': 'warning' } },
      ],
      ['Stop using placeholder values', { rules: { 'placeholder-value': 'warning' } }],
      ['Use docstrings if possible', { rules: { 'missing-docstring': 'information' } }],
      ['Try to avoid for loops in torch code', { rules: { 'torch-for-loop': 'information' } }],
      ['Consider adding type hints to new code', { rules: { 'missing-type-hints': 'information' } }],
    ],
  );

  documentCases(
    'a Claude Code rules file (.claude/rules/testing.md) with paths: front matter',
    '/ws/.claude/rules/testing.md',
    `---
paths:
  - "tests/**/*.py"
---

# Test rules

- Tests must be deterministic: seed every RNG.
- Never skip tests; fix the code instead.
- Don't use \`xfail\` to hide failures.
- Docstrings are not needed in tests.
- Type hints are optional here.
`,
    [
      ['Tests must be deterministic', { reason: NOT_ENFORCEABLE }],
      ['Never skip tests; fix the code instead', { rules: { 'skipped-test': 'error' }, scope: { 'skipped-test': 'tests' } }],
      ["Don't use xfail to hide failures", { rules: { 'skipped-test': 'warning' }, scope: { 'skipped-test': 'tests' } }],
      ['Docstrings are not needed in tests', { rules: { 'missing-docstring': 'off' }, scope: { 'missing-docstring': 'tests' } }],
      ['Type hints are optional here', { rules: { 'missing-type-hints': 'off' }, scope: { 'missing-type-hints': 'tests' } }],
    ],
    { paths: ['tests/**/*.py'] },
  );

  documentCases(
    'Do / Don\'t label bullets, scope words and folders',
    '/ws/CLAUDE.md',
    `# Research code rules

## Do / Don't

- Do:
  - assert tensor shapes
  - use docstrings
- Don't:
  - use try/except blocks
  - add fallback defaults
  - \`np.float\` (use \`np.float64\` instead)

## Scripts

- For scripts under \`experiments/\`, docstrings are optional.
- Avoid for loops, except in notebooks.
- Never use mock data in production code.
- Outside tests, never use \`pdb\` or \`breakpoint()\`.
- Keep nesting no deeper than 3 levels.
- Never use \`from module import *\`.
`,
    [
      ['Do:', { reason: NOT_ABOUT_CODE }],
      ['assert tensor shapes', { rules: { 'tensor-shape-assert': 'warning' } }],
      ['use docstrings', { rules: { 'missing-docstring': 'warning' } }],
      ["Don't:", { reason: NOT_ABOUT_CODE }],
      ['use try/except blocks', { rules: NO_TRY('warning') }],
      ['add fallback defaults', { rules: { 'fallback-default': 'warning' } }],
      ['np.float (use np.float64 instead)', { rules: { 'banned-api': 'warning' }, options: ban({ name: 'np.float', replacement: 'np.float64', rename: true }) }],
      ['For scripts under experiments/', { rules: { 'missing-docstring': 'off' }, scope: { 'missing-docstring': 'experiments/' } }],
      ['Avoid for loops, except in notebooks', { rules: { 'torch-for-loop': 'warning' }, scope: { 'torch-for-loop': '!notebooks' } }],
      ['Never use mock data in production code', { rules: { 'placeholder-value': 'error' }, scope: { 'placeholder-value': 'production code' } }],
      ['Outside tests, never use pdb', { rules: { 'banned-api': 'error' }, options: ban({ name: 'pdb' }, { name: 'breakpoint' }), scope: { 'banned-api': '!tests' } }],
      ['Keep nesting no deeper than 3 levels', { rules: { 'deep-nesting': 'warning' }, options: { 'deep-nesting': { maxDepth: 3 } } }],
      ['from module import *', { reason: NOT_ENFORCEABLE }],
    ],
  );
});

/** The mapping of a single guideline line (a bullet of a CLAUDE.md at the workspace root). */
function mapLine(markdown: string, index = 0) {
  const g = readGuidelines('/ws/CLAUDE.md', markdown).guidelines[index];
  return classifyGuideline(g).mappings;
}
const settings = (ms: ReturnType<typeof mapLine>) => Object.fromEntries(ms.map((m) => [m.ruleId, m.setting]));

describe('RULES.md § Wording that a keyword matcher gets wrong', () => {
  it('"Use try/except for runtime attribute checks where appropriate" under "never use hasattr": no-try-except off; banned-api for hasattr on', () => {
    const text = '- never use hasattr\n  - Use try/except for runtime attribute checks where appropriate\n';
    const parent = mapLine(text, 0);
    assert.deepStrictEqual(settings(parent), { 'banned-api': 'error' });
    assert.deepStrictEqual(parent[0].options, { names: [{ name: 'hasattr' }] });
    assert.deepStrictEqual(settings(mapLine(text, 1)), { 'no-try-except': 'off' });
  });

  it('"Use try/except blocks with specific exceptions": no-try-except off, swallowed-exception on', () => {
    assert.deepStrictEqual(settings(mapLine('- Use try/except blocks with specific exceptions\n')), { 'no-try-except': 'off', 'swallowed-exception': 'warning' });
  });

  it('"**Delete commented-out code** — never": commented-out-code stays off, and no comment rule deletes', () => {
    assert.deepStrictEqual(settings(mapLine('- **Delete commented-out code** \u2014 never\n')), { 'commented-out-code': 'off' });
  });

  it('"When writing tests, NEVER use try except": no-try-except error, scoped to tests', () => {
    const ms = mapLine('- When writing tests, NEVER use try except\n');
    assert.deepStrictEqual(settings(ms), NO_TRY('error'));
    for (const m of ms) {
      assert.strictEqual(m.scope, 'tests');
      assert.deepStrictEqual(m.include, [...TEST_GLOBS]);
      assert.strictEqual(m.exclude, undefined);
    }
  });

  it('"Do not add doc comments to test functions": missing-docstring off for tests only', () => {
    const [m] = mapLine('- Do not add doc comments to test functions\n');
    assert.deepStrictEqual([m.ruleId, m.setting, m.scope, m.include], ['missing-docstring', 'off', 'tests', [...TEST_GLOBS]]);
  });

  it('a quoted proverb is information, not an order', () => {
    for (const text of ['- "Errors should never pass silently."\n', '> Errors should never pass silently.\n', 'As the Zen says, "Errors should never pass silently."\n']) {
      const g = readGuidelines('/ws/CLAUDE.md', text).guidelines[0];
      assert.deepStrictEqual(classifyGuideline(g), { mappings: [], reason: QUOTATION }, text);
    }
  });

  it('"Use assertions, not exceptions" is about raising, not catching: no try/except rule', () => {
    const g = readGuidelines('/ws/CLAUDE.md', '- Use assertions, not exceptions\n').guidelines[0];
    assert.deepStrictEqual(classifyGuideline(g), { mappings: [], reason: NOT_ENFORCEABLE });
  });

  it('"Avoid redundant shape assertions": tensor-shape-assert off (not redundant-code)', () => {
    assert.deepStrictEqual(settings(mapLine('- Avoid redundant shape assertions\n')), { 'tensor-shape-assert': 'off' });
  });

  it('"Never sequential loops over API calls": not torch-for-loop', () => {
    assert.deepStrictEqual(settings(mapLine('- Never sequential loops over API calls\n')), {});
  });

  describe('banned APIs named in code spans', () => {
    const cases: [string, Record<string, unknown>[], string][] = [
      ['- use `pathlib` instead of `os.path`\n', [{ name: 'os.path', replacement: 'pathlib' }], 'warning'],
      ['- never use `hasattr`\n', [{ name: 'hasattr' }], 'error'],
      ['- use Fire, not `argparse`\n', [{ name: 'argparse', replacement: 'Fire' }], 'warning'],
      ['- `plt.savefig` \u2192 `save_figure`\n', [{ name: 'plt.savefig', replacement: 'save_figure', rename: true }], 'warning'],
      ['- `plt.savefig` -> `save_figure`\n', [{ name: 'plt.savefig', replacement: 'save_figure', rename: true }], 'warning'],
      ["- Don't use `print`; use `logging` instead.\n", [{ name: 'print', replacement: 'logging' }], 'warning'],
      ['- Prefer `torch.einsum` over `torch.bmm`\n', [{ name: 'torch.bmm', replacement: 'torch.einsum', rename: true }], 'information'],
      ['- We use `hydra` for configs \u2014 don\'t use `argparse`\n', [{ name: 'argparse', replacement: 'hydra' }], 'warning'],
      ['- Never use `os.system`, `subprocess.call` or `eval`\n', [{ name: 'os.system' }, { name: 'subprocess.call' }, { name: 'eval' }], 'error'],
      ['- `np.random.seed` \u2192 `rng = np.random.default_rng(seed)`\n', [{ name: 'np.random.seed', replacement: 'rng = np.random.default_rng(seed)' }], 'warning'],
    ];
    for (const [text, names, sev] of cases) {
      it(text.trim(), () => {
        const ms = mapLine(text);
        assert.deepStrictEqual(settings(ms), { 'banned-api': sev });
        assert.deepStrictEqual(ms[0].options, { names });
      });
    }

    const none: [string, string][] = [
      ['- Never use `torch.load` without `weights_only=True`\n', 'only some uses are banned'],
      ['- Use `pathlib` for paths\n', 'a request, nothing banned'],
      ['- Never run `pip install` or `git push --force`\n', 'commands, not APIs'],
      ['- Never edit `setup.py` or `CLAUDE.md`\n', 'files, not APIs'],
      ['- Never set `DEBUG` to True in committed code\n', 'a constant, not an API'],
      ['- Never use `try`/`except`\n', 'keywords: the try/except rules'],
    ];
    for (const [text, why] of none) {
      it(`${text.trim()} (${why})`, () => assert.ok(!mapLine(text).some((m) => m.ruleId === 'banned-api')));
    }
  });

  describe('scope words', () => {
    const cases: [string, string, string, { include?: readonly string[]; exclude?: readonly string[] }][] = [
      ['- In tests, never use try/except\n', 'no-try-except', 'tests', { include: TEST_GLOBS }],
      ['- Never use mock data in production code\n', 'placeholder-value', 'production code', { exclude: TEST_GLOBS }],
      ['- Outside tests, avoid for loops\n', 'torch-for-loop', '!tests', { exclude: TEST_GLOBS }],
      ['- Avoid for loops, except in notebooks\n', 'torch-for-loop', '!notebooks', { exclude: NOTEBOOK_GLOBS }],
      ['- Notebooks may use for loops\n', 'torch-for-loop', 'notebooks', { include: NOTEBOOK_GLOBS }],
      ['- For scripts under `experiments/`, docstrings are optional\n', 'missing-docstring', 'experiments/', { include: ['experiments/'] }],
      ['- Never use try/except outside `scripts/legacy/`\n', 'no-try-except', '!scripts/legacy/', { exclude: ['scripts/legacy/'] }],
      ['- Type hints are optional in scripts\n', 'missing-type-hints', 'scripts', { include: ['scripts/**', '**/scripts/**'] }],
    ];
    for (const [text, rule, label, globs] of cases) {
      it(`${text.trim()} → ${rule} ${label}`, () => {
        const m = mapLine(text).find((x) => x.ruleId === rule)!;
        assert.ok(m, JSON.stringify(mapLine(text)));
        assert.strictEqual(m.scope, label);
        assert.deepStrictEqual(m.include, globs.include ? [...globs.include] : undefined);
        assert.deepStrictEqual(m.exclude, globs.exclude ? [...globs.exclude] : undefined);
      });
    }

    it('a heading or a label bullet that names a part of the code scopes what is below it', () => {
      const text = '## Testing\n\n- Never use try/except\n\n## Code\n\n- In notebooks:\n  - for loops are fine\n';
      assert.strictEqual(mapLine(text, 0)[0].scope, 'tests');
      assert.deepStrictEqual([mapLine(text, 2)[0].ruleId, mapLine(text, 2)[0].setting, mapLine(text, 2)[0].scope], ['torch-for-loop', 'off', 'notebooks']);
    });

    it('words that only look like scopes do not scope', () => {
      for (const text of [
        '- Use try/except in try/except-heavy I/O code? never\n',
        '- Never use try/except; run the tests before pushing\n',
        '- in torch code, avoid for loops\n',
        '- Never use try/except in the code under test\n',
        '- Use type hints everywhere, including tests\n',
      ]) {
        for (const m of mapLine(text)) assert.strictEqual(m.scope, undefined, `${text}: ${m.ruleId} ${m.scope}`);
      }
    });
  });
});

describe('guidelines: sentences that are not about code produce no rule', () => {
  const lines = [
    'Be concise in your answers.',
    'Always explain your reasoning before editing.',
    'Never commit directly to `main`; open a pull request.',
    'Ask me before installing new dependencies.',
    'Run `uv run pytest -x` before every commit.',
    'Use conventional commit messages.',
    'Never push with `--force`.',
    'Keep PR descriptions short.',
    'Reply in English.',
    "Don't apologize; just fix it.",
    'IMPORTANT: never create files unless necessary.',
    'Update CHANGELOG.md for user-visible changes.',
    'Summarize the plan first, then implement it.',
    'Use the GPU queue for long runs.',
    'Never use emojis in responses.',
  ];
  for (const line of lines) {
    it(line, () => {
      const g = readGuidelines('/ws/CLAUDE.md', `- ${line}\n`).guidelines[0];
      const r = classifyGuideline(g);
      assert.deepStrictEqual(r.mappings, []);
      assert.ok([NOT_ABOUT_CODE, NOT_ENFORCEABLE, AMBIGUOUS].includes(r.reason!), r.reason);
    });
  }
});
