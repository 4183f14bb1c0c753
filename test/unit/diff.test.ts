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
    assert.deepStrictEqual(m.get('a.py'), [
      { start: 2, end: 2, before: { lines: ['x'], added: 1 } },
      { start: 10, end: 12, before: { lines: [], added: 3 } },
      { start: 21, end: 22, before: { lines: ['p', 'q'], added: 0 } },
    ]);
  });

  it('reads a diff with context lines (git diff HEAD, as the git extension gives it) like -U0', () => {
    const diff = [
      'diff --git a/m.py b/m.py', 'index 1..2 100644', '--- a/m.py', '+++ b/m.py',
      '@@ -1,9 +1,10 @@', ' a', ' b', ' c', '-d', '+D', ' e', '-f', ' g', '+G1', '+G2', ' h', ' i',
      '@@ -20,2 +20,2 @@', ' p', '-q', '\\ No newline at end of file', '+Q', '\\ No newline at end of file',
      '--- not a header: the hunk above is complete',
    ].join('\n');
    assert.deepStrictEqual(changedLinesFromDiff(diff).get('m.py'), [
      { start: 3, end: 3, before: { lines: ['d'], added: 1 } },
      { start: 4, end: 5, before: { lines: ['f'], added: 0 } },
      { start: 6, end: 7, before: { lines: [], added: 2 } },
      { start: 20, end: 20, before: { lines: ['q'], added: 1 } },
    ]);
  });

  it('touchesChanged checks overlap of inclusive ranges', () => {
    const r = [{ start: 5, end: 7 }];
    assert.ok(touchesChanged(r, 7, 9));
    assert.ok(!touchesChanged(r, 8, 9));
    assert.ok(touchesChanged(r, 0, 5));
  });
});
