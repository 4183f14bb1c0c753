import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'explanatory-comment',
    category: 'comments',
    guideline: 'Avoid inline comments that explain the code.',
    defaultSeverity: 'warning',
    description: 'Flags comments that narrate the code; shape comments, pragmas and licence headers are fine.',
    phrases: { avoid: [/\b(?:inline|explanatory|narrat\w*)\s+comments?\b/i, /\bcomments?\s+(?:that|which)\s+(?:explain|describe|narrate|restate)/i, /\bcomments?\s+explaining\b/i] },
    fixable: true,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
