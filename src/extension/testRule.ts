/**
 * A deliberately failing rule for the integration suite, so it can watch what a bug in a rule
 * does in a real extension host. Off unless the extension host's environment has
 * `MANTRA_TEST_FAULTY_RULE=1` (test/integration/run.js sets it for the suite pass only), and even
 * then it throws only on files that contain `FAULTY_RULE_MARKER`: no user hits it by accident.
 */
import { z } from 'zod';
import type { ActiveRule } from '../core/engine';
import { defineRule } from '../core/rule';

export const FAULTY_RULE_ENV = 'MANTRA_TEST_FAULTY_RULE';
export const FAULTY_RULE_ID = 'mantra-test-faulty-rule';
export const FAULTY_RULE_MARKER = 'mantra-test: throw';

const faultyRule = defineRule({
  meta: {
    id: FAULTY_RULE_ID,
    category: 'project',
    guideline: 'None: a test double that throws, for the integration suite.',
    defaultSeverity: 'error',
    description: `Throws on a file that contains "${FAULTY_RULE_MARKER}".`,
    phrases: {},
    fixable: false,
    example: { flagged: `# ${FAULTY_RULE_MARKER}`, fixed: '' },
  },
  options: z.object({}),
  check({ text }) {
    if (text.includes(FAULTY_RULE_MARKER)) throw new Error(`${FAULTY_RULE_ID} throws on purpose (${FAULTY_RULE_ENV} is set)`);
  },
});

/**
 * The rules to add to every non-empty rule set: the faulty rule when `MANTRA_TEST_FAULTY_RULE=1`
 * in the extension host's environment, else none. (No `process` in the web extension host.)
 */
export function testRules(): ActiveRule[] {
  const env = typeof process === 'undefined' ? undefined : process.env[FAULTY_RULE_ENV];
  return env === '1' ? [{ rule: faultyRule, severity: 'error', options: {}, source: null }] : [];
}
