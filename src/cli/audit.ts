import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { FileFinding, GuidelineSource } from '../core/finding';
import { activeRules, resolveRuleSet, type RuleSet } from '../core/guidelines';
import { fixText, lintText } from '../core/lintText';
import { formatJson, formatSarif, formatText, type AuditFile, type AuditModel, type GuidelineLine } from '../core/report';
import { choice, UsageError, type ParsedArgs } from './args';
import { findRoot, listPythonFiles } from './files';
import { absPosix, diskHost, initParserBesideBundle, relPosix } from './host';

export type Preset = 'research' | undefined;

/** The preset named by `--preset`, if any. */
export function presetOf(args: ParsedArgs): Preset {
  const p = choice(args, 'preset', ['research', 'none'] as const, 'none');
  return p === 'none' ? undefined : p;
}

/** The audit root: `--root`, else the git root of the first path, else its folder. */
export function rootOf(args: ParsedArgs, firstPath: string): string {
  const root = args.flags.get('root');
  if (typeof root === 'string') return path.resolve(root);
  if (!fs.existsSync(firstPath)) throw new UsageError(`no such file or folder: ${firstPath}`);
  return findRoot(firstPath);
}

/** Collects the guideline lines and problems of every rule set used, once each. */
class GuidelineCollector {
  readonly lines = new Map<string, GuidelineLine>();
  readonly problems = new Map<string, FileFinding>();

  constructor(private readonly root: string) {}

  add(ruleSet: RuleSet): void {
    for (const g of ruleSet.guidelines) {
      const source = this.relSource({ file: g.guideline.file, line: g.guideline.line, text: g.guideline.text });
      const key = `${source.file}:${source.line}`;
      if (this.lines.has(key)) continue;
      const rules = g.mappings.filter((m) => m.setting !== 'off').map((m) => m.ruleId);
      this.lines.set(key, { source, rules, ...(g.reason ? { reason: g.reason } : {}) });
    }
    for (const p of ruleSet.problems) {
      const rel = { ...p, file: relPosix(this.root, p.file) };
      this.problems.set(`${rel.file}:${rel.range.start.line}:${rel.message}`, rel);
    }
  }

  relSource(s: GuidelineSource): GuidelineSource {
    return { ...s, file: relPosix(this.root, s.file) };
  }
}

/** `mantra audit`: lint, optionally fix, and report. */
export async function runAudit(args: ParsedArgs, out: NodeJS.WritableStream, version: string): Promise<number> {
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const preset = presetOf(args);
  const paths = args.positionals.length ? args.positionals : ['.'];
  for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  const root = rootOf(args, paths[0]);
  await initParserBesideBundle();

  const collector = new GuidelineCollector(root);
  const files: AuditFile[] = [];
  for (const abs of listPythonFiles(root, paths)) {
    const rel = relPosix(root, abs);
    const ruleSet = await resolveRuleSet(absPosix(root), absPosix(abs), diskHost, { preset });
    collector.add(ruleSet);
    if (ruleSet.exclude.length && picomatch(ruleSet.exclude, { dot: true })(rel)) continue;
    const rules = activeRules(ruleSet);
    let text = fs.readFileSync(abs, 'utf8');
    if (args.flags.has('fix')) {
      const fixed = fixText(text, rel, rules);
      if (fixed.applied > 0) {
        fs.writeFileSync(abs, fixed.text);
        text = fixed.text;
      }
    }
    const result = lintText(text, rel, rules);
    for (const e of result.internalErrors) process.stderr.write(`mantra: internal error in rule ${e.ruleId} on ${rel}:\n${e.error.stack}\n`);
    const findings = result.findings.map((f) => (f.guideline ? { ...f, guideline: collector.relSource(f.guideline) } : f));
    files.push({ path: rel, findings });
  }

  const model: AuditModel = {
    version,
    files,
    guidelineProblems: [...collector.problems.values()],
    guidelines: [...collector.lines.values()].sort((a, b) => a.source.file.localeCompare(b.source.file) || a.source.line - b.source.line),
  };
  out.write(format === 'json' ? formatJson(model) : format === 'sarif' ? formatSarif(model) : formatText(model));
  const anyError = model.guidelineProblems.some((f) => f.severity === 'error') || files.some((f) => f.findings.some((x) => x.severity === 'error'));
  return anyError ? 1 : 0;
}
