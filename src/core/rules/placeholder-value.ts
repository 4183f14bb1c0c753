import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'placeholder-value',
    category: 'fail-fast',
    guideline: 'Never use value placeholders: no stubs, dummies or TODO values.',
    defaultSeverity: 'warning',
    description: 'Flags stub bodies outside abstract methods, overloads and protocols, and names or strings that say dummy, placeholder, fake, TODO or FIXME used as values.',
    phrases: { avoid: [/\bplace\s*-?\s*holders?\b/i, /\bdummy\b/i, /\bstubs?\b/i, /\bfake\s+(?:values?|data)\b/i, /\bmock(?:ed)?\s+values?\b/i] },
    fixable: false,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
