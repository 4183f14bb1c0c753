import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'torch-for-loop',
    category: 'vectorize',
    guideline: 'In torch code, avoid for loops: vectorize.',
    defaultSeverity: 'warning',
    description: 'Flags Python loops over tensor elements and append-then-stack loops in torch code.',
    phrases: { avoid: [/\bfor[\s-]*loops?\b/i, /\bpython\s+loops?\b/i, /\bloops?\s+over\s+(?:tensors?|elements|rows|the\s+batch)/i], require: [/\bvectori[sz]/i] },
    fixable: false,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
