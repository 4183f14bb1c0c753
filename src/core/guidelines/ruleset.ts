import type { ActiveRule } from '../engine';
import type { FileFinding, GuidelineSource, Severity } from '../finding';
import { inScope, type PathScope } from '../glob';
import { dirname } from '../paths';
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
  /** When the setting came from a scoped guideline: its scope in words ("in tests", "outside notebooks", "for src/**"). */
  scope?: string;
}

/** A guideline of the files, with what it mapped to, or why it mapped to nothing. */
export interface GuidelineEntry {
  guideline: Guideline;
  mappings: Mapping[];
  reason?: string;
  /**
   * The globs of its file's front matter (`paths:`, `globs:`, `applyTo:`): the whole file holds
   * for those paths only (relative to `base`).
   */
  filePaths?: string[];
  /** The folder the file's globs are relative to. */
  base?: string;
}

/**
 * One setting as applied, in layer order: a guideline's mapping, a block entry, the preset or an
 * editor setting, with the scopes that must all hold for a path (file front matter, wording).
 */
export interface RuleLayer {
  ruleId: string;
  /** Undefined: only options (an off rule goes on at its default severity). */
  severity: Severity | 'off' | undefined;
  options: Record<string, unknown>;
  source: GuidelineSource | null;
  scopes: PathScope[];
  /** The scope as shown, when there is one. */
  scopeLabel?: string;
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
  /** Every setting in the order applied; `settings` folds those that hold for the file. */
  layers: RuleLayer[];
}

export interface BuildOptions {
  /** A preset below every guideline (a ```mantra block's `preset:` does the same). */
  preset?: Preset;
  /** Editor settings: rule id → severity, 'off' or { severity?, ...options }. */
  overrides?: Overrides;
  /** Where overrides come from, for problems about them (default: 'settings'). */
  overridesFile?: string;
  /**
   * The file (absolute posix path) whose rule set this is: scoped guidelines apply when it is in
   * their scope. Without it, the settings are those of an ordinary file: settings scoped to
   * some paths ("in tests", `paths:`) are left out, those scoped away from some ("outside tests")
   * are in.
   */
  path?: string;
  /**
   * The workspace folder (absolute posix): scope words that name a kind of file ("in tests",
   * "except in notebooks") hold for such files anywhere in it, even when written in a nested
   * guideline file; folders and globs are relative to the guideline file's folder.
   */
  root?: string;
}

/**
 * The research preset: every rule at the severity the seed guideline implies ("never use value
 * placeholders, try/except blocks, or any 'if this fails, do this'" → the fail-fast rules at
 * error; the other asks are plain requests → warning).
 */
export function presetSettings(preset: Preset, rules: readonly Rule<any>[] = RULES): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const r of rules) {
    const sev = PRESET_SEVERITY[preset](r);
    if (sev) out.set(r.meta.id, sev);
  }
  return out;
}

const PRESET_SEVERITY: Record<Preset, (rule: Rule<any>) => Severity | undefined> = {
  // The seed asks nothing of the project rules (type hints, banned names, skipped tests).
  research: (rule) => (rule.meta.category === 'project' ? undefined : rule.meta.category === 'fail-fast' ? 'error' : 'warning'),
};

interface ReadFile {
  doc: GuidelineDocument;
  entries: GuidelineEntry[];
  configs: MantraConfig[];
  /** The front matter's globs, unless it says `alwaysApply: true` (Cursor). */
  filePaths?: string[];
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
  const fm = doc.frontMatter;
  const filePaths = fm?.paths && fm.paths.length > 0 && fm.data.alwaysApply !== true ? fm.paths : undefined;
  const out: ReadFile = { doc, entries, configs, ...(filePaths ? { filePaths } : {}) };
  if (rules === RULES) {
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
    memo.set(key, out);
  }
  return out;
}

/** Merges list options (`listOptions`): entries add up, a later entry for the same name replaces an earlier one. */
function mergeList(before: unknown, after: unknown): unknown {
  if (!Array.isArray(before) || !Array.isArray(after)) return after;
  const keyOf = (x: unknown) => (x !== null && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name) : JSON.stringify(x));
  const byKey = new Map<string, unknown>();
  for (const x of [...before, ...after]) {
    const k = keyOf(x);
    byKey.delete(k);
    byKey.set(k, x);
  }
  return [...byKey.values()];
}

/** A scope label in words: `tests` → "in tests", `!notebooks` → "outside notebooks". */
export function scopeWords(label: string): string {
  return label.startsWith('!') ? `outside ${label.slice(1)}` : `in ${label}`;
}

/** A layer's scope as shown: the file's globs ("for src/**"), then the wording ("in tests"). */
function scopeText(layer: RuleLayer): string | undefined {
  const parts: string[] = [];
  const wording = layer.scopeLabel !== undefined ? 1 : 0;
  for (const s of layer.scopes.slice(0, layer.scopes.length - wording)) if (s.include) parts.push(`for ${s.include.join(', ')}`);
  if (layer.scopeLabel !== undefined) parts.push(scopeWords(layer.scopeLabel));
  return parts.length ? parts.join(', ') : undefined;
}

/** Whether a layer holds for a path; without a path, for an ordinary file (no include-scoped layer). */
function holds(layer: RuleLayer, path: string | undefined): boolean {
  if (layer.scopes.length === 0) return true;
  if (path === undefined) return layer.scopes.every((s) => !s.include || s.include.length === 0);
  return layer.scopes.every((s) => inScope(path, s));
}

/**
 * Folds the layers that hold for `path` into one setting per rule. A later layer replaces the
 * severity and merges options (list options add up); an entry with options but no severity
 * switches an off rule on at its default severity.
 */
export function foldLayers(layers: readonly RuleLayer[], path: string | undefined, rules: readonly Rule<any>[] = RULES): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>(rules.map((r) => [r.meta.id, { severity: 'off', options: {}, source: null }]));
  const ruleOf = new Map(rules.map((r) => [r.meta.id, r]));
  for (const layer of layers) {
    if (!holds(layer, path)) continue;
    const cur = settings.get(layer.ruleId);
    const rule = ruleOf.get(layer.ruleId);
    if (!cur || !rule) continue;
    const severity = layer.severity ?? (cur.severity === 'off' ? rule.meta.defaultSeverity : cur.severity);
    const options = { ...cur.options };
    for (const [k, v] of Object.entries(layer.options)) options[k] = rule.meta.listOptions?.includes(k) && severity !== 'off' && cur.severity !== 'off' ? mergeList(options[k], v) : v;
    const scope = scopeText(layer);
    settings.set(layer.ruleId, { severity, options: severity === 'off' ? {} : options, source: layer.source, ...(scope ? { scope } : {}) });
  }
  return settings;
}

/**
 * Merges the layers into one rule set: defaults (every rule off) < preset < guideline wording of
 * CLAUDE.md / AGENTS.md / rules files outer to inner (in each file, the lines that name a scope
 * after the others) < their ```mantra blocks < CLAUDE.local.md (wording, then blocks) <
 * `opts.overrides`. A guideline holds only where its scope does: the front matter globs of its
 * file and the part of the code its wording names. Options are validated by each rule's schema:
 * what fails is dropped and reported.
 */
export function buildRuleSet(files: GuidelineFile[], opts: BuildOptions = {}, rules: readonly Rule<any>[] = RULES): RuleSet {
  const problems: FileFinding[] = [];
  const guidelines: GuidelineEntry[] = [];
  const exclude: string[] = [];
  const layers: RuleLayer[] = [];
  const ruleOf = new Map(rules.map((r) => [r.meta.id, r]));

  const read = files.map((f) => {
    const r = readFile(f, rules);
    const base = f.base ?? dirname(f.path);
    const fileScope: PathScope[] = r.filePaths ? [{ base, include: r.filePaths }] : [];
    return { file: f, base, fileScope, ...r };
  });
  for (const r of read) {
    // One push per problem: spreading 100,000 problems (1 MB of bad front matter) overflows the stack.
    for (const p of r.doc.problems) problems.push(p);
    for (const c of r.configs) for (const p of c.problems) problems.push(p);
    for (const e of r.entries) guidelines.push(r.filePaths ? { ...e, filePaths: r.filePaths, base: r.base } : e);
  }

  const preset = opts.preset ?? read.flatMap((r) => r.configs).find((c) => c.preset)?.preset;
  if (preset) for (const [id, sev] of presetSettings(preset, rules)) layers.push({ ruleId: id, severity: sev, options: {}, source: null, scopes: [] });

  // Within a file, a scoped line is an exception to the general ones, whatever their order:
  // "Use docstrings" and "Do not add doc comments to test functions" leave tests without.
  const applyProse = (r: (typeof read)[number]) => {
    const ordered = [...r.entries.flatMap((e) => e.mappings.filter((m) => !m.scope)), ...r.entries.flatMap((e) => e.mappings.filter((m) => m.scope))];
    for (const m of ordered) {
      const rule = ruleOf.get(m.ruleId);
      if (!rule) continue;
      // Options from wording ("functions under 0 lines") are checked here: what fails is dropped and reported.
      const { valid, errors } = validateOptions(rule, m.options);
      for (const err of errors) problems.push(guidelineProblem(CONFIG_RULE, m.source.file, { line: m.source.line, start: 0, end: 0 }, err.message, 'warning'));
      const kindOfFile = m.scope !== undefined && !/[/*]/.test(m.scope);
      const base = kindOfFile && opts.root !== undefined ? opts.root : r.base;
      const wording: PathScope[] = m.include || m.exclude ? [{ base, ...(m.include ? { include: m.include } : {}), ...(m.exclude ? { exclude: m.exclude } : {}) }] : [];
      layers.push({ ruleId: m.ruleId, severity: m.setting, options: valid, source: m.source, scopes: [...r.fileScope, ...wording], ...(m.scope ? { scopeLabel: m.scope } : {}) });
    }
  };
  const applyBlocks = (r: (typeof read)[number]) => {
    for (const c of r.configs) {
      for (const e of c.rules) layers.push({ ruleId: e.ruleId, severity: e.severity, options: e.options, source: e.source, scopes: r.fileScope });
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
      layers.push({ ruleId: id, severity: sev, options: valid, source: null, scopes: [] });
    } else {
      const sev = parseSeverity(value, rule);
      if (sev === undefined) {
        problems.push(guidelineProblem(CONFIG_RULE, overridesFile, at0, `${id} must be set to error, warning, information, hint or off, not ${JSON.stringify(value)}`, 'error'));
        continue;
      }
      layers.push({ ruleId: id, severity: sev, options: {}, source: null, scopes: [] });
    }
  }

  const settings = foldLayers(layers, opts.path, rules);
  return { settings, exclude, problems, guidelines, files: files.map((f) => f.path), layers };
}

/** The same rule set for another file: the layers folded again for `path` (absolute posix). */
export function ruleSetForPath(set: RuleSet, path: string, rules: readonly Rule<any>[] = RULES): RuleSet {
  return { ...set, settings: foldLayers(set.layers, path, rules) };
}

/**
 * Which scoped layers hold for `path`, as a key: files with the same key get the same settings.
 * The empty string when no layer is scoped.
 */
export function scopeSignature(set: RuleSet, path: string): string {
  let key = '';
  for (const layer of set.layers) if (layer.scopes.length) key += holds(layer, path) ? '1' : '0';
  return key;
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
