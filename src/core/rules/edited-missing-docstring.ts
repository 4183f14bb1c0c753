import { capture, defineRule, FUNCTION_DEFINITIONS } from '../rule';
import { touchesChanged } from '../diff';
import { eolOf } from '../text';
import { exempt, insertFix, options as docstringOptions } from './missing-docstring';

/**
 * What it does: flags a function or method without a docstring whose lines the change touches
 * (the engine's `changedLines`: the working tree against `HEAD`, or `--diff-base REV` in the
 * CLI). Silent when no diff is known, so it never duplicates `missing-docstring` on a whole file.
 * Options: those of `missing-docstring` except `modules` (`private`, `dunder`, `nested`,
 * `minLines`, `style`), with the same defaults and exemptions (`@overload`, setters, lambdas).
 * Fix (snippet, not safe): the same docstring insertion as `missing-docstring`.
 */
export default defineRule({
  meta: {
    id: 'edited-missing-docstring',
    category: 'docstrings',
    guideline: 'When editing a function with missing docstring, add one.',
    defaultSeverity: 'warning',
    description: 'Flags functions without a docstring whose lines the change touches.',
    phrases: {
      require: [
        /\b(?:when|while|if)\s+(?:you\s+)?(?:edit(?:ing)?|modify(?:ing)?|chang(?:e|ing)|touch(?:ing)?)\s+(?:a\s+|an\s+)?(?:function|method)s?\b.*\bdoc\s*-?\s*strings?\b/i,
        /\bedited\s+(?:functions?|methods?)\b.*\bdoc\s*-?\s*strings?\b/i,
      ],
    },
    fixable: true,
    example: {
      flagged: 'def scale(x, factor):\n    return x * factor * 2  # edited line\n',
      fixed: 'def scale(x, factor):\n    """Multiply x by twice the factor."""\n    return x * factor * 2  # edited line\n',
    },
  },
  options: docstringOptions.omit({ modules: true }),
  query: FUNCTION_DEFINITIONS,
  check(ctx) {
    const changed = ctx.changedLines;
    if (!changed) return;
    const eol = eolOf(ctx.text);
    for (const m of ctx.matches) {
      const def = capture(m, 'def')!;
      const nameNode = capture(m, 'name')!;
      const name = nameNode.text;
      if (changed !== 'all' && !touchesChanged(changed, def.startPosition.row, def.endPosition.row)) continue;
      const info = ctx.facts.definition(def);
      if (info.docstring || exempt(def, info, name, ctx.options, ctx.text)) continue;
      const kind = info.isMethod ? 'method' : 'function';
      const fix = insertFix(def, ctx.text, eol, ctx.options.style);
      ctx.report({
        node: nameNode,
        message: `${kind} '${name}' is edited and has no docstring: add one that says what it does`,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
