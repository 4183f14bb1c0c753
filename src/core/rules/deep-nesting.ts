import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'deep-nesting',
    category: 'bloat',
    guideline: 'Avoid deep nesting.',
    defaultSeverity: 'warning',
    description: 'Flags blocks nested deeper than maxDepth.',
    phrases: { avoid: [/\b(?:deep(?:ly)?|excessive)\s*(?:-\s*)?nest/i, /\bnesting\b/i], require: [/\bflat\s+(?:code|structure)\b/i, /\bearly\s+returns?\b/i] },
    numberOptions: [{ option: 'maxDepth', pattern: /\b(\d+)\s*(?:levels?|deep)\b/i }],
    fixable: false,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({ maxDepth: z.number().int().positive().default(4) }).strict(),
  check() {},
});
