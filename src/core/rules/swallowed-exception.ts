import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'swallowed-exception',
    category: 'fail-fast',
    guideline: 'Never swallow errors: a handler must re-raise.',
    defaultSeverity: 'error',
    description: 'Flags handlers that hide the error: pass, continue, return a constant, only logging, bare except, except Exception without re-raise, contextlib.suppress.',
    phrases: { avoid: [/\bswallow/i, /\bsilen(?:t|ce|tly)\b.*\b(?:errors?|exceptions?|fail)/i, /\b(?:errors?|exceptions?|failures?)\b.*\b(?:silen|hid|ignor|mask)/i, /\bbare\s+except/i, /\bexcept\s*:\s*pass/i, /\b(?:hid(?:e|den)|mask(?:ed)?)\s+(?:the\s+)?(?:errors?|exceptions?|failures?)/i] },
    fixable: true,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
