import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

describe('.pre-commit-hooks.yaml', () => {
  it('runs the audit of the change against HEAD once, with node, for Python changes', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', '..', '.pre-commit-hooks.yaml'), 'utf8');
    assert.match(text, /^- id: mantra$/m);
    assert.match(text, /^ {2}entry: mantra audit --diff-base HEAD$/m);
    assert.match(text, /^ {2}language: node$/m);
    assert.match(text, /^ {2}types: \[python\]$/m);
    assert.match(text, /^ {2}pass_filenames: false$/m);
  });
});
