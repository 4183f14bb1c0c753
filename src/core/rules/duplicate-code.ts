import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'duplicate-code',
    category: 'bloat',
    guideline: 'Keep code DRY: no duplicated blocks.',
    defaultSeverity: 'warning',
    description: 'Flags runs of six or more lines whose token shape repeats elsewhere in the file.',
    phrases: { avoid: [/\bduplicat/i, /\bcopy[\s-]*(?:and[\s-]*)?paste/i, /\brepeat(?:ed|ing)?\s+(?:code|yourself|logic)/i, /\bbloat(?:ed)?\b/i], require: [/\bdry\b/i] },
    fixable: false,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
