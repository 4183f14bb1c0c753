import * as assert from 'assert';
import { parseMantraBlock } from '../../../src/core/guidelines/config';
import { readGuidelines } from '../../../src/core/guidelines/read';

const F = '/ws/CLAUDE.md';

/** Parses the first ```mantra block of a guideline file. */
function parse(file: string) {
  const [block] = readGuidelines(F, file).blocks;
  return parseMantraBlock(block, file);
}
const fence = (yaml: string) => `# Rules\n\n\`\`\`mantra\n${yaml}\`\`\`\n`;

describe('guidelines/config', () => {
  it('reads a good block: severities, options, exclude, preset', () => {
    const c = parse(fence('preset: research\nrules:\n  no-try-except: error\n  missing-docstring: off\n  long-function: { severity: warn, maxLines: 40 }\n  deep-nesting:\n    maxDepth: 3\n  torch-for-loop: info\n  unused-import: true\nexclude: ["scripts/**", "*.ipynb"]\n'));
    assert.deepStrictEqual(c.problems, []);
    assert.strictEqual(c.preset, 'research');
    assert.deepStrictEqual(c.exclude, ['scripts/**', '*.ipynb']);
    assert.deepStrictEqual(
      c.rules.map((r) => [r.ruleId, r.severity, r.options, r.source.line, r.source.text]),
      [
        ['no-try-except', 'error', {}, 5, 'no-try-except: error'],
        ['missing-docstring', 'off', {}, 6, 'missing-docstring: off'],
        ['long-function', 'warning', { maxLines: 40 }, 7, 'long-function: { severity: warn, maxLines: 40 }'],
        ['deep-nesting', undefined, { maxDepth: 3 }, 8, 'deep-nesting:'],
        ['torch-for-loop', 'information', {}, 10, 'torch-for-loop: info'],
        ['unused-import', 'warning', {}, 11, 'unused-import: true'],
      ],
    );
  });

  it('an empty block is nothing', () => {
    assert.deepStrictEqual(parse(fence('')), { rules: [], exclude: [], problems: [] });
  });

  it('bad YAML is a problem at its line, and the valid rest still applies', () => {
    const c = parse(fence('rules:\n  no-try-except: error\n  long-function: [40\n'));
    assert.strictEqual(c.problems.length >= 1, true);
    const p = c.problems[0];
    assert.strictEqual(p.ruleId, 'guideline-config');
    assert.strictEqual(p.severity, 'error');
    assert.strictEqual(p.file, F);
    assert.ok(p.range.start.line >= 5 && p.range.start.line <= 6, `line ${p.range.start.line}`);
    assert.match(p.message, /not valid YAML/);
    assert.deepStrictEqual(c.rules.map((r) => r.ruleId), ['no-try-except']);
  });

  it('an unknown rule id suggests the nearest id, with a fix, at the key', () => {
    const file = fence('rules:\n  no-try-excpet: error\n  missing-docstring: warning\n');
    const c = parse(file);
    assert.strictEqual(c.problems.length, 1);
    const p = c.problems[0];
    assert.strictEqual(p.message, "'no-try-excpet' is not a Mantra rule: did you mean 'no-try-except'?");
    assert.deepStrictEqual(p.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 15 } });
    const edit = p.fix!.edits[0];
    assert.strictEqual(file.slice(0, edit.start) + edit.text + file.slice(edit.end), fence('rules:\n  no-try-except: error\n  missing-docstring: warning\n'));
    assert.deepStrictEqual(c.rules.map((r) => r.ruleId), ['missing-docstring']);
  });

  it('an id nothing like a rule says where the list is', () => {
    const c = parse(fence('rules:\n  zzzzzzzzzzzzzzzzzzzz: error\n'));
    assert.match(c.problems[0].message, /is not a Mantra rule: run `mantra explain`/);
  });

  it('a wrong option type is a problem at the value; other options keep', () => {
    const c = parse(fence('rules:\n  long-function: { severity: error, maxLines: "forty" }\n'));
    assert.strictEqual(c.problems.length, 1);
    assert.match(c.problems[0].message, /^long-function\.maxLines is invalid \(.*\): fix its value$/);
    assert.strictEqual(c.problems[0].range.start.line, 4);
    assert.strictEqual(c.problems[0].range.start.character, 46);
    assert.deepStrictEqual(c.rules.map((r) => [r.ruleId, r.severity, r.options]), [['long-function', 'error', {}]]);
  });

  it('an unknown option is a problem at its key, with a suggestion', () => {
    const c = parse(fence('rules:\n  long-function:\n    severity: error\n    maxLine: 30\n'));
    assert.strictEqual(c.problems.length, 1);
    assert.strictEqual(c.problems[0].message, "'maxLine' is not an option of long-function: did you mean 'maxLines'?");
    assert.deepStrictEqual(c.problems[0].range.start, { line: 6, character: 4 });
  });

  it('a rule without options says so', () => {
    const c = parse(fence('rules:\n  no-try-except: { severity: error, strict: true }\n'));
    assert.match(c.problems[0].message, /'strict' is not an option of no-try-except: it takes no options/);
    assert.deepStrictEqual(c.rules.map((r) => [r.ruleId, r.severity]), [['no-try-except', 'error']]);
  });

  it('a wrong severity, a list where a setting goes, bad exclude and preset, unknown keys', () => {
    const c = parse(fence('rules:\n  no-try-except: loud\n  missing-docstring: [error]\nexclude: 3\npreset: strict\nrule:\n  x: 1\n'));
    assert.deepStrictEqual(
      c.problems.map((p) => [p.range.start.line, p.message.replace(/:.*/, '')]),
      [
        [4, 'no-try-except must be set to error, warning, information, hint or off, or to { severity, …options }, not "loud"'],
        [5, 'missing-docstring must be set to a severity or to { severity, …options }, not a list'],
        [6, '`exclude` must be a list of glob strings, such as ["scripts/**", "*.ipynb"]'],
        [7, 'unknown preset "strict"'],
        [8, "'rule' is not a mantra block key"],
      ],
    );
    assert.match(c.problems[4].message, /did you mean 'rules'\?/);
    assert.deepStrictEqual(c.rules, []);
  });

  it('positions follow a block indented inside a list item', () => {
    const file = '- item\n\n  ```mantra\n  rules:\n    no-try-excpet: error\n  ```\n';
    const [block] = readGuidelines(F, file).blocks;
    const c = parseMantraBlock(block, file);
    assert.deepStrictEqual(c.problems[0].range, { start: { line: 4, character: 4 }, end: { line: 4, character: 17 } });
    const edit = c.problems[0].fix!.edits[0];
    assert.strictEqual(file.slice(edit.start, edit.end), 'no-try-excpet');
  });

  it('never throws on odd input', () => {
    for (const yaml of ['- a\n- b\n', 'rules: 3\n', ': :\n', 'rules:\n  ? [a]\n  : b\n', '"\n', 'rules:\n  no-try-except:\n']) {
      assert.doesNotThrow(() => parse(fence(yaml)), yaml);
    }
  });
});
