import * as assert from 'assert';
import { basename, dirname, foldersFromRoot, isInside, joinPath, normalizePath, relativePath, resolvePath } from '../../../src/core/paths';

describe('paths', () => {
  it('normalizes posix and Windows paths', () => {
    assert.strictEqual(normalizePath('/a/./b//c/../d/'), '/a/b/d');
    assert.strictEqual(normalizePath('C:\\ws\\src\\..\\x.py'), 'C:/ws/x.py');
    assert.strictEqual(normalizePath('/../a'), '/a');
    assert.strictEqual(normalizePath('c:/ws/a'), 'C:/ws/a');
    assert.strictEqual(normalizePath('a/../../b'), '../b');
  });
  it('dirname, basename, join, resolve', () => {
    assert.strictEqual(dirname('/ws/a/b.py'), '/ws/a');
    assert.strictEqual(dirname('/ws'), '/');
    assert.strictEqual(basename('/ws/a/b.py'), 'b.py');
    assert.strictEqual(joinPath('/ws', 'a', '../b'), '/ws/b');
    assert.strictEqual(resolvePath('/ws/a', '../docs/x.md'), '/ws/docs/x.md');
    assert.strictEqual(resolvePath('/ws/a', '/etc/x.md'), '/etc/x.md');
  });
  it('inside, relative, folders from root', () => {
    assert.ok(isInside('/ws', '/ws/a/b'));
    assert.ok(isInside('/ws', '/ws'));
    assert.ok(!isInside('/ws', '/wsx/a'));
    assert.strictEqual(relativePath('/ws', '/ws/a/b.py'), 'a/b.py');
    assert.strictEqual(relativePath('/ws', '/other'), undefined);
    assert.deepStrictEqual(foldersFromRoot('/ws', '/ws/a/b'), ['/ws', '/ws/a', '/ws/a/b']);
    assert.deepStrictEqual(foldersFromRoot('/ws', '/elsewhere'), []);
  });
});
