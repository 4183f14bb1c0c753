import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'unused-import',
    category: 'bloat',
    guideline: 'No unused imports.',
    defaultSeverity: 'warning',
    description: 'Flags imported names never used in the file.',
    phrases: { avoid: [/\bunused\s+(?:imports?|code)\b/i, /\bdead\s+code\b/i, /\bbloat(?:ed)?\b/i] },
    fixable: true,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
