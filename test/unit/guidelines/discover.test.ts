import * as assert from 'assert';
import { discoverGuidelineFiles, findImports, GuidelineCache, MAX_IMPORT_DEPTH } from '../../../src/core/guidelines/discover';
import { FakeHost } from './fakeHost';

const paths = (d: { files: { path: string }[] }) => d.files.map((f) => f.path);

describe('guidelines/discover', () => {
  it('finds root and nested files, outer to inner, with .claude/CLAUDE.md, AGENTS.md and CLAUDE.local.md', async () => {
    const host = new FakeHost({
      '/ws/CLAUDE.md': '- use docstrings\n',
      '/ws/.claude/CLAUDE.md': '- avoid for loops\n',
      '/ws/AGENTS.md': '- no fallbacks\n',
      '/ws/CLAUDE.local.md': '- keep functions short\n',
      '/ws/src/CLAUDE.md': '- never use try/except\n',
      '/ws/src/model/AGENTS.md': '- assert shapes\n',
      '/ws/other/CLAUDE.md': '- not for src\n',
    });
    const d = await discoverGuidelineFiles('/ws', '/ws/src/model/net.py', host);
    assert.deepStrictEqual(paths(d), ['/ws/CLAUDE.md', '/ws/.claude/CLAUDE.md', '/ws/AGENTS.md', '/ws/CLAUDE.local.md', '/ws/src/CLAUDE.md', '/ws/src/model/AGENTS.md']);
    assert.deepStrictEqual(
      d.files.map((f) => f.layer),
      ['project', 'project', 'project', 'local', 'project', 'project'],
    );
    assert.deepStrictEqual(d.problems, []);
  });

  it('reads the rules folders (.claude/rules, .cursor/rules, .github/instructions) and Copilot instructions, in order, with their base folder', async () => {
    const host = new FakeHost({
      '/ws/CLAUDE.md': '- a\n',
      '/ws/AGENTS.md': '- b\n',
      '/ws/.github/copilot-instructions.md': '- c\n',
      '/ws/.claude/rules/z.md': '- d\n',
      '/ws/.claude/rules/a/b.md': '- e\n',
      '/ws/.claude/rules/skip.txt': '- no\n',
      '/ws/.cursor/rules/py.mdc': '- f\n',
      '/ws/.github/instructions/tests.instructions.md': '- g\n',
      '/ws/.github/instructions/other.md': '- no\n',
      '/ws/CLAUDE.local.md': '- h\n',
      '/ws/src/.claude/rules/inner.md': '- i\n',
    });
    const d = await discoverGuidelineFiles('/ws', '/ws/src/x.py', host);
    assert.deepStrictEqual(paths(d), [
      '/ws/CLAUDE.md',
      '/ws/AGENTS.md',
      '/ws/.github/copilot-instructions.md',
      '/ws/.claude/rules/a/b.md',
      '/ws/.claude/rules/z.md',
      '/ws/.cursor/rules/py.mdc',
      '/ws/.github/instructions/tests.instructions.md',
      '/ws/CLAUDE.local.md',
      '/ws/src/.claude/rules/inner.md',
    ]);
    assert.deepStrictEqual(d.files.map((f) => f.base), ['/ws', '/ws', '/ws', '/ws', '/ws', '/ws', '/ws', '/ws', '/ws/src']);
    assert.deepStrictEqual(d.problems, []);
  });

  it('a file at the root sees only the root files; a path outside the root sees none', async () => {
    const host = new FakeHost({ '/ws/CLAUDE.md': 'x', '/ws/src/CLAUDE.md': 'y' });
    assert.deepStrictEqual(paths(await discoverGuidelineFiles('/ws', '/ws/train.py', host)), ['/ws/CLAUDE.md']);
    assert.deepStrictEqual(paths(await discoverGuidelineFiles('/ws', '/elsewhere/x.py', host)), []);
  });

  it('follows @imports relative to the importing file; the imported file comes before its importer', async () => {
    const host = new FakeHost({
      '/ws/CLAUDE.md': '# Rules\nSee @docs/style.md for style.\n- and @AGENTS.md\n',
      '/ws/docs/style.md': '- use docstrings\n@../shared/more.md\n',
      '/ws/shared/more.md': '- avoid for loops\n',
      '/ws/AGENTS.md': '- no fallbacks\n',
    });
    const d = await discoverGuidelineFiles('/ws', '/ws/a.py', host);
    assert.deepStrictEqual(paths(d), ['/ws/shared/more.md', '/ws/docs/style.md', '/ws/AGENTS.md', '/ws/CLAUDE.md']);
    assert.deepStrictEqual(d.files[1].importedFrom, { file: '/ws/CLAUDE.md', line: 1 });
    assert.deepStrictEqual(d.problems, [], 'AGENTS.md both imported and discovered is read once, silently');
  });

  it('imports from CLAUDE.local.md stay in the local layer', async () => {
    const host = new FakeHost({ '/ws/CLAUDE.local.md': '@mine.md\n', '/ws/mine.md': '- x\n' });
    const d = await discoverGuidelineFiles('/ws', '/ws/a.py', host);
    assert.deepStrictEqual(d.files.map((f) => [f.path, f.layer]), [['/ws/mine.md', 'local'], ['/ws/CLAUDE.local.md', 'local']]);
  });

  it('reports a cycle at the @path that closes it', async () => {
    const host = new FakeHost({ '/ws/CLAUDE.md': '@a.md\n', '/ws/a.md': 'text\n\n@CLAUDE.md\n' });
    const d = await discoverGuidelineFiles('/ws', '/ws/x.py', host);
    assert.deepStrictEqual(paths(d), ['/ws/a.md', '/ws/CLAUDE.md']);
    assert.strictEqual(d.problems.length, 1);
    const p = d.problems[0];
    assert.strictEqual(p.ruleId, 'guideline-import');
    assert.strictEqual(p.file, '/ws/a.md');
    assert.deepStrictEqual(p.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } });
    assert.match(p.message, /cycle \(CLAUDE\.md → a\.md → CLAUDE\.md\): remove one/);
  });

  it(`stops at depth ${MAX_IMPORT_DEPTH} and says so`, async () => {
    const files: Record<string, string> = { '/ws/CLAUDE.md': '@d1.md\n' };
    for (let i = 1; i <= 7; i++) files[`/ws/d${i}.md`] = `level ${i} @d${i + 1}.md\n`;
    const host = new FakeHost(files);
    const d = await discoverGuidelineFiles('/ws', '/ws/x.py', host);
    assert.deepStrictEqual(paths(d), ['/ws/d5.md', '/ws/d4.md', '/ws/d3.md', '/ws/d2.md', '/ws/d1.md', '/ws/CLAUDE.md']);
    assert.strictEqual(d.problems.length, 1);
    assert.strictEqual(d.problems[0].file, '/ws/d5.md');
    assert.deepStrictEqual(d.problems[0].range.start, { line: 0, character: 8 });
    assert.match(d.problems[0].message, /more than 5 imports deep/);
    assert.ok(!host.reads.includes('/ws/d6.md'), 'the too-deep file is not read');
  });

  it('reports imports outside the workspace and from ~ without reading them', async () => {
    const host = new FakeHost({ '/ws/CLAUDE.md': 'Mine: @~/.claude/my.md\nAlso @../secret.md and @/etc/rules.md\n' });
    const d = await discoverGuidelineFiles('/ws', '/ws/x.py', host);
    assert.deepStrictEqual(
      d.problems.map((p) => [p.range.start.line, p.range.start.character, p.range.end.character]),
      [[0, 6, 22], [1, 5, 18], [1, 23, 37]],
    );
    assert.match(d.problems[0].message, /outside the workspace/);
    assert.match(d.problems[1].message, /points outside the workspace/);
    assert.ok(host.reads.every((r) => r.startsWith('/ws/')));
  });

  it('reports a missing import; bare @words that are not files (decorators, handles) are ignored', async () => {
    const host = new FakeHost({ '/ws/CLAUDE.md': 'Read @docs/missing.md.\nUse @property and ask @alice; mail a@b.com.\n' });
    const d = await discoverGuidelineFiles('/ws', '/ws/x.py', host);
    assert.strictEqual(d.problems.length, 1);
    assert.match(d.problems[0].message, /@docs\/missing\.md does not exist: fix the path or remove the import/);
    assert.deepStrictEqual(d.problems[0].range, { start: { line: 0, character: 5 }, end: { line: 0, character: 21 } });
  });

  it('ignores @paths inside code spans and fences', () => {
    const text = 'Use `@decorator.md` here\n```\n@fenced.md\n```\n    @indented.md\n\n@real.md\n';
    assert.deepStrictEqual(findImports(text).map((r) => r.path), ['real.md']);
  });

  it('an unreadable file is a problem, not an exception', async () => {
    const host = new FakeHost({ '/ws/CLAUDE.md': '@bad.md\n', '/ws/bad.md': 'x' }, ['/ws/bad.md', '/ws/AGENTS.md']);
    const d = await discoverGuidelineFiles('/ws', '/ws/x.py', host);
    assert.deepStrictEqual(paths(d), ['/ws/CLAUDE.md']);
    assert.deepStrictEqual(d.problems.map((p) => [p.file, p.range.start.line]), [['/ws/CLAUDE.md', 0], ['/ws/AGENTS.md', 0]]);
    assert.match(d.problems[0].message, /cannot be read \(EACCES/);
  });

  it('caches per folder: 1000 files in one folder read each candidate once', async () => {
    const host = new FakeHost({ '/ws/CLAUDE.md': '- use docstrings\n', '/ws/src/CLAUDE.md': '- x\n' });
    const cache = new GuidelineCache(host);
    for (let i = 0; i < 1000; i++) await cache.discover('/ws', `/ws/src/f${i}.py`);
    assert.strictEqual(host.reads.length, 10, 'five names in each of two folders');
    assert.strictEqual(host.listings.length, 6, 'three rules folders in each of two folders');
    cache.invalidate('/ws/src/CLAUDE.md');
    host.files['/ws/src/CLAUDE.md'] = '- changed\n';
    const d = await cache.discover('/ws', '/ws/src/f1.py');
    assert.strictEqual(d.files[1].text, '- changed\n');
    assert.strictEqual(host.reads.length, 11, 'only the invalidated file is read again');
  });
});
