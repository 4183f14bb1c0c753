import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'redundant-code',
    category: 'bloat',
    guideline: 'Minimal code: no redundant constructs.',
    defaultSeverity: 'warning',
    description: 'Flags constructs with a shorter equivalent: if c: return True else: return False, == None, else after return, and more.',
    phrases: { avoid: [/\bredundan/i, /\bbloat(?:ed)?\b/i, /\bunnecessary\s+(?:code|complexity)\b/i, /\bboilerplate\b/i], require: [/\bminimal\b/i, /\bconcise\b/i, /\bsimple\s+code\b/i] },
    fixable: true,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
