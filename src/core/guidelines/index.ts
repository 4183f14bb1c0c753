/**
 * The guideline layer: which guideline files govern a path, what they ask for, and the rule set
 * that results. Front doors call `resolveRuleSet` and then `activeRules`.
 */
import { normalizePath, dirname } from '../paths';
import { guidelineCacheFor, type GuidelineCache, type GuidelineHost } from './discover';
import { buildRuleSet, ruleSetForPath, scopeSignature, type BuildOptions, type RuleSet } from './ruleset';

export { discoverGuidelineFiles, findImports, GuidelineCache, guidelineCacheFor, GUIDELINE_NAMES, MAX_IMPORT_DEPTH } from './discover';
export type { Discovery, GuidelineHost, ImportRef } from './discover';
export { readGuidelines, splitFrontMatter } from './read';
export type { GuidelineDocument } from './read';
export { classifyGuideline, mapGuideline, severityOfWording, AMBIGUOUS, NOT_ABOUT_CODE, NOT_ENFORCEABLE, QUOTATION, SCOPED_OFF } from './map';
export type { MapResult } from './map';
export { parseMantraBlock, parseSeverity, validateOptions, PRESETS } from './config';
export type { MantraConfig, Preset, RuleConfigEntry, RuleSettingInput } from './config';
export { activeRules, buildRuleSet, foldLayers, presetSettings, ruleSetForPath, scopeSignature, scopeWords } from './ruleset';
export type { BuildOptions, GuidelineEntry, Overrides, RuleLayer, RuleSet, RuleSetting } from './ruleset';
export { scopeOf } from './map';
export type { ScopeWords } from './map';
export { CONFIG_RULE, IMPORT_RULE } from './problems';
export type * from './types';

/** The rule sets of one folder set, per set of scopes that hold (see `scopeSignature`). */
const scopedSets = new WeakMap<RuleSet, Map<string, RuleSet>>();

export interface ResolveOptions extends BuildOptions {
  /** The cache to use; by default the one kept for `host`. */
  cache?: GuidelineCache;
}

/**
 * The rule set for one file: discovers its guideline files below `root` (absolute posix paths),
 * reads, maps and merges them, adds the discovery problems, and applies the scoped guidelines
 * (front matter globs, "in tests") that hold for `filePath`. Results are cached per folder and
 * options, and per set of scopes that hold, on the host's cache: call
 * `guidelineCacheFor(host).invalidate(path)` when a guideline file changes.
 */
export async function resolveRuleSet(root: string, filePath: string, host: GuidelineHost, opts: ResolveOptions = {}): Promise<RuleSet> {
  const cache = opts.cache ?? guidelineCacheFor(host);
  const build: BuildOptions = { preset: opts.preset, overrides: opts.overrides, overridesFile: opts.overridesFile };
  const r = normalizePath(root);
  const f = normalizePath(filePath);
  const key = `ruleset\0${r}\0${dirname(f)}\0${JSON.stringify(build)}`;
  let p = cache.derived.get(key) as Promise<RuleSet> | undefined;
  if (!p) {
    p = cache.discover(r, f).then((d) => {
      const set = buildRuleSet(d.files, { ...build, root: r });
      // Not unshift(...d.problems): a file with 100,000 bad @imports would overflow the stack.
      set.problems = d.problems.concat(set.problems);
      return set;
    });
    // A bug must not stay cached: the next call tries again (and fails loudly again).
    p.catch(() => cache.derived.delete(key));
    cache.derived.set(key, p);
  }
  const folderSet = await p;
  // Keyed by the folder set itself, not in `cache.derived`: a resolve still running when the
  // cache was invalidated holds a stale folder set, and must not leave its scoped set where the
  // next resolve would find it.
  let bySignature = scopedSets.get(folderSet);
  if (!bySignature) scopedSets.set(folderSet, (bySignature = new Map()));
  const signature = scopeSignature(folderSet, f);
  let scoped = bySignature.get(signature);
  if (!scoped) bySignature.set(signature, (scoped = ruleSetForPath(folderSet, f)));
  return scoped;
}
