import * as assert from 'assert';
import * as fc from 'fast-check';
import { researchRules } from '../../../bench/reliability/common';
import { checkLint } from '../../../bench/reliability/lintCheck';
import { FRAGMENTS, mutate, type Mutation } from '../../../bench/reliability/mutate';
import { bigFile, decodeAsCli, deepNesting, longLines, oddInputs } from '../../../bench/reliability/oddInputs';
import type { ActiveRule } from '../../../src/core/engine';
import { FIXTURES, fixture } from './fixtures';

/** MANTRA_FC_SEED replays a fast-check run (its failure message prints the seed and path). */
const seed = process.env.MANTRA_FC_SEED ? Number(process.env.MANTRA_FC_SEED) : undefined;
const runs = (numRuns: number) => ({ numRuns, ...(seed !== undefined ? { seed } : {}) });

const WORDS = ['x', 'self', 'torch', 'nn', 'F', 'model', 'loss', 'batch', 'cfg', 'os', 'np', 'shape', 'get', 'print', 'range', 'len', 'Tensor', '0', '1', '-1', '1e-3', '"s"', "'k'", 'True', 'None'];
const pythonish = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 3, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { maxLength: 120 })
  .map((parts) => parts.join(''));

const frac = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-chars' as const), at: frac, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant('insert-chars' as const),
    at: frac,
    text: fc.oneof(fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 4 }).map((a) => a.join('')), fc.string({ unit: 'binary', minLength: 1, maxLength: 6 })),
  }),
  fc.record({ kind: fc.constant('swap-chars' as const), a: frac, b: frac }),
  fc.record({ kind: fc.constant('delete-line' as const), at: frac }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: frac, to: frac }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: frac, b: frac }),
  fc.record({ kind: fc.constant('truncate' as const), at: frac }),
);

describe('reliability: hostile and odd input', function () {
  this.timeout(60_000);
  let rules: ActiveRule[];
  before(() => {
    rules = researchRules();
  });

  /** lintText (and fix-all) must not throw nor report an internal error nor inside an ERROR region. */
  const clean = (text: string, opts: { fix?: boolean } = { fix: true }) => {
    const r = checkLint(text, 'pkg/odd.py', rules, opts);
    assert.deepStrictEqual(r.problems, [], `on ${JSON.stringify(text.length > 300 ? text.slice(0, 300) + '…' : text)}`);
  };

  describe('property-based (fast-check)', () => {
    it('random Python-ish text', () => {
      fc.assert(fc.property(pythonish, (text) => clean(text)), runs(250));
    });

    it('random unicode text, lone surrogates and control characters included', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => clean(text)), runs(150));
    });

    it('random bytes, decoded as the CLI decodes a file', () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => clean(decodeAsCli(bytes))), runs(100));
    });

    it('random damage to the fixtures: deleted, inserted and swapped characters and lines', () => {
      fc.assert(
        fc.property(fc.constantFrom(...FIXTURES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (name, ops) => clean(ops.reduce(mutate, fixture(name)))),
        runs(120),
      );
    });
  });

  it('truncation at every byte of a small file (cutting é, ❄ and 𝔼 in half)', () => {
    const bytes = Buffer.from(fixture('small_utils.py'), 'utf8');
    assert.ok(bytes.length > Buffer.from(fixture('small_utils.py'), 'latin1').length / 2);
    for (let n = 0; n <= bytes.length; n++) clean(decodeAsCli(bytes.subarray(0, n)), { fix: n % 8 === 0 });
  });

  describe('odd inputs', () => {
    for (const input of oddInputs(fixture('train_loop.py'))) {
      it(input.name, () => clean(input.text));
    }
  });

  describe('500 levels of nesting', () => {
    // Nested defs and nested try/except are linted at 100 levels here: at 500 they take seconds
    // (missing-docstring and the try rewrites are quadratic in depth); check:robustness runs them at 500.
    const cheap = deepNesting(500).filter((i) => !/defs|try/.test(i.name));
    for (const input of [...cheap, ...deepNesting(100).filter((i) => /defs|try/.test(i.name))]) {
      it(input.name, () => clean(input.text, { fix: false }));
    }
  });

  describe('100,000-character lines', () => {
    for (const input of longLines(100_000)) it(input.name, () => clean(input.text, { fix: false }));
  });

  it('a 5 MB file', () => {
    const text = bigFile(fixture('model.py') + '\n' + fixture('data_utils.py'), 5 * 1024 * 1024);
    assert.ok(text.length >= 5 * 1024 * 1024);
    clean(text, { fix: false });
  });
});
