import { z } from 'zod';
import { isTestPath } from '../glob';
import { capture, defineRule, FUNCTION_DEFINITIONS } from '../rule';
import { hasDecorator } from '../syntax';

const options = z
  .object({
    /** Only public functions: no `_private` names, no members of private classes, no nested functions. */
    publicOnly: z.boolean().default(false),
    /** Ask for the return annotation too (`__init__` is exempt: it returns None). */
    returns: z.boolean().default(true),
    /** Skip the first parameter of methods (`self`, `cls`), as type checkers infer it. */
    skipSelfCls: z.boolean().default(true),
    /** Skip test files (`tests/`, `test_*.py`, `*_test.py`, `conftest.py`). */
    skipTests: z.boolean().default(false),
  })
  .strict();

const isPrivate = (name: string) => name.startsWith('_') && !(name.startsWith('__') && name.endsWith('__'));

function joinNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * What it does: flags functions whose parameters or return value have no type annotation; one
 * finding at the function's name lists what is missing.
 * Why: 12 of 28 public guideline files of ML repositories ask for type hints; unannotated
 * signatures hide what a function takes (a tensor? a path? a config?).
 * Options (defaults): `publicOnly: false`, `returns: true`, `skipSelfCls: true`, `skipTests: false`.
 * Never flagged: lambdas; `*`/`/` separators; the return of `__init__`.
 * Fix: none (the types are the author's to say).
 */
export default defineRule({
  meta: {
    id: 'missing-type-hints',
    category: 'project',
    guideline: 'Use type hints on function signatures.',
    defaultSeverity: 'warning',
    description: 'Flags function parameters and return values without type annotations.',
    phrases: {
      require: [
        /\btype[\s-]*(?:hints?|hinted|hinting|annotations?|annotated|signatures?)\b/i,
        /\btyped\s+(?:function\s+)?(?:signatures?|code|functions?|parameters?|arguments?|python)\b/i,
        /\bfully[\s-]+typed\b/i,
        /\bannotat(?:e|ions?)\s+(?:on\s+|for\s+|to\s+)?(?:all\s+|every\s+|each\s+)?(?:(?:function|method)\s+)?(?:functions?|parameters?|arguments?|signatures?|return\s+(?:types?|values?))\b/i,
        /\b(?:specify|declare|annotate|add)\s+(?:the\s+|explicit\s+)?return\s+types?\b/i,
      ],
    },
    wordOptions: [{ option: 'publicOnly', pattern: /\bpublic\s+(?:functions?|methods?|apis?|interfaces?|signatures?)\b/i, value: true }],
    fixable: false,
    example: {
      flagged: 'def scale(x, factor):\n    return x * factor\n',
      fixed: 'def scale(x: torch.Tensor, factor: float) -> torch.Tensor:\n    return x * factor\n',
    },
  },
  options,
  query: FUNCTION_DEFINITIONS,
  check(ctx) {
    const o = ctx.options;
    if (o.skipTests && isTestPath(ctx.path)) return;
    for (const m of ctx.matches) {
      const def = capture(m, 'def')!;
      const nameNode = capture(m, 'name')!;
      const name = nameNode.text;
      if (o.publicOnly) {
        const enclosing = ctx.facts.definition(def).enclosing;
        if (isPrivate(name) || enclosing.some((d) => d.type === 'function_definition')) continue;
        const cls = enclosing.find((d) => d.type === 'class_definition');
        if (cls && isPrivate(cls.childForFieldName('name')?.text ?? '')) continue;
      }
      const info = ctx.facts.definition(def);
      const method = info.isMethod;
      const isStatic = method && hasDecorator(info.decorators, ['staticmethod']);
      const params = info.parameters;
      const missing: string[] = [];
      params.forEach((p, i) => {
        if (i === 0 && method && !isStatic && o.skipSelfCls) return;
        if (p.annotation) return;
        const prefix = p.splat ?? '';
        missing.push(`${prefix}${p.name}`);
      });
      const needsReturn = o.returns && !def.childForFieldName('return_type') && name !== '__init__' && !info.decorators.some((d) => /\.(?:setter|deleter)$/.test(d));
      if (missing.length === 0 && !needsReturn) continue;
      const parts: string[] = [];
      if (missing.length) parts.push(`${missing.length === 1 ? 'parameter' : 'parameters'} ${joinNames(missing)}`);
      if (needsReturn) parts.push('its return value');
      const message = `'${name}' has no type hints for ${parts.join(' or ')}: annotate ${missing.length + (needsReturn ? 1 : 0) === 1 ? 'it' : 'them'}`;
      ctx.report({ node: nameNode, message });
    }
  },
});
