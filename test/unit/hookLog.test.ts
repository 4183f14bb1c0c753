import * as assert from 'assert';
import { summarizeHookLog } from '../../src/core/hookLog';

describe('hook log', () => {
  it('counts distinct reported findings and those a later run on the same file no longer found', () => {
    const line = (file: string, findings: string[]) => JSON.stringify({ time: 't', file, findings });
    const text = [line('a.py', ['r1: x', 'r2: y']), line('b.py', ['r1: z']), line('a.py', ['r2: y']), 'not json', '{"file": 1}', ''].join('\n');
    assert.deepStrictEqual(summarizeHookLog(text), { reported: 3, fixed: 1, badLines: [4, 5] });
  });
});
