import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveRuleSet } from '../core/guidelines';
import { RULES } from '../core/rules';
import { choice, UsageError, type ParsedArgs } from './args';
import { presetOf, rootOf } from './audit';
import { absPosix, diskHost, relPosix } from './host';

/** `mantra rules [DIR]`: the rule set that governs DIR, and the guideline lines no rule enforces. */
export async function runRules(args: ParsedArgs, out: NodeJS.WritableStream): Promise<number> {
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const dir = args.positionals[0] ?? '.';
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${dir}`);
  const root = rootOf(args, dir);
  // A file that does not exist: discovery only needs its folder.
  const probe = absPosix(path.join(path.resolve(dir), '__mantra_rules__.py'));
  const ruleSet = await resolveRuleSet(absPosix(root), probe, diskHost, { preset: presetOf(args) });
  const rel = (file: string) => relPosix(root, file);
  const entries = RULES.map((rule) => {
    const s = ruleSet.settings.get(rule.meta.id);
    return {
      rule: rule.meta.id,
      severity: s ? s.severity : 'off',
      options: s && s.severity !== 'off' ? rule.options.parse(s.options) : {},
      source: s?.source ? { file: rel(s.source.file), line: s.source.line + 1, text: s.source.text } : null,
    };
  });
  if (format === 'json') {
    out.write(JSON.stringify(entries, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = ['Rules:'];
  for (const e of entries) {
    const opts = Object.keys(e.options).length ? ` ${JSON.stringify(e.options)}` : '';
    const src = e.source ? `  ← ${e.source.file}:${e.source.line} "${e.source.text}"` : '';
    lines.push(`  ${e.rule.padEnd(21)} ${e.severity.padEnd(11)}${opts}${src}`);
  }
  const unmapped = ruleSet.guidelines.filter((g) => g.mappings.length === 0);
  if (unmapped.length) {
    lines.push('', 'Not enforceable:');
    for (const g of unmapped) lines.push(`  ${rel(g.guideline.file)}:${g.guideline.line + 1}  "${g.guideline.text}"  (${g.reason ?? 'no rule matches'})`);
  }
  if (ruleSet.problems.length) {
    lines.push('', 'Problems in guideline files:');
    for (const p of ruleSet.problems) lines.push(`  ${rel(p.file)}:${p.range.start.line + 1}:${p.range.start.character + 1}  ${p.severity}  ${p.ruleId}  ${p.message}`);
  }
  out.write(lines.join('\n') + '\n');
  return ruleSet.problems.some((p) => p.severity === 'error') ? 1 : 0;
}
