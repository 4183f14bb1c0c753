import * as assert from 'assert';
import type { ActiveRule } from '../../src/core/engine';
import { cacheKeyOf, contentHash, LintCache } from '../../src/core/lintCache';
import { lintText } from '../../src/core/lintText';
import { RULES } from '../../src/core/rules';

const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: rule.options.parse({}), source: null }));

const TEXT = 'import torch\n\n\ndef f(x):\n    try:\n        return g(x)\n    except Exception:\n        pass\n';

describe('lint cache', () => {
  it('hashes content: equal texts agree, any change of a code unit or the length differs', () => {
    assert.strictEqual(contentHash(TEXT), contentHash(TEXT.slice()));
    assert.match(contentHash(TEXT), /^[0-9a-f]{16}-\d+$/);
    const seen = new Set<string>();
    for (let i = 0; i < TEXT.length; i++) {
      const changed = TEXT.slice(0, i) + String.fromCharCode(TEXT.charCodeAt(i) ^ 1) + TEXT.slice(i + 1);
      seen.add(contentHash(changed));
    }
    seen.add(contentHash(TEXT + ' '));
    seen.add(contentHash(''));
    seen.add(contentHash('é'));
    seen.add(contentHash('\u00e9\u0000'));
    assert.strictEqual(seen.size, TEXT.length + 4);
    assert.ok(!seen.has(contentHash(TEXT)));
  });

  it('serves the findings of an unchanged file, and misses a changed one', () => {
    const key = cacheKeyOf('0.1.0', ACTIVE);
    const cache = new LintCache(key);
    const findings = lintText(TEXT, 'm.py', ACTIVE).findings;
    assert.ok(findings.length > 0);
    cache.set('m.py', TEXT, findings);
    assert.deepStrictEqual(cache.get('m.py', TEXT), findings);
    assert.strictEqual(cache.get('m.py', TEXT + '\n'), undefined);
    assert.strictEqual(cache.get('other.py', TEXT), undefined, 'findings depend on the path too');
    assert.deepStrictEqual([cache.hits, cache.misses], [1, 2]);
  });

  it('round-trips through its serialized form, findings and fixes intact', () => {
    const key = cacheKeyOf('0.1.0', ACTIVE);
    const cache = new LintCache(key);
    const findings = lintText(TEXT, 'm.py', ACTIVE).findings;
    cache.set('m.py', TEXT, findings);
    cache.set('a.py', 'x = 1\n', []);
    const json = cache.serialize();
    assert.deepStrictEqual(Object.keys(JSON.parse(json).files), ['a.py', 'm.py'], 'sorted, so the file diffs well');
    const back = LintCache.parse(json, key);
    assert.strictEqual(back.size, 2);
    assert.deepStrictEqual(back.get('m.py', TEXT), findings);
  });

  it('is discarded whole when the rules, their options or the version change, or the file is unreadable', () => {
    const key = cacheKeyOf('0.1.0', ACTIVE);
    const cache = new LintCache(key);
    cache.set('m.py', TEXT, []);
    const json = cache.serialize();
    const fewer = cacheKeyOf('0.1.0', ACTIVE.slice(1));
    const stricter = cacheKeyOf('0.1.0', ACTIVE.map((r, i) => (i === 0 ? { ...r, severity: 'error' as const } : r)));
    const otherOptions = cacheKeyOf('0.1.0', ACTIVE.map((r) => (r.rule.meta.id === 'long-function' ? { ...r, options: { maxLines: 10 } } : r)));
    const newer = cacheKeyOf('0.2.0', ACTIVE);
    assert.strictEqual(new Set([key, fewer, stricter, otherOptions, newer]).size, 5);
    for (const other of [fewer, stricter, otherOptions, newer]) assert.strictEqual(LintCache.parse(json, other).size, 0);
    for (const bad of ['', '{', 'null', '{"format":1}', '{"format":99,"key":"' + key + '","files":{}}']) assert.strictEqual(LintCache.parse(bad, key).size, 0, bad);
  });

  it('forgets files that are gone', () => {
    const cache = new LintCache('k');
    cache.set('a.py', 'a', []);
    cache.set('b.py', 'b', []);
    cache.retain(['b.py']);
    assert.strictEqual(cache.size, 1);
    assert.deepStrictEqual(cache.get('b.py', 'b'), []);
  });
});
