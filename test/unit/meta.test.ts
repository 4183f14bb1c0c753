import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../src/core/rules';

const repo = path.join(__dirname, '..', '..', '..');
const ruleFiles = () =>
  fs.readdirSync(path.join(repo, 'src/core/rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));

function tsFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFilesUnder(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('meta', () => {
  it('the registry equals the rules folder, sorted', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.deepStrictEqual(ids, [...ids].sort());
    assert.deepStrictEqual([...ids].sort(), ruleFiles().sort());
  });

  it('every rule has a test file', () => {
    for (const id of ruleFiles()) assert.ok(fs.existsSync(path.join(repo, 'test/unit/rules', `${id}.test.ts`)), `no test for ${id}`);
  });

  it('every rule has a kebab-case id, a description, phrases, an example and default options', () => {
    for (const rule of RULES) {
      const { meta } = rule;
      assert.match(meta.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(meta.description.length > 20, `${meta.id}: description`);
      assert.ok((meta.phrases.avoid?.length ?? 0) + (meta.phrases.require?.length ?? 0) > 0, `${meta.id}: phrases`);
      assert.ok(meta.example.flagged.trim(), `${meta.id}: example`);
      assert.doesNotThrow(() => rule.options.parse({}), `${meta.id}: options need defaults`);
    }
  });

  it('src/core imports neither vscode nor Node built-ins', () => {
    const forbidden = /(?:from\s+|require\()\s*['"](vscode|fs|path|os|child_process|node:[a-z_]+)['"]/;
    const offenders = tsFilesUnder(path.join(repo, 'src/core')).filter((f) => forbidden.test(fs.readFileSync(f, 'utf8')));
    assert.deepStrictEqual(offenders.map((f) => path.relative(repo, f)), []);
  });

  it('web-tree-sitter is imported by one module only', () => {
    const importers = tsFilesUnder(path.join(repo, 'src')).filter((f) => /from\s+['"]web-tree-sitter['"]/.test(fs.readFileSync(f, 'utf8')));
    assert.deepStrictEqual(importers.map((f) => path.relative(repo, f)), ['src/core/parse/python.ts']);
  });
});
