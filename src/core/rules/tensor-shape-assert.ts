import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'tensor-shape-assert',
    category: 'shapes',
    guideline: 'Use assert for torch tensor shapes.',
    defaultSeverity: 'warning',
    description: 'Flags functions with tensor parameters whose shapes no assert checks.',
    phrases: { require: [/\bassert(?:s|ions?)?\b.*\bshapes?\b/i, /\bshapes?\b.*\bassert/i, /\b(?:check|verify|validate)\w*\s+(?:the\s+)?(?:tensor\s+)?shapes?\b/i] },
    fixable: true,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
