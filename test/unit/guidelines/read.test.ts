import * as assert from 'assert';
import { readGuidelines } from '../../../src/core/guidelines/read';

const F = '/ws/CLAUDE.md';
const brief = (text: string) => readGuidelines(F, text).guidelines.map((g) => ({ text: g.text, line: g.line, kind: g.kind, heading: g.heading, listParent: g.listParent }));

describe('guidelines/read', () => {
  it('reads bullets and numbered items with plain text and 0-based lines', () => {
    const text = '# Style\n\n- **Never** use `try/except`\n- use [docstrings](https://peps.python.org/pep-0257/)\n  on every function\n\n1. first\n2. _second_\n';
    assert.deepStrictEqual(brief(text), [
      { text: 'Never use try/except', line: 2, kind: 'bullet', heading: 'Style', listParent: undefined },
      { text: 'use docstrings on every function', line: 3, kind: 'bullet', heading: 'Style', listParent: undefined },
      { text: 'first', line: 6, kind: 'numbered', heading: 'Style', listParent: undefined },
      { text: 'second', line: 7, kind: 'numbered', heading: 'Style', listParent: undefined },
    ]);
    assert.deepStrictEqual(readGuidelines(F, text).guidelines[0].codeSpans, ['try/except']);
  });

  it('gives nested bullets their parent text', () => {
    const text = '- never use hasattr\n  - Use try/except for runtime attribute checks where appropriate\n    - deeper\n- next\n';
    assert.deepStrictEqual(brief(text), [
      { text: 'never use hasattr', line: 0, kind: 'bullet', heading: undefined, listParent: undefined },
      { text: 'Use try/except for runtime attribute checks where appropriate', line: 1, kind: 'bullet', heading: undefined, listParent: 'never use hasattr' },
      { text: 'deeper', line: 2, kind: 'bullet', heading: undefined, listParent: 'Use try/except for runtime attribute checks where appropriate' },
      { text: 'next', line: 3, kind: 'bullet', heading: undefined, listParent: undefined },
    ]);
  });

  it('keeps the nearest heading and splits paragraphs into sentences with their own lines', () => {
    const text = '# Top\n\n## NEVER\n\nBe concise in chat. Use docstrings, e.g. on\nevery function.\nNever use try/except!\n';
    assert.deepStrictEqual(brief(text), [
      { text: 'Be concise in chat.', line: 4, kind: 'paragraph', heading: 'NEVER', listParent: undefined },
      { text: 'Use docstrings, e.g. on every function.', line: 4, kind: 'paragraph', heading: 'NEVER', listParent: undefined },
      { text: 'Never use try/except!', line: 6, kind: 'paragraph', heading: 'NEVER', listParent: undefined },
    ]);
  });

  it('reads table rows with their cells and the header columns', () => {
    const text = '| Do | Don\'t |\n|---|---|\n| use `assert` for shapes | try/except |\n| vectorize | for loops |\n';
    const gs = readGuidelines(F, text).guidelines;
    assert.deepStrictEqual(gs.map((g) => [g.text, g.line, g.kind]), [
      ['use assert for shapes \u2014 try/except', 2, 'table-row'],
      ['vectorize \u2014 for loops', 3, 'table-row'],
    ]);
    assert.deepStrictEqual(gs[0].cells, ['use assert for shapes', 'try/except']);
    assert.deepStrictEqual(gs[0].columns, ['Do', "Don't"]);
  });

  it('marks blockquotes as quoted and ignores ordinary code blocks and html', () => {
    const text = '> Errors should never pass silently.\n\n```python\n# never use try/except\n```\n\n    indented code\n\n<!-- a comment -->\n';
    const gs = readGuidelines(F, text).guidelines;
    assert.deepStrictEqual(gs.map((g) => [g.text, g.quoted]), [['Errors should never pass silently.', true]]);
  });

  it('returns ```mantra blocks separately, with the first content line and indentation', () => {
    const text = '# Rules\n\n```mantra\nrules:\n  no-try-except: error\n```\n\n- item\n\n  ```mantra\n  exclude: [scripts/**]\n  ```\n';
    const doc = readGuidelines(F, text);
    assert.deepStrictEqual(doc.blocks, [
      { file: F, line: 3, indent: 0, text: 'rules:\n  no-try-except: error\n' },
      { file: F, line: 10, indent: 2, text: 'exclude: [scripts/**]\n' },
    ]);
    assert.deepStrictEqual(doc.guidelines.map((g) => g.text), ['item']);
  });

  it('parses front matter for paths, globs or applyTo, and keeps line numbers', () => {
    const doc = readGuidelines(F, '---\npaths:\n  - "src/**/*.py"\n  - tests/**\ndescription: x\n---\n- use docstrings\n');
    assert.deepStrictEqual(doc.frontMatter, { data: { paths: ['src/**/*.py', 'tests/**'], description: 'x' }, endLine: 5, paths: ['src/**/*.py', 'tests/**'] });
    assert.deepStrictEqual(doc.guidelines.map((g) => [g.text, g.line]), [['use docstrings', 6]]);
    assert.deepStrictEqual(readGuidelines(F, '---\nglobs: "*.py, scripts/*.py"\n---\n').frontMatter?.paths, ['*.py', 'scripts/*.py']);
    assert.deepStrictEqual(readGuidelines(F, '---\napplyTo: "**/*.py"\n---\n').frontMatter?.paths, ['**/*.py']);
  });

  it('reports bad front matter YAML at its line', () => {
    const doc = readGuidelines(F, '---\npaths: [a\n---\n- x\n');
    assert.strictEqual(doc.problems.length, 1);
    assert.strictEqual(doc.problems[0].ruleId, 'guideline-config');
    assert.strictEqual(doc.problems[0].range.start.line, 1);
    assert.deepStrictEqual(doc.guidelines.map((g) => g.text), ['x']);
  });

  it('drops task-list boxes and keeps loose list paragraphs together', () => {
    const text = '- [ ] use docstrings\n- [x] avoid for loops\n\n- first part\n\n  second part\n';
    assert.deepStrictEqual(readGuidelines(F, text).guidelines.map((g) => g.text), ['use docstrings', 'avoid for loops', 'first part second part']);
  });
});
