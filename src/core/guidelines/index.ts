/**
 * The guideline layer: which guideline files govern a path, what they ask for, and the rule set
 * that results. Front doors call `resolveRuleSet` and then `activeRules`.
 */
import { normalizePath, dirname } from '../paths';
import { guidelineCacheFor, type GuidelineCache, type GuidelineHost } from './discover';
import { buildRuleSet, type BuildOptions, type RuleSet } from './ruleset';

export { discoverGuidelineFiles, findImports, GuidelineCache, guidelineCacheFor, GUIDELINE_NAMES, MAX_IMPORT_DEPTH } from './discover';
export type { Discovery, GuidelineHost, ImportRef } from './discover';
export { readGuidelines, splitFrontMatter } from './read';
export type { GuidelineDocument } from './read';
export { classifyGuideline, mapGuideline, severityOfWording, AMBIGUOUS, NOT_ABOUT_CODE, NOT_ENFORCEABLE, QUOTATION, SCOPED_OFF } from './map';
export type { MapResult } from './map';
export { parseMantraBlock, parseSeverity, validateOptions, PRESETS } from './config';
export type { MantraConfig, Preset, RuleConfigEntry, RuleSettingInput } from './config';
export { activeRules, buildRuleSet, presetSettings } from './ruleset';
export type { BuildOptions, GuidelineEntry, Overrides, RuleSet, RuleSetting } from './ruleset';
export { CONFIG_RULE, IMPORT_RULE } from './problems';
export type * from './types';

export interface ResolveOptions extends BuildOptions {
  /** The cache to use; by default the one kept for `host`. */
  cache?: GuidelineCache;
}

/**
 * The rule set for one file: discovers its guideline files below `root` (absolute posix paths),
 * reads, maps and merges them, and adds the discovery problems. Results are cached per folder
 * and options on the host's cache: call `guidelineCacheFor(host).invalidate(path)` when a
 * guideline file changes.
 */
export function resolveRuleSet(root: string, filePath: string, host: GuidelineHost, opts: ResolveOptions = {}): Promise<RuleSet> {
  const cache = opts.cache ?? guidelineCacheFor(host);
  const build: BuildOptions = { preset: opts.preset, overrides: opts.overrides, overridesFile: opts.overridesFile };
  const r = normalizePath(root);
  const f = normalizePath(filePath);
  const key = `ruleset\0${r}\0${dirname(f)}\0${JSON.stringify(build)}`;
  let p = cache.derived.get(key) as Promise<RuleSet> | undefined;
  if (!p) {
    p = cache.discover(r, f).then((d) => {
      const set = buildRuleSet(d.files, build);
      set.problems.unshift(...d.problems);
      return set;
    });
    // A bug must not stay cached: the next call tries again (and fails loudly again).
    p.catch(() => cache.derived.delete(key));
    cache.derived.set(key, p);
  }
  return p;
}
