import { z } from 'zod';
import { defineRule } from '../rule';

/** STUB: to be implemented. */
export default defineRule({
  meta: {
    id: 'fallback-default',
    category: 'fail-fast',
    guideline: 'No fallback defaults: access what must exist directly.',
    defaultSeverity: 'warning',
    description: 'Flags .get(k, default), getattr with a default, os.environ.get/os.getenv with a default, next(it, default) and hasattr-else fallbacks.',
    phrases: { avoid: [/\bfall\s*-?\s*backs?\b/i, /\bdefault\s+values?\b/i, /\bif\s+(?:this|it|that)\s+fails\b/i, /\.get\(/i, /\bgetattr\b/i, /\bsilent\s+defaults?\b/i] },
    fixable: true,
    example: { flagged: '', fixed: '' },
  },
  options: z.object({}).strict(),
  check() {},
});
