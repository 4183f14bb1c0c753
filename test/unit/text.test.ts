import * as assert from 'assert';
import { LineIndex, positionFrom } from '../../src/core/text';
import { prng } from '../../bench/reliability/mutate';

describe('positionFrom', () => {
  it('gives the position LineIndex gives, from an anchor before or after the offset', () => {
    const random = prng(11);
    const alphabet = ['a', 'b', '\n', '\r\n', 'é', '😀', ' '];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const index = new LineIndex(text);
      const anchor = Math.floor(random() * (text.length + 1));
      const offset = Math.floor(random() * (text.length + 1));
      assert.deepStrictEqual(positionFrom(text, anchor, index.positionAt(anchor), offset), index.positionAt(offset), `${JSON.stringify(text)} ${anchor} -> ${offset}`);
    }
  });
});
