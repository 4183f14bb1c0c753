import * as assert from 'assert';
import { AMBIGUOUS, classifyGuideline, NOT_ABOUT_CODE, NOT_ENFORCEABLE, QUOTATION, severityOfWording } from '../../../src/core/guidelines/map';
import { readGuidelines } from '../../../src/core/guidelines/read';
import type { Guideline } from '../../../src/core/guidelines/types';

interface Case {
  text: string;
  heading?: string;
  parent?: string;
  /** Exactly these settings (rule id → severity or 'off'). */
  rules?: Record<string, string>;
  options?: Record<string, Record<string, unknown>>;
  scope?: Record<string, string>;
  reason?: string;
  why?: string;
}

const FAIL_FAST_ERROR = { 'fallback-default': 'error', 'no-try-except': 'error', 'placeholder-value': 'error', 'swallowed-exception': 'error' };
const NO_TRY = (sev: string) => ({ 'no-try-except': sev, 'swallowed-exception': sev });

const CASES: Case[] = [
  // The seed's own lines.
  { text: "never use value placeholders, try/except blocks, or any 'if this fails, do this'", rules: FAIL_FAST_ERROR },
  { text: 'use assert for torch tensor shapes', rules: { 'tensor-shape-assert': 'warning' } },
  { text: 'in torch code, avoid for loops', rules: { 'torch-for-loop': 'warning' } },
  { text: 'use docstrings', rules: { 'missing-docstring': 'warning' } },
  { text: 'when editing a function with missing docstring, add one', rules: { 'edited-missing-docstring': 'warning', 'missing-docstring': 'warning' } },
  { text: 'avoid inline comments that explain the code', rules: { 'explanatory-comment': 'warning' } },
  { text: 'avoid inline comments that explain the code; keep existing ones; shape comments are fine', rules: { 'explanatory-comment': 'warning' } },
  {
    text: 'minimal, dry code; it is not bloated',
    rules: { 'deep-nesting': 'warning', 'duplicate-code': 'warning', 'long-function': 'warning', 'redundant-code': 'warning', 'unused-import': 'warning' },
  },
  // The change, not the file: untargeted-edit.
  { text: 'Keep your changes as targeted as possible.', rules: { 'untargeted-edit': 'warning' } },
  { text: 'Make minimal, targeted changes', rules: { 'untargeted-edit': 'warning' } },
  { text: 'No drive-by reformatting', rules: { 'untargeted-edit': 'warning' } },
  { text: 'Do not reformat existing code', rules: { 'untargeted-edit': 'warning' } },
  { text: 'Unrelated changes are fine', rules: { 'untargeted-edit': 'off' } },
  { text: 'explain your plan before big changes', rules: {}, reason: NOT_ABOUT_CODE, why: 'about the conversation, not the diff' },
  // RULES.md: wording that a keyword matcher gets wrong.
  { text: 'Use try/except for runtime attribute checks where appropriate', parent: 'never use hasattr', rules: { 'no-try-except': 'off' }, why: 'the parent names its own object, so it is no label' },
  { text: 'Use try/except blocks with specific exceptions', rules: { 'no-try-except': 'off', 'swallowed-exception': 'warning' } },
  { text: 'Delete commented-out code \u2014 never', rules: { 'commented-out-code': 'off' }, why: 'deleting is what is forbidden' },
  { text: 'When writing tests, NEVER use try except', rules: NO_TRY('error'), scope: { 'no-try-except': 'tests' } },
  { text: 'Do not add doc comments to test functions', rules: { 'missing-docstring': 'off' }, scope: { 'missing-docstring': 'tests' }, why: 'off for tests only' },
  { text: 'Do not add docstrings', rules: { 'missing-docstring': 'off' } },
  { text: '"Errors should never pass silently"', rules: {}, reason: QUOTATION },
  { text: 'As the Zen of Python says, "Errors should never pass silently."', rules: {}, reason: QUOTATION },
  { text: 'Errors should never pass silently', rules: { 'swallowed-exception': 'error' }, why: 'unquoted it is an order' },
  { text: 'Use assertions, not exceptions', rules: {}, reason: NOT_ENFORCEABLE },
  { text: 'Avoid redundant shape assertions', rules: { 'tensor-shape-assert': 'off' }, why: 'not redundant-code' },
  { text: 'Never sequential loops over API calls', rules: {}, reason: NOT_ENFORCEABLE },
  { text: 'Avoid for loops over API calls', rules: {}, reason: NOT_ENFORCEABLE },
  // Opposites: a request for what a rule flags turns it off.
  { text: 'use try/except to handle errors gracefully', rules: { 'no-try-except': 'off' } },
  { text: 'Inline comments are fine', rules: { 'explanatory-comment': 'off' } },
  { text: 'Docstrings are optional', rules: { 'missing-docstring': 'off' } },
  { text: 'Use for loops where they read better', rules: { 'torch-for-loop': 'off' } },
  // Severity from wording.
  { text: 'NEVEEER use try/except', rules: NO_TRY('error') },
  { text: 'No try/except!!', rules: NO_TRY('error') },
  { text: 'NO TRY/EXCEPT', rules: NO_TRY('error') },
  { text: 'You must not use placeholder values', rules: { 'placeholder-value': 'error' } },
  { text: "Don't swallow exceptions", rules: { 'swallowed-exception': 'warning' } },
  { text: 'Avoid fallback values', rules: { 'fallback-default': 'warning' } },
  { text: 'No unused imports', rules: { 'unused-import': 'warning' } },
  { text: 'Always use docstrings', rules: { 'missing-docstring': 'warning' } },
  { text: 'You must write docstrings', rules: { 'missing-docstring': 'warning' } },
  { text: 'ALWAYS write docstrings', rules: { 'missing-docstring': 'error' } },
  { text: 'Prefer vectorized operations over for loops', rules: { 'torch-for-loop': 'information' } },
  { text: 'Try to avoid for loops in torch code', rules: { 'torch-for-loop': 'information' } },
  { text: 'Consider adding docstrings', rules: { 'missing-docstring': 'information' } },
  { text: 'Use docstrings if possible', rules: { 'missing-docstring': 'information' } },
  { text: 'Keep code DRY', rules: { 'duplicate-code': 'warning' }, why: 'DRY is an acronym, not shouting' },
  // Negation in its many forms.
  { text: 'Never, ever use try/except', rules: NO_TRY('error') },
  { text: 'Write code without try/except', rules: NO_TRY('warning') },
  { text: 'Stop using placeholder values', rules: { 'placeholder-value': 'warning' } },
  { text: 'try/except blocks are not allowed', rules: NO_TRY('warning') },
  { text: 'Never use try/except, use assertions instead', rules: NO_TRY('error') },
  { text: 'Use assert, not try/except, for shape checks', rules: { ...NO_TRY('warning'), 'tensor-shape-assert': 'warning' } },
  { text: 'Instead of for loops, use vectorized torch operations', rules: { 'torch-for-loop': 'warning' } },
  { text: 'Never use placeholders or add fallbacks', rules: { 'fallback-default': 'error', 'placeholder-value': 'error' } },
  { text: 'Never catch broad exceptions', rules: { 'swallowed-exception': 'error' }, why: 'a broad handler, not every handler' },
  { text: 'Remove dead code', rules: { 'commented-out-code': 'warning', 'unused-import': 'warning' } },
  { text: 'Avoid duplicated code', rules: { 'duplicate-code': 'warning' } },
  { text: 'Limit nesting', rules: { 'deep-nesting': 'warning' } },
  { text: 'try/except for I/O', rules: {}, reason: AMBIGUOUS },
  // Numbers become options.
  { text: 'Keep functions under 40 lines', rules: { 'long-function': 'warning' }, options: { 'long-function': { maxLines: 40 } } },
  { text: 'Functions should not be longer than 30 lines', rules: { 'long-function': 'warning' }, options: { 'long-function': { maxLines: 30 } } },
  { text: 'Avoid nesting deeper than 3 levels', rules: { 'deep-nesting': 'warning' }, options: { 'deep-nesting': { maxDepth: 3 } } },
  { text: 'Nesting no deeper than 3 levels', rules: { 'deep-nesting': 'warning' }, options: { 'deep-nesting': { maxDepth: 3 } } },
  // Headings and label bullets.
  { text: 'use try/except', heading: 'NEVER', rules: NO_TRY('error') },
  { text: 'try/except blocks', heading: 'NEVER', rules: NO_TRY('error') },
  { text: 'placeholder values', heading: 'Things to avoid', rules: { 'placeholder-value': 'warning' } },
  { text: "Don't use try/except", heading: "Don'ts", rules: NO_TRY('warning') },
  { text: 'delete commented-out code', heading: 'Never', rules: { 'commented-out-code': 'off' } },
  { text: 'use docstrings', heading: "Don'ts", rules: { 'missing-docstring': 'off' } },
  { text: 'try/except', parent: 'Never do the following:', rules: NO_TRY('error') },
  { text: 'use try/except', heading: 'Error handling', rules: { 'no-try-except': 'off' }, why: 'a topic heading gives no polarity' },
  // Bold and code spans are plain text by then (see the read test); wording with them.
  { text: 'Never use try/except — let errors surface', rules: NO_TRY('error') },
  // Scope words are recorded.
  { text: 'Avoid for loops, except in notebooks', rules: { 'torch-for-loop': 'warning' }, scope: { 'torch-for-loop': '!notebooks' } },
  { text: 'Use for loops in notebooks', rules: { 'torch-for-loop': 'off' }, scope: { 'torch-for-loop': 'notebooks' } },
  // Lines from real CLAUDE.md files.
  { text: 'Do not catch exceptions just to log them', rules: { 'swallowed-exception': 'warning' }, why: 'catching to log is swallowing, not every handler' },
  { text: 'Keep functions small and focused', rules: { 'long-function': 'warning' } },
  { text: 'Use default values for optional arguments', rules: {}, reason: NOT_ENFORCEABLE, why: 'parameter defaults are no fallback' },
  { text: 'Never use mock data in production code', rules: { 'placeholder-value': 'error' }, scope: { 'placeholder-value': 'production code' } },
  { text: 'Never use bare except', rules: { 'swallowed-exception': 'error' } },
  { text: "Don't repeat yourself", rules: { 'duplicate-code': 'warning' } },
  { text: 'Vectorize operations with torch instead of python loops', rules: { 'torch-for-loop': 'warning' } },
  { text: 'Always run `pytest` before pushing', rules: {}, reason: NOT_ABOUT_CODE },
  // Not about code.
  { text: 'Be concise in chat', rules: {}, reason: NOT_ABOUT_CODE },
  { text: 'be concise', rules: {}, reason: NOT_ABOUT_CODE },
  { text: 'Run tests before committing', rules: {}, reason: NOT_ABOUT_CODE },
  { text: 'Ask before pushing', rules: {}, reason: NOT_ABOUT_CODE },
  { text: 'Do a dry run first', rules: {}, reason: NOT_ABOUT_CODE },
  { text: 'Keep commit messages minimal', rules: {}, reason: NOT_ABOUT_CODE },
  { text: 'Use pathlib instead of os.path', rules: { 'banned-api': 'warning' }, options: { 'banned-api': { names: [{ name: 'os.path', replacement: 'pathlib' }] } } },
  { text: 'Use type hints', rules: { 'missing-type-hints': 'warning' } },
];

function guideline(c: Case): Guideline {
  return {
    text: c.text,
    file: '/ws/CLAUDE.md',
    line: 3,
    kind: 'bullet',
    codeSpans: [],
    ...(c.heading ? { heading: c.heading } : {}),
    ...(c.parent ? { listParent: c.parent } : {}),
  };
}

describe('guidelines/map', () => {
  for (const c of CASES) {
    const title = `${JSON.stringify(c.text)}${c.heading ? ` under "## ${c.heading}"` : ''}${c.parent ? ` under "${c.parent}"` : ''}${c.why ? ` (${c.why})` : ''}`;
    it(title, () => {
      const r = classifyGuideline(guideline(c));
      const got = Object.fromEntries(r.mappings.map((m) => [m.ruleId, m.setting]));
      assert.deepStrictEqual(got, c.rules ?? {});
      if (c.reason) assert.strictEqual(r.reason, c.reason);
      if (r.mappings.length) assert.strictEqual(r.reason, undefined);
      for (const m of r.mappings) {
        assert.deepStrictEqual(m.options, c.options?.[m.ruleId] ?? {}, `options of ${m.ruleId}`);
        assert.deepStrictEqual(m.source, { file: '/ws/CLAUDE.md', line: 3, text: c.text });
        if (c.scope?.[m.ruleId]) assert.strictEqual(m.scope, c.scope[m.ruleId]);
      }
    });
  }

  it('a blockquote is information, not an order', () => {
    const [g] = readGuidelines('/ws/CLAUDE.md', '> Errors should never pass silently.\n').guidelines;
    assert.deepStrictEqual(classifyGuideline(g), { mappings: [], reason: QUOTATION });
  });

  it('bold and code spans from markdown map like plain words', () => {
    const [a, b] = readGuidelines('/ws/CLAUDE.md', '- **NEVER** use `try`/`except`\n- **Delete commented-out code** \u2014 never\n').guidelines;
    assert.deepStrictEqual(classifyGuideline(a).mappings.map((m) => [m.ruleId, m.setting]), [['no-try-except', 'error'], ['swallowed-exception', 'error']]);
    assert.deepStrictEqual(classifyGuideline(b).mappings.map((m) => [m.ruleId, m.setting]), [['commented-out-code', 'off']]);
  });

  it('a table with Do / Don\'t columns reads each cell under its column', () => {
    const text = "| Do | Don't |\n|---|---|\n| assert tensor shapes | try/except |\n| vectorize | placeholder values |\n";
    const [row1, row2] = readGuidelines('/ws/CLAUDE.md', text).guidelines;
    assert.deepStrictEqual(Object.fromEntries(classifyGuideline(row1).mappings.map((m) => [m.ruleId, m.setting])), { ...NO_TRY('warning'), 'tensor-shape-assert': 'warning' });
    assert.deepStrictEqual(Object.fromEntries(classifyGuideline(row2).mappings.map((m) => [m.ruleId, m.setting])), { 'placeholder-value': 'warning', 'torch-for-loop': 'warning' });
  });

  it('severity words', () => {
    const table: [string, string | null][] = [
      ['never do x', 'error'],
      ['you must not do x', 'error'],
      ['DO NOT do x', 'error'],
      ['neveeer do x', 'error'],
      ['do x!!', 'error'],
      ["don't do x", 'warning'],
      ['avoid x', 'warning'],
      ['always x', 'warning'],
      ['use x', 'warning'],
      ['prefer x', 'information'],
      ['try to x', 'information'],
      ['consider x', 'information'],
      ['x when possible', 'information'],
      ['use the API on the GPU', 'warning'],
    ];
    for (const [text, want] of table) assert.strictEqual(severityOfWording(text), want, text);
  });
});
