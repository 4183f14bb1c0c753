import type { ActiveRule } from '../engine';
import type { FileFinding, GuidelineSource, Severity } from '../finding';
import type { Rule } from '../rule';
import { RULES } from '../rules';
import { parseMantraBlock, parseSeverity, validateOptions, type MantraConfig, type Preset, type RuleSettingInput } from './config';
import { classifyGuideline } from './map';
import { CONFIG_RULE, guidelineProblem, nearest } from './problems';
import { readGuidelines, type GuidelineDocument } from './read';
import type { Guideline, GuidelineFile, Mapping } from './types';

/** Editor settings for rules: the last and strongest layer. */
export type Overrides = Record<string, RuleSettingInput>;

/** One rule's resolved setting and the guideline sentence (or block line) it came from. */
export interface RuleSetting {
  severity: Severity | 'off';
  options: Record<string, unknown>;
  /** null for the defaults, the preset and editor settings. */
  source: GuidelineSource | null;
}

/** A guideline of the files, with what it mapped to, or why it mapped to nothing. */
export interface GuidelineEntry {
  guideline: Guideline;
  mappings: Mapping[];
  reason?: string;
}

/** The rules that hold for a path, with where each setting came from. */
export interface RuleSet {
  /** Every rule of the catalog, by id ('off' when nothing names it). */
  settings: Map<string, RuleSetting>;
  /** Globs of paths not to lint, from the ```mantra blocks. */
  exclude: string[];
  /** Problems in the guideline files (bad blocks, bad imports). */
  problems: FileFinding[];
  guidelines: GuidelineEntry[];
  /** The guideline files it was built from, outer to inner. */
  files: string[];
}

export interface BuildOptions {
  /** A preset below every guideline (a ```mantra block's `preset:` does the same). */
  preset?: Preset;
  /** Editor settings: rule id → severity, 'off' or { severity?, ...options }. */
  overrides?: Overrides;
  /** Where overrides come from, for problems about them (default: 'settings'). */
  overridesFile?: string;
}

/**
 * The research preset: every rule at the severity the seed guideline implies ("never use value
 * placeholders, try/except blocks, or any 'if this fails, do this'" → the fail-fast rules at
 * error; the other asks are plain requests → warning).
 */
export function presetSettings(preset: Preset, rules: readonly Rule<any>[] = RULES): Map<string, Severity> {
  return new Map(rules.map((r) => [r.meta.id, PRESET_SEVERITY[preset](r)]));
}

const PRESET_SEVERITY: Record<Preset, (rule: Rule<any>) => Severity> = {
  research: (rule) => (rule.meta.category === 'fail-fast' ? 'error' : 'warning'),
};

interface ReadFile {
  doc: GuidelineDocument;
  entries: GuidelineEntry[];
  configs: MantraConfig[];
}

const MEMO_LIMIT = 256;
const memo = new Map<string, ReadFile>();

/** Reads, maps and parses one guideline file; memoized on its path and text. */
function readFile(file: GuidelineFile, rules: readonly Rule<any>[]): ReadFile {
  const key = `${file.path}\0${file.text}`;
  const hit = rules === RULES ? memo.get(key) : undefined;
  if (hit) return hit;
  const doc = readGuidelines(file.path, file.text);
  const entries = doc.guidelines.map((g) => {
    const r = classifyGuideline(g, rules);
    return { guideline: g, mappings: r.mappings, ...(r.reason !== undefined ? { reason: r.reason } : {}) };
  });
  const configs = doc.blocks.map((b) => parseMantraBlock(b, file.text, rules));
  const out = { doc, entries, configs };
  if (rules === RULES) {
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
    memo.set(key, out);
  }
  return out;
}

/**
 * Merges the layers into one rule set: defaults (every rule off) < preset < guideline wording of
 * CLAUDE.md / AGENTS.md files outer to inner < their ```mantra blocks < CLAUDE.local.md (wording,
 * then blocks) < `opts.overrides`. A later layer replaces the severity and merges options; an
 * entry with options but no severity switches an off rule on at its default severity. Options
 * are validated by each rule's schema: what fails is dropped and reported.
 */
export function buildRuleSet(files: GuidelineFile[], opts: BuildOptions = {}, rules: readonly Rule<any>[] = RULES): RuleSet {
  const settings = new Map<string, RuleSetting>(rules.map((r) => [r.meta.id, { severity: 'off', options: {}, source: null }]));
  const problems: FileFinding[] = [];
  const guidelines: GuidelineEntry[] = [];
  const exclude: string[] = [];
  const ruleOf = new Map(rules.map((r) => [r.meta.id, r]));

  const apply = (ruleId: string, severity: Severity | 'off' | undefined, options: Record<string, unknown>, source: GuidelineSource | null) => {
    const cur = settings.get(ruleId);
    if (!cur) return;
    const sev = severity ?? (cur.severity === 'off' ? ruleOf.get(ruleId)!.meta.defaultSeverity : cur.severity);
    settings.set(ruleId, { severity: sev, options: { ...cur.options, ...options }, source });
  };

  const read = files.map((f) => ({ file: f, ...readFile(f, rules) }));
  for (const r of read) {
    problems.push(...r.doc.problems);
    for (const c of r.configs) problems.push(...c.problems);
    guidelines.push(...r.entries);
  }

  const preset = opts.preset ?? read.flatMap((r) => r.configs).find((c) => c.preset)?.preset;
  if (preset) for (const [id, sev] of presetSettings(preset, rules)) apply(id, sev, {}, null);

  const applyProse = (r: (typeof read)[number]) => {
    for (const e of r.entries) for (const m of e.mappings) apply(m.ruleId, m.setting, m.options, m.source);
  };
  const applyBlocks = (r: (typeof read)[number]) => {
    for (const c of r.configs) {
      for (const e of c.rules) apply(e.ruleId, e.severity, e.options, e.source);
      exclude.push(...c.exclude);
    }
  };
  const project = read.filter((r) => r.file.layer === 'project');
  const local = read.filter((r) => r.file.layer === 'local');
  project.forEach(applyProse);
  project.forEach(applyBlocks);
  local.forEach(applyProse);
  local.forEach(applyBlocks);

  const overridesFile = opts.overridesFile ?? 'settings';
  const at0 = { line: 0, start: 0, end: 0 };
  for (const [id, value] of Object.entries(opts.overrides ?? {})) {
    const rule = ruleOf.get(id);
    if (!rule) {
      const near = nearest(id, [...ruleOf.keys()]);
      problems.push(guidelineProblem(CONFIG_RULE, overridesFile, at0, `'${id}' is not a Mantra rule: ${near ? `did you mean '${near}'?` : 'run `mantra explain` for the list of rules'}`, 'error'));
      continue;
    }
    if (value !== null && typeof value === 'object') {
      const { severity, ...options } = value as Record<string, unknown>;
      const sev = severity === undefined ? undefined : parseSeverity(severity, rule);
      if (severity !== undefined && sev === undefined) {
        problems.push(guidelineProblem(CONFIG_RULE, overridesFile, at0, `${id}.severity must be error, warning, information, hint or off, not ${JSON.stringify(severity)}`, 'error'));
      }
      const { valid, errors } = validateOptions(rule, options);
      for (const e of errors) problems.push(guidelineProblem(CONFIG_RULE, overridesFile, at0, e.message, 'error'));
      apply(id, sev, valid, null);
    } else {
      const sev = parseSeverity(value, rule);
      if (sev === undefined) {
        problems.push(guidelineProblem(CONFIG_RULE, overridesFile, at0, `${id} must be set to error, warning, information, hint or off, not ${JSON.stringify(value)}`, 'error'));
        continue;
      }
      apply(id, sev, {}, null);
    }
  }

  // Options that came from wording ("functions under 0 lines") are checked here too.
  for (const [id, s] of settings) {
    if (Object.keys(s.options).length === 0) continue;
    const { valid, errors } = validateOptions(ruleOf.get(id)!, s.options);
    if (errors.length === 0) continue;
    s.options = valid;
    if (s.source) {
      for (const e of errors) {
        problems.push(guidelineProblem(CONFIG_RULE, s.source.file, { line: s.source.line, start: 0, end: 0 }, e.message, 'warning'));
      }
    }
  }

  return { settings, exclude, problems, guidelines, files: files.map((f) => f.path) };
}

/**
 * The rules a rule set switches on, in catalog order, with options validated by each rule's
 * schema and defaults filled in.
 */
export function activeRules(ruleSet: RuleSet, rules: readonly Rule<any>[] = RULES): ActiveRule[] {
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    const s = ruleSet.settings.get(rule.meta.id);
    if (!s || s.severity === 'off') continue;
    const parsed = rule.options.safeParse(s.options);
    out.push({ rule, severity: s.severity, options: parsed.success ? parsed.data : rule.options.parse({}), source: s.source });
  }
  return out;
}
