import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GuidelineSource } from '../core/finding';
import { resolveRuleSet, scopeWords, type GuidelineEntry, type Mapping, type RuleSet } from '../core/guidelines';
import { RULES } from '../core/rules';
import { choice, UsageError, type ParsedArgs } from './args';
import { presetOf, rootOf } from './audit';
import { absPosix, diskHost, relPosix } from './host';

/** A source as printed: path relative to the root, 1-based line. */
interface Src {
  file: string;
  line: number;
  text: string;
}

/** One rule's setting for DIR (the `--format json` array keeps these four fields, `scope` when scoped). */
interface RuleEntry {
  rule: string;
  severity: string;
  options: Record<string, unknown>;
  source: Src | null;
  scope?: string;
}

/** What one guideline line produced, for `--explain` and the text output. */
interface Produced {
  rule: string;
  setting: string;
  options: Record<string, unknown>;
  /** The part of the code it holds for, in words ("in tests", "outside notebooks", "for src/**\/*.py"). */
  scope?: string;
  include?: string[];
  exclude?: string[];
  /** Why it does not hold for DIR although it applies there: a later line or setting replaced it. */
  overriddenBy?: string;
}

interface GuidelineLine {
  file: string;
  line: number;
  text: string;
  produced: Produced[];
  /** Why it produced no rule: not about code, not enforceable by a linter, a quotation… */
  reason?: string;
  /** The globs of its file's front matter: the file holds for those paths only. */
  paths?: string[];
}

function scopeOfMapping(m: Mapping, paths: string[] | undefined): string | undefined {
  const parts: string[] = [];
  if (paths) parts.push(`for ${paths.join(', ')}`);
  if (m.scope) parts.push(scopeWords(m.scope));
  return parts.length ? parts.join(', ') : undefined;
}

const sameSource = (a: GuidelineSource | null | undefined, b: GuidelineSource) => !!a && a.file === b.file && a.line === b.line;

/** What each guideline line produced, and why the others produced nothing. */
function explain(ruleSet: RuleSet, rel: (file: string) => string): GuidelineLine[] {
  const listRules = new Set(RULES.filter((r) => r.meta.listOptions?.length).map((r) => r.meta.id));
  const srcText = (s: GuidelineSource | null) => (s ? `${rel(s.file)}:${s.line + 1}` : 'the preset or editor settings');
  return ruleSet.guidelines.map((e: GuidelineEntry) => {
    const produced = e.mappings.map((m): Produced => {
      const scope = scopeOfMapping(m, e.filePaths);
      const final = ruleSet.settings.get(m.ruleId);
      // An unscoped line holds for DIR: if the rule's setting came from elsewhere and differs, something later replaced it.
      const differs = !!final && (final.severity !== m.setting || Object.entries(m.options).some(([k, v]) => JSON.stringify(final.options[k]) !== JSON.stringify(v)));
      const replaced =
        !scope && final && differs && !sameSource(final.source, m.source) && !(listRules.has(m.ruleId) && final.severity !== 'off' && m.setting !== 'off');
      return {
        rule: m.ruleId,
        setting: m.setting,
        options: m.options,
        ...(scope ? { scope } : {}),
        ...(m.include ? { include: m.include } : {}),
        ...(m.exclude ? { exclude: m.exclude } : {}),
        ...(replaced ? { overriddenBy: srcText(final.source) } : {}),
      };
    });
    return {
      file: rel(e.guideline.file),
      line: e.guideline.line + 1,
      text: e.guideline.text,
      produced,
      ...(e.mappings.length === 0 ? { reason: e.reason ?? 'no rule matches' } : {}),
      ...(e.filePaths ? { paths: e.filePaths } : {}),
    };
  });
}

function describe(p: Produced): string {
  const opts = Object.keys(p.options).length ? ` ${JSON.stringify(p.options)}` : '';
  const scope = p.scope ? ` (${p.scope})` : '';
  const off = p.setting === 'off' ? ` — opposite of rule ${p.rule}: turned off` : '';
  const over = p.overriddenBy ? `, overridden by ${p.overriddenBy}` : '';
  return `${p.rule} ${p.setting}${opts}${scope}${off}${over}`;
}

/**
 * `mantra rules [DIR]`: the rule set that governs DIR (a Python file directly in it), the rules
 * that hold only in part of the code, and for each guideline line what it produced or why nothing.
 * `--format json` prints the rules as an array (as before); with `--explain`, an object with the
 * rules, the scoped settings, the guideline lines and the problems.
 */
export async function runRules(args: ParsedArgs, out: NodeJS.WritableStream): Promise<number> {
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const dir = args.positionals[0] ?? '.';
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${dir}`);
  const root = rootOf(args, dir);
  // A file that does not exist: discovery only needs its folder.
  const probe = absPosix(path.join(path.resolve(dir), '__mantra_rules__.py'));
  const ruleSet = await resolveRuleSet(absPosix(root), probe, diskHost, { preset: presetOf(args) });
  const rel = (file: string) => relPosix(root, file);
  const relSrc = (s: GuidelineSource | null): Src | null => (s ? { file: rel(s.file), line: s.line + 1, text: s.text } : null);
  const entries: RuleEntry[] = RULES.map((rule) => {
    const s = ruleSet.settings.get(rule.meta.id);
    return {
      rule: rule.meta.id,
      severity: s ? s.severity : 'off',
      options: s && s.severity !== 'off' ? rule.options.parse(s.options) : {},
      source: relSrc(s?.source ?? null),
      ...(s?.scope ? { scope: s.scope } : {}),
    };
  });
  const scoped = ruleSet.layers
    .filter((l) => l.scopes.length > 0 && l.source)
    .map((l) => {
      const entry = ruleSet.guidelines.find((g) => g.mappings.some((m) => m.ruleId === l.ruleId && sameSource(l.source, m.source)));
      const mapping = entry?.mappings.find((m) => m.ruleId === l.ruleId && sameSource(l.source, m.source));
      const scope = mapping ? scopeOfMapping(mapping, entry!.filePaths) : `for ${l.scopes.flatMap((s) => s.include ?? []).join(', ')}`;
      return { rule: l.ruleId, severity: l.severity ?? 'on', options: l.options, scope: scope ?? '', source: relSrc(l.source) };
    });
  const lines = explain(ruleSet, rel);
  const problems = ruleSet.problems.map((p) => ({ file: rel(p.file), line: p.range.start.line + 1, column: p.range.start.character + 1, severity: p.severity, rule: p.ruleId, message: p.message }));

  if (format === 'json') {
    out.write(JSON.stringify(args.flags.has('explain') ? { rules: entries, scoped, guidelines: lines, problems } : entries, null, 2) + '\n');
    return 0;
  }
  const text: string[] = ['Rules:'];
  for (const e of entries) {
    const opts = Object.keys(e.options).length ? ` ${JSON.stringify(e.options)}` : '';
    const scope = e.scope ? ` (${e.scope})` : '';
    const src = e.source ? `  ← ${e.source.file}:${e.source.line} "${e.source.text}"` : '';
    text.push(`  ${e.rule.padEnd(21)} ${e.severity.padEnd(11)}${opts}${scope}${src}`);
  }
  if (scoped.length) {
    text.push('', 'Scoped (they hold only in part of the code):');
    for (const s of scoped) {
      const opts = Object.keys(s.options).length ? ` ${JSON.stringify(s.options)}` : '';
      text.push(`  ${s.rule.padEnd(21)} ${s.severity.padEnd(11)}${opts} ${s.scope}  ← ${s.source!.file}:${s.source!.line} "${s.source!.text}"`);
    }
  }
  if (lines.length) {
    text.push('', 'Guidelines:');
    for (const g of lines) {
      const paths = g.paths ? `  [for ${g.paths.join(', ')}]` : '';
      text.push(`  ${g.file}:${g.line}  "${g.text}"${paths}`);
      if (g.produced.length) for (const p of g.produced) text.push(`      → ${describe(p)}`);
      else text.push(`      → no rule: ${g.reason}`);
    }
  }
  if (ruleSet.problems.length) {
    text.push('', 'Problems in guideline files:');
    for (const p of problems) text.push(`  ${p.file}:${p.line}:${p.column}  ${p.severity}  ${p.rule}  ${p.message}`);
  }
  out.write(text.join('\n') + '\n');
  return ruleSet.problems.some((p) => p.severity === 'error') ? 1 : 0;
}
