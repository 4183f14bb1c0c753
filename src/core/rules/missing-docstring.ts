import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'missing-docstring',
    category: 'docstrings',
    guideline: 'Use docstrings.',
    defaultSeverity: 'warning',
    description: 'Flags functions, methods and classes without a docstring.',
    phrases: { require: [/\bdoc\s*-?\s*strings?\b/i, /\bdoc(?:umentation)?\s+comments?\b/i, /\bdocument\s+(?:every|all|each|public)?\s*(?:functions?|methods?|classes)/i] },
    fixable: true,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
