import { UsageError, type ParsedArgs } from './args';
import { RULES, ruleById } from '../core/rules';

/** `mantra explain RULE-ID`: the rule's guideline, what it flags, an example and its fix. */
export function runExplain(args: ParsedArgs, out: NodeJS.WritableStream): number {
  const id = args.positionals[0];
  if (!id) throw new UsageError('explain needs a rule id');
  const rule = ruleById(id);
  if (!rule) throw new UsageError(`unknown rule "${id}"; rules: ${RULES.map((r) => r.meta.id).join(', ')}`);
  const { meta } = rule;
  const indent = (code: string) => code.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
  const defaults = JSON.stringify(rule.options.parse({}));
  out.write(
    [
      `${meta.id}  (${meta.category}, default ${meta.defaultSeverity}${meta.fixable ? ', fixable' : ''})`,
      '',
      `Guideline: ${meta.guideline}`,
      `Flags: ${meta.description}`,
      `Options (defaults): ${defaults}`,
      '',
      'Flagged:',
      indent(meta.example.flagged),
      '',
      meta.fixable ? 'After the fix:' : 'Instead:',
      indent(meta.example.fixed),
      '',
      `Suppress on a line: # mantra: ignore[${meta.id}]   in a file: # mantra: ignore-file[${meta.id}]`,
      '',
    ].join('\n'),
  );
  return 0;
}
