import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'commented-out-code',
    category: 'comments',
    guideline: 'No commented-out code.',
    defaultSeverity: 'warning',
    description: 'Flags comments whose text parses as Python statements.',
    phrases: { avoid: [/\bcommented[\s-]*out\s+code\b/i, /\bdead\s+code\b/i] },
    fixable: true,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
