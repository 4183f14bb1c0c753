import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { activeRules, resolveRuleSet, type GuidelineHost, type RuleSet } from '../../../src/core/guidelines';
import { lintText } from '../../../src/core/lintText';
import { runCli, tempWorkspace } from '../cli/run';

/** An in-memory host: `folders` throw EISDIR as a disk would, `unreadable` ones EACCES. */
class MemHost implements GuidelineHost {
  constructor(
    readonly files: Record<string, string>,
    readonly folders: string[] = [],
    readonly unreadable: string[] = [],
  ) {}

  async readText(p: string): Promise<string | undefined> {
    if (this.folders.includes(p)) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
    if (this.unreadable.includes(p)) throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
    return this.files[p];
  }

  async list(dir: string): Promise<string[] | undefined> {
    const names = new Set<string>();
    for (const p of [...Object.keys(this.files), ...this.folders.map((f) => f + '/')]) {
      if (!p.startsWith(dir + '/')) continue;
      const rest = p.slice(dir.length + 1);
      const slash = rest.indexOf('/');
      if (rest) names.add(slash < 0 ? rest : rest.slice(0, slash + 1));
    }
    return names.size ? [...names] : undefined;
  }
}

const PROSE = '# Research code\n\n- Never use try/except blocks.\n';
const TRAIN = 'def load(path):\n    """Load a file."""\n    try:\n        return open(path).read()\n    except OSError:\n        return None\n\n\ndef size(path):\n    return len(load(path))\n';
const MB = 1024 * 1024;

async function resolve(files: Record<string, string>, folders: string[] = [], unreadable: string[] = []): Promise<RuleSet> {
  return resolveRuleSet('/ws', '/ws/src/train.py', new MemHost(files, folders, unreadable));
}

/** The one problem at `file:line` (1-based), whose message must match `message`. */
function problemAt(set: RuleSet, file: string, line: number, message: RegExp): void {
  const here = set.problems.filter((p) => p.file === file && p.range.start.line === line - 1);
  assert.ok(here.length > 0, `no problem at ${file}:${line}; problems: ${JSON.stringify(set.problems.map((p) => `${p.file}:${p.range.start.line + 1} ${p.message}`))}`);
  assert.ok(here.some((p) => message.test(p.message)), `${file}:${line}: ${here.map((p) => p.message).join(' | ')} does not match ${message}`);
}

/** The guideline that is fine still switches its rule on, and the rule still reports. */
function stillWorks(set: RuleSet, ruleId = 'no-try-except'): void {
  const rules = activeRules(set);
  assert.ok(rules.some((r) => r.rule.meta.id === ruleId), `${ruleId} is no longer on`);
  const findings = lintText(TRAIN, 'src/train.py', rules).findings;
  assert.ok(findings.some((f) => f.ruleId === ruleId), `${ruleId} no longer reports`);
  assert.ok(!findings.some((f) => f.ruleId === 'mantra-internal-error'));
}

const block = (yaml: string) => '```mantra\n' + yaml + '\n```\n';

describe('reliability: bad guideline files give located, actionable problems', function () {
  this.timeout(30_000);

  describe('malformed ```mantra blocks (through resolveRuleSet)', () => {
    it('bad YAML: the line, the parser message, and the other rules still apply', async () => {
      // (The YAML parser notices the unclosed `[` of line 7 on line 8.)
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + '\n' + block('rules:\n  missing-docstring: [warning\n  long-function: warning') + '\n' + block('rules:\n  deep-nesting: {maxDepth: 3') });
      problemAt(set, '/ws/CLAUDE.md', 8, /^the mantra block is not valid YAML \(Flow sequence .* end with a \]\): fix this line$/);
      problemAt(set, '/ws/CLAUDE.md', 13, /^the mantra block is not valid YAML \(.*end with a \}\): fix this line$/);
      stillWorks(set);
    });

    it('a tab-indented entry is one problem (the YAML error), not also an unknown key', async () => {
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + block('rules:\n\tlong-function: warning') });
      assert.deepStrictEqual(set.problems.map((p) => [p.range.start.line + 1, p.message]), [[6, 'the mantra block is not valid YAML (Tabs are not allowed as indentation): fix this line']]);
      stillWorks(set);
    });

    it('unknown rule ids: the nearest id (with a quick fix) or where the list is', async () => {
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + block('rules:\n  long-functon: warning\n  frobnicate: error') });
      problemAt(set, '/ws/CLAUDE.md', 6, /^'long-functon' is not a Mantra rule: did you mean 'long-function'\?$/);
      problemAt(set, '/ws/CLAUDE.md', 7, /^'frobnicate' is not a Mantra rule: run `mantra explain` for the list of rules$/);
      assert.ok(set.problems.find((p) => p.message.includes('long-functon'))!.fix, 'a quick fix to the nearest id');
      stillWorks(set);
    });

    it('wrong option types, severities, keys and presets each name the fix', async () => {
      const yaml = 'rules:\n  long-function: {maxLines: "forty"}\n  missing-docstring: {severity: loud}\n  deep-nesting: [1, 2]\n  duplicate-code: {minLnes: 5}\nexclude: 3\npreset: strict\nrulez: {}';
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + block(yaml) });
      problemAt(set, '/ws/CLAUDE.md', 6, /^long-function\.maxLines is invalid \(.*expected number.*\): fix its value$/);
      problemAt(set, '/ws/CLAUDE.md', 7, /^missing-docstring\.severity must be error, warning, information, hint or off, not "loud"$/);
      problemAt(set, '/ws/CLAUDE.md', 8, /^deep-nesting must be set to a severity or to \{ severity, …options \}, not a list$/);
      problemAt(set, '/ws/CLAUDE.md', 9, /^'minLnes' is not an option of duplicate-code: /);
      problemAt(set, '/ws/CLAUDE.md', 10, /^`exclude` must be a list of glob strings/);
      problemAt(set, '/ws/CLAUDE.md', 11, /^unknown preset "strict": the presets are research$/);
      problemAt(set, '/ws/CLAUDE.md', 12, /^'rulez' is not a mantra block key: did you mean 'rules'\?$/);
      stillWorks(set);
    });

    it('a block that is not a mapping, an empty block, an unclosed fence', async () => {
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + block('just words') + block('') + '```mantra\nrules:\n  long-function: warning\n' });
      problemAt(set, '/ws/CLAUDE.md', 5, /a mantra block holds a mapping .*write `rules:` on the first line/);
      stillWorks(set);
    });

    it('a YAML alias bomb and __proto__ keys are refused, not expanded or merged', async () => {
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill('*' + 'abcdefg'[i]).join(', ')}]`), 'exclude: *g', 'rules:\n  __proto__: error\n  long-function: {__proto__: {polluted: 1}}'].join('\n');
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + block(bomb) });
      assert.ok(set.problems.length > 0);
      assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
      assert.deepStrictEqual(set.exclude, []);
      stillWorks(set);
    });
  });

  describe('@imports (through resolveRuleSet)', () => {
    it('a cycle: found at the @path that closes it, the files still read once', async () => {
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + '@docs/a.md\n', '/ws/docs/a.md': '- Use docstrings.\n@b.md\n', '/ws/docs/b.md': '@a.md\n@../CLAUDE.md\n' });
      problemAt(set, '/ws/docs/b.md', 1, /^@a\.md makes an import cycle \(docs\/a\.md → docs\/b\.md → docs\/a\.md\): remove one of these imports$/);
      problemAt(set, '/ws/docs/b.md', 2, /^@\.\.\/CLAUDE\.md makes an import cycle/);
      stillWorks(set);
      stillWorks(set, 'missing-docstring');
    });

    it('deeper than 5: the hop that is not followed', async () => {
      const files: Record<string, string> = { '/ws/CLAUDE.md': PROSE + '@d1.md\n' };
      for (let i = 1; i <= 8; i++) files[`/ws/d${i}.md`] = `- Level ${i}.\n@d${i + 1}.md\n`;
      const set = await resolve(files);
      problemAt(set, '/ws/d5.md', 2, /^@d6\.md is more than 5 imports deep, so it is not read: import it from a file nearer the top$/);
      stillWorks(set);
    });

    it('outside the workspace, missing, a folder, a binary file', async () => {
      const text = PROSE + '@../shared/rules.md\n@/etc/passwd\n@~/.claude/mine.md\n@docs/missing.md\n@docs\n@weights.md\n@model.pt\n';
      const set = await resolve({ '/ws/CLAUDE.md': text, '/ws/weights.md': 'PK\u0003\u0004\u0000\u0000\ufffd\ufffd', '/ws/model.pt': '\u0080\u0002\u0000- Never use for loops.\n' }, ['/ws/docs']);
      problemAt(set, '/ws/CLAUDE.md', 4, /^@\.\.\/shared\/rules\.md points outside the workspace, so Mantra does not read it: move the file into the workspace or remove the import$/);
      problemAt(set, '/ws/CLAUDE.md', 5, /^@\/etc\/passwd points outside the workspace/);
      problemAt(set, '/ws/CLAUDE.md', 6, /^@~\/\.claude\/mine\.md is outside the workspace, so Mantra does not read it: copy the guidelines you need into the workspace or remove the import$/);
      problemAt(set, '/ws/CLAUDE.md', 7, /^@docs\/missing\.md does not exist: fix the path or remove the import$/);
      problemAt(set, '/ws/CLAUDE.md', 8, /^@docs cannot be read \(it is a folder, not a file\): import a file inside it or remove the import$/);
      problemAt(set, '/ws/CLAUDE.md', 9, /^@weights\.md cannot be read \(it is a binary file, not text\): fix the file or remove the import$/);
      problemAt(set, '/ws/CLAUDE.md', 10, /^@model\.pt cannot be read \(it is a binary file, not text\)/);
      assert.ok(!activeRules(set).some((r) => r.rule.meta.id === 'torch-for-loop'), 'nothing is read from a binary file');
      stillWorks(set);
    });

    it('100,000 bad @imports in one file: problems, not a stack overflow', async () => {
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + '@gone.md '.repeat(100_000) + '\n' });
      assert.strictEqual(set.problems.length, 100_000);
      stillWorks(set);
    });
  });

  describe('the guideline file itself (through resolveRuleSet)', () => {
    it('CLAUDE.md that is a folder: located at CLAUDE.md, says what to do; AGENTS.md still applies', async () => {
      const set = await resolve({ '/ws/AGENTS.md': PROSE }, ['/ws/CLAUDE.md']);
      problemAt(set, '/ws/CLAUDE.md', 1, /^CLAUDE\.md cannot be read \(it is a folder, not a file\): make CLAUDE\.md a markdown file, or rename the folder$/);
      stillWorks(set);
    });

    it('an unreadable CLAUDE.md: located, with the reason', async () => {
      const set = await resolve({ '/ws/AGENTS.md': PROSE, '/ws/CLAUDE.md': '- x\n' }, [], ['/ws/CLAUDE.md']);
      problemAt(set, '/ws/CLAUDE.md', 1, /^CLAUDE\.md cannot be read \(EACCES: permission denied.*\): fix its permissions or encoding$/);
      stillWorks(set);
    });

    it('a binary CLAUDE.md', async () => {
      const set = await resolve({ '/ws/AGENTS.md': PROSE, '/ws/CLAUDE.md': '\u0000\u0001\u0002 never use try/except' });
      problemAt(set, '/ws/CLAUDE.md', 1, /^CLAUDE\.md cannot be read \(it is a binary file, not text\): replace it with a markdown file$/);
      stillWorks(set);
    });

    it('a 1 MB CLAUDE.md of prose is read, and its guideline applies', async () => {
      const filler = Array.from({ length: 2200 }, (_, i) => `Section ${i} explains the data pipeline of experiment ${i} in some detail, with the paths, the seeds and the people to ask. ` .repeat(4)).join('\n\n');
      const text = PROSE + '\n' + filler + '\n';
      assert.ok(text.length >= MB);
      const set = await resolve({ '/ws/CLAUDE.md': text });
      assert.deepStrictEqual(set.problems, []);
      stillWorks(set);
    });

    it('a 1 MB ```mantra block, a 1 MB front matter: one problem each, at the start', async () => {
      const bigBlock = '```mantra\nrules:\n' + Array.from({ length: 40_000 }, (_, i) => `  rule-${i}: error`).join('\n') + '\n```\n';
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + bigBlock, '/ws/src/AGENTS.md': '---\npaths:\n' + '  - "src/**"\n'.repeat(MB / 13) + '---\n- Use docstrings.\n' });
      problemAt(set, '/ws/CLAUDE.md', 4, /^the mantra block is [\d,]+ characters long, more than the 65,536 Mantra reads: shorten it/);
      problemAt(set, '/ws/src/AGENTS.md', 1, /^front matter is [\d,]+ characters long, more than the 65,536 Mantra reads: keep only its paths$/);
      assert.strictEqual(set.problems.length, 2);
      stillWorks(set);
      stillWorks(set, 'missing-docstring');
    });

    it('a 1 MB bullet of code spans, a 1 MB line of e-mail addresses: bounded time and memory', async () => {
      const set = await resolve({ '/ws/CLAUDE.md': PROSE + '- Never use ' + '`x` '.repeat(MB / 4) + 'here.\n\n' + 'mail me@example.com '.repeat(MB / 20) + '\n' });
      stillWorks(set);
    });
  });

  describe('through the built CLI, with real files', () => {
    it('every problem is located in its guideline file, and the rules still report', () => {
      const ws = tempWorkspace({
        'CLAUDE.md': PROSE + '@docs/style.md\n@missing.md\n@../outside.md\n@weights.md\n@loop/a.md\n@deep/d1.md\n\n' + block('rules:\n  long-functon: warning') + block('rules:\n  long-function: {maxLines: "forty"}') + block('rules:\n  deep-nesting: [warning'),
        'docs/style.md': '- Use docstrings.\n',
        'loop/a.md': '@b.md\n',
        'loop/b.md': '@a.md\n',
        ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`deep/d${i + 1}.md`, `@d${i + 2}.md\n`])),
        'src/train.py': TRAIN,
        'big/CLAUDE.md': '- Use docstrings.\n\n' + 'Background on the experiments and who runs them, kept for the assistant. '.repeat(MB / 72) + '\n',
        'big/train.py': TRAIN,
        'folder/CLAUDE.md/README.md': 'a folder named CLAUDE.md\n',
        'folder/train.py': TRAIN,
      });
      fs.writeFileSync(path.join(ws, 'weights.md'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]));
      const r = runCli(['audit', ws, '--root', ws, '--format', 'json']);
      assert.strictEqual(r.code, 1, r.stderr);
      assert.strictEqual(r.stderr, '');
      const rows = JSON.parse(r.stdout) as { file: string; line: number; rule: string; message: string }[];
      const at = (file: string, line: number, message: RegExp) =>
        assert.ok(rows.some((x) => x.file === file && x.line === line && message.test(x.message)), `no ${file}:${line} ${message} in ${JSON.stringify(rows.filter((x) => x.rule.startsWith('guideline')).map((x) => `${x.file}:${x.line} ${x.message}`))}`);
      at('CLAUDE.md', 5, /^@missing\.md does not exist: fix the path or remove the import$/);
      at('CLAUDE.md', 6, /^@\.\.\/outside\.md points outside the workspace/);
      at('CLAUDE.md', 7, /^@weights\.md cannot be read \(it is a binary file, not text\)/);
      at('loop/b.md', 1, /^@a\.md makes an import cycle \(loop\/a\.md → loop\/b\.md → loop\/a\.md\)/);
      at('deep/d5.md', 1, /^@d6\.md is more than 5 imports deep/);
      at('CLAUDE.md', 13, /^'long-functon' is not a Mantra rule: did you mean 'long-function'\?$/);
      at('CLAUDE.md', 17, /^long-function\.maxLines is invalid/);
      at('CLAUDE.md', 21, /^the mantra block is not valid YAML \(.*end with a \]\): fix this line$/);
      at('folder/CLAUDE.md', 1, /^CLAUDE\.md cannot be read \(it is a folder, not a file\): make CLAUDE\.md a markdown file, or rename the folder$/);
      for (const file of ['src/train.py', 'big/train.py', 'folder/train.py']) {
        assert.ok(rows.some((x) => x.file === file && x.rule === 'no-try-except'), `no-try-except no longer reports on ${file}`);
      }
      const docstrings = rows.find((x) => x.file === 'big/train.py' && x.rule === 'missing-docstring') as { guideline?: { file: string } } | undefined;
      assert.strictEqual(docstrings?.guideline?.file, 'big/CLAUDE.md', 'the 1 MB big/CLAUDE.md still asks for docstrings');
      assert.ok(!rows.some((x) => x.rule === 'mantra-internal-error'));
      fs.rmSync(ws, { recursive: true, force: true });
    });

    const root = process.getuid?.() === 0;
    (root ? it.skip : it)(`an unreadable CLAUDE.md (chmod 000)${root ? ': skipped as root, who reads it anyway; the folder case above covers an unreadable file' : ''}`, () => {
      const ws = tempWorkspace({ 'CLAUDE.md': '- x\n', 'AGENTS.md': PROSE, 'train.py': TRAIN });
      fs.chmodSync(path.join(ws, 'CLAUDE.md'), 0);
      const r = runCli(['audit', ws, '--root', ws, '--format', 'json']);
      fs.chmodSync(path.join(ws, 'CLAUDE.md'), 0o644);
      const rows = JSON.parse(r.stdout) as { file: string; line: number; rule: string; message: string }[];
      assert.ok(rows.some((x) => x.file === 'CLAUDE.md' && x.line === 1 && /cannot be read \(EACCES/.test(x.message)));
      assert.ok(rows.some((x) => x.rule === 'no-try-except'));
      fs.rmSync(ws, { recursive: true, force: true });
    });
  });
});
