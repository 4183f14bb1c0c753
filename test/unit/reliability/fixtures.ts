import * as fs from 'fs';
import * as path from 'path';

/** The realistic PyTorch-style fixtures of the reliability tests, many violations each. */
export const FIXTURE_DIR = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'python');
export const FIXTURES = ['train_loop.py', 'model.py', 'data_utils.py', 'small_utils.py'];

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
}
