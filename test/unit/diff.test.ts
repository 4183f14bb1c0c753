import * as assert from 'assert';
import { changedLinesFromDiff, touchesChanged } from '../../src/core/diff';

describe('diff', () => {
  it('reads new-side line ranges of each file from a -U0 diff', () => {
    const diff = [
      'diff --git a/a.py b/a.py', 'index 1..2 100644', '--- a/a.py', '+++ b/a.py',
      '@@ -3 +3 @@', '-x', '+y', '@@ -10,0 +11,3 @@', '+a', '+b', '+c', '@@ -20,2 +22,0 @@', '-p', '-q',
      'diff --git a/gone.py b/gone.py', '--- a/gone.py', '+++ /dev/null', '@@ -1 +0,0 @@', '-z',
    ].join('\n');
    const m = changedLinesFromDiff(diff);
    assert.deepStrictEqual([...m.keys()], ['a.py']);
    assert.deepStrictEqual(m.get('a.py'), [{ start: 2, end: 2 }, { start: 10, end: 12 }, { start: 21, end: 22 }]);
  });

  it('touchesChanged checks overlap of inclusive ranges', () => {
    const r = [{ start: 5, end: 7 }];
    assert.ok(touchesChanged(r, 7, 9));
    assert.ok(!touchesChanged(r, 8, 9));
    assert.ok(touchesChanged(r, 0, 5));
  });
});
