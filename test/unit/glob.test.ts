import * as assert from 'assert';
import { globMatcher, inScope, isTestPath, matchesGlobs, NOTEBOOK_GLOBS, TEST_GLOBS } from '../../src/core/glob';

describe('glob', () => {
  it('test files and folders', () => {
    for (const p of ['tests/test_model.py', 'tests/unit/helpers.py', 'pkg/tests/x.py', 'test/a.py', 'pkg/test_io.py', 'test_io.py', 'io_test.py', 'pkg/conftest.py', 'conftest.py']) {
      assert.ok(isTestPath(p), p);
    }
    for (const p of ['src/model.py', 'testing.py', 'src/latest.py', 'contest.py', 'pkg/tests_util.py', 'attest/a.py']) assert.ok(!isTestPath(p), p);
  });

  it('a pattern without a slash matches the last segment anywhere; with one, from the base', () => {
    assert.ok(matchesGlobs('a/b/c.ipynb', ['*.ipynb']));
    assert.ok(matchesGlobs('src/a.py', ['src/**/*.py']));
    assert.ok(matchesGlobs('src/x/y/a.py', ['src/**/*.py']));
    assert.ok(!matchesGlobs('lib/src/a.py', ['src/**/*.py']));
    assert.ok(matchesGlobs('scripts/run.py', ['scripts/*.py']));
    assert.ok(!matchesGlobs('scripts/sub/run.py', ['scripts/*.py']));
    assert.ok(matchesGlobs('a.py', ['**/*.py']));
  });

  it('a folder: trailing slash, plain folder path, bare folder name, anchored and ./ patterns', () => {
    assert.ok(matchesGlobs('experiments/sweep/run.py', ['experiments/']));
    assert.ok(!matchesGlobs('src/experiments.py', ['experiments/']));
    assert.ok(matchesGlobs('src/models/net.py', ['src/models']));
    assert.ok(matchesGlobs('a/notebooks/x.py', ['notebooks']));
    assert.ok(matchesGlobs('notebooks/x.py', NOTEBOOK_GLOBS));
    assert.ok(matchesGlobs('src/a.py', ['/src/**']));
    assert.ok(matchesGlobs('src/a.py', ['./src/**']));
    assert.ok(matchesGlobs('.github/x.py', ['**/*.py']), 'dot folders match');
  });

  it('an empty list matches nothing; matchers are compiled once per list', () => {
    assert.ok(!matchesGlobs('a.py', []));
    assert.strictEqual(globMatcher(TEST_GLOBS), globMatcher([...TEST_GLOBS]));
  });

  it('inScope: include minus exclude, relative to the base; outside the base is out of scope', () => {
    const scope = { base: '/ws/pkg', include: ['**/*.py'], exclude: [...TEST_GLOBS] };
    assert.ok(inScope('/ws/pkg/model.py', scope));
    assert.ok(!inScope('/ws/pkg/tests/test_model.py', scope));
    assert.ok(!inScope('/ws/other/model.py', scope));
    assert.ok(inScope('/ws/pkg/x.md', { base: '/ws/pkg' }), 'no include: everywhere below the base');
  });
});
