import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'long-function',
    category: 'bloat',
    guideline: 'Keep functions short.',
    defaultSeverity: 'warning',
    description: 'Flags functions longer than maxLines (docstring, comments and blank lines not counted).',
    phrases: { avoid: [/\b(?:long|large|huge|giant)\s+functions?\b/i, /\bbloat(?:ed)?\b/i], require: [/\b(?:short|small)\s+functions?\b/i, /\bfunctions?\s+(?:under|below|at\s+most|of\s+at\s+most|shorter\s+than|no\s+longer\s+than)\s+\d+/i] },
    numberOptions: [{ option: 'maxLines', pattern: /\b(\d+)\s*(?:lines|loc)\b/i }],
    fixable: false,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({ maxLines: z.number().int().positive().default(50) }).strict(),
  check() {},
});
