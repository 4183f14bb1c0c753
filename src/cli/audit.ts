import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { applyBaseline, BASELINE_FILE, buildBaseline, formatBaseline, parseBaseline, type Baseline } from '../core/baseline';
import { onChange, type LineRange } from '../core/diff';
import type { Finding, FileFinding, GuidelineSource } from '../core/finding';
import type { ActiveRule } from '../core/engine';
import { activeRules, resolveRuleSet, type RuleSet } from '../core/guidelines';
import { cacheKeyOf, contentHash, LintCache } from '../core/lintCache';
import { fixText } from '../core/lintText';
import { fixNotebook, lintNotebook } from '../core/notebook';
import { formatJson, formatSarif, formatText, type AuditFile, type AuditModel, type GuidelineLine } from '../core/report';
import { choice, UsageError, type ParsedArgs } from './args';
import { findRoot, listPythonFiles } from './files';
import { changedLines, gitRoot } from './git';
import { absPosix, diskHost, initParserBesideBundle, relPosix } from './host';
import { LintPool, threadsFor, type LintOutcome } from './lintFiles';

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

/**
 * The change named by `--diff-base REV`: changed lines per absolute path (`git diff -U0 REV`,
 * untracked files whole), or undefined without the flag. `--changed-only` needs it.
 */
export function changeOf(args: ParsedArgs, root: string): Change | undefined {
  const base = args.flags.get('diff-base');
  if (base === undefined) {
    if (args.flags.has('changed-only')) throw new UsageError('--changed-only needs --diff-base REV');
    return undefined;
  }
  const repo = gitRoot(root);
  if (!repo) throw new UsageError(`--diff-base: ${root} is not in a git repository`);
  const lines = changedLines(repo, String(base));
  if (!lines) throw new UsageError(`--diff-base: ${String(base)} is not a commit of ${repo}`);
  return { repo, base: String(base), lines };
}

/** The change of `--diff-base`: its repository, base revision and changed lines per absolute path. */
export interface Change {
  repo: string;
  base: string;
  lines: Map<string, LineRange[] | 'all'>;
}

/** One file's changed lines as they are on disk now (a tracked file missing from the diff is unchanged). */
function fileChangeOf(change: Change, abs: string): LineRange[] | 'all' {
  return change.lines.get(path.resolve(abs)) ?? [];
}

/**
 * Fixes with the change in view: each fix pass writes the file and asks git for its changed
 * lines again (a pass moves lines); the file's entry in `change` ends as that of the fixed text.
 */
function fixOnChange(change: Change, abs: string, text: string, rel: string, rules: ActiveRule[], changedOnly: boolean): { text: string; applied: number } {
  const key = path.resolve(abs);
  const changedLinesOf = (t: string): LineRange[] | 'all' => {
    if (t === text) return fileChangeOf(change, abs);
    fs.writeFileSync(abs, t);
    const lines = changedLines(change.repo, change.base, abs)?.get(key) ?? [];
    // The last pass is the fixed text (fixAll stops when it has no fix left).
    change.lines.set(key, lines);
    return lines;
  };
  return fixText(text, rel, rules, { changedLinesOf, changedOnly });
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

/** Where `--cache` keeps the findings of the last audit, under the root; the folder ignores itself in git. */
export const CACHE_DIR = '.mantra-cache';

/**
 * The audit's content-hash cache (`--cache`): a file's findings are served again while its text,
 * its rules and Mantra's version are the ones they were computed for.
 */
function openCache(root: string, version: string): { lints: LintCache; keyOf(text: string, rules: readonly ActiveRule[]): string; save(): void } {
  const dir = path.join(root, CACHE_DIR);
  const file = path.join(dir, 'lint.json');
  const lints = LintCache.parse(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined, cacheKeyOf(version, []));
  const rulesKeys = new WeakMap<readonly ActiveRule[], string>();
  return {
    lints,
    keyOf(text, rules) {
      let key = rulesKeys.get(rules);
      if (key === undefined) rulesKeys.set(rules, (key = cacheKeyOf(version, rules)));
      return `${contentHash(text)}:${key}`;
    },
    save() {
      // Files deleted since are forgotten (an audit of a sub-folder lists only some files, so ask the disk).
      const held = lints.paths();
      const present = held.filter((rel) => fs.existsSync(path.join(root, rel)));
      lints.retain(present);
      // Written back only when an audit linted or forgot some file: a fully served re-audit leaves it as it is.
      if (lints.misses === 0 && present.length === held.length && fs.existsSync(file)) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, '.gitignore'), '*\n');
      fs.writeFileSync(file, lints.serialize());
    },
  };
}

/** The baseline at the audit root, if there is one. */
function readBaseline(root: string): Baseline | undefined {
  const file = path.join(root, BASELINE_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    return parseBaseline(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    // A broken baseline is the user's file to repair: a usage error naming it, not a crash.
    throw new UsageError(`${file}: ${(e as Error).message}; rewrite it with \`mantra baseline\``);
  }
}

/**
 * `mantra audit`: lint, optionally fix, and report, hiding the findings of the root's baseline.
 * With `mode: 'baseline'` (`mantra baseline`): write every current finding to the baseline instead.
 */
export async function runAudit(args: ParsedArgs, out: NodeJS.WritableStream, version: string, mode: 'audit' | 'baseline' = 'audit'): Promise<number> {
  if (mode === 'baseline' && args.flags.has('fix')) throw new UsageError('mantra baseline takes no --fix');
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const preset = presetOf(args);
  const paths = args.positionals.length ? args.positionals : ['.'];
  for (const p of paths) if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  const root = rootOf(args, paths[0]);
  const change = changeOf(args, root);
  const started = performance.now();
  const changedOnly = args.flags.has('changed-only');
  const baseline = mode === 'audit' ? readBaseline(root) : undefined;
  const current: Array<{ path: string; text: string; findings: FileFinding[] }> = [];
  let baselined = 0;

  const collector = new GuidelineCollector(root);
  // One rules array per rule set (files of a folder share it): the cache keys them by identity.
  const rulesOf = new WeakMap<RuleSet, ActiveRule[]>();
  const cache = args.flags.has('cache') ? openCache(root, version) : undefined;
  // Each file's rules, text and fixes here, its lint handed to the pool at once (worker threads when many), largest file first.
  type Pending = { rel: string; text?: string; rules: ActiveRule[]; notebook: boolean; changed?: LineRange[] | 'all'; cacheKey?: string; outcome?: Promise<LintOutcome>; cached?: Finding[] };
  const fix = args.flags.has('fix');
  const listed = listPythonFiles(root, paths);
  const threads = threadsFor(args, listed.length);
  const pool = new LintPool(root, preset, threads);
  const ruleSets: RuleSet[] = new Array(listed.length);
  const pending: Array<Pending | undefined> = new Array(listed.length);
  // Largest first keeps the threads busy to the end; one thread goes in order (peak memory 300 -> 220 MB on the PyTorch corpus).
  const order = listed.map((_, k) => k);
  if (threads > 1) {
    const sizes = listed.map((abs) => fs.statSync(abs).size);
    order.sort((a, b) => sizes[b]! - sizes[a]!);
  }
  try {
    for (const i of order) {
      const abs = listed[i]!;
      const rel = relPosix(root, abs);
      const ruleSet = await resolveRuleSet(absPosix(root), absPosix(abs), diskHost, { preset });
      ruleSets[i] = ruleSet;
      if (ruleSet.exclude.length && picomatch(ruleSet.exclude, { dot: true })(rel)) continue;
      let rules = rulesOf.get(ruleSet);
      if (!rules) rulesOf.set(ruleSet, (rules = activeRules(ruleSet)));
      const notebook = abs.endsWith('.ipynb');
      const fileChange = change ? fileChangeOf(change, abs) : undefined;
      // A diff of a notebook's JSON names no cell lines: a changed notebook counts as changed throughout.
      const changed = notebook && fileChange && fileChange !== 'all' && fileChange.length > 0 ? 'all' : fileChange;
      // A Python file's text is read again where it is linted, unless needed here: all of them at once are much of the audit's memory.
      const keepText = notebook || baseline !== undefined || mode === 'baseline';
      const useCache = cache !== undefined && !notebook && !changed;
      let text: string | undefined;
      if (keepText || useCache || fix) {
        const bytes = fs.readFileSync(abs);
        text = bytes.toString('utf8');
        // Bytes that are not UTF-8 (a latin-1 file) decode to U+FFFD: writing the text back would destroy them.
        const writable = !fix || Buffer.from(text, 'utf8').equals(bytes);
        if (fix && !writable) process.stderr.write(`mantra: ${rel} is not UTF-8, so --fix leaves it as it is: convert it to UTF-8 to fix it\n`);
        if (fix && writable) {
          // Loaded where this thread parses (fixes, notebooks, a lint without workers): workers load their own.
          await initParserBesideBundle();
          const fixed = notebook ? fixNotebook(text, rel, rules) : change ? fixOnChange(change, abs, text, rel, rules, changedOnly) : fixText(text, rel, rules);
          if (fixed.applied > 0) {
            fs.writeFileSync(abs, fixed.text);
            text = fixed.text;
          }
        }
      }
      const entry: Pending = { rel, rules, notebook, ...(keepText ? { text } : {}), ...(changed ? { changed } : {}) };
      if (useCache) {
        entry.cacheKey = cache.keyOf(text!, rules);
        entry.cached = cache.lints.lookup(rel, entry.cacheKey);
      }
      if (!notebook && !entry.cached) entry.outcome = pool.lint({ abs, rel, ...(keepText ? { text } : {}), ...(changed ? { changed } : {}) });
      pending[i] = entry;
    }
    // Awaited together: a failed lint must not leave the others' rejections unhandled.
    await Promise.all(pending.map((f) => f?.outcome));
  } finally {
    await pool.close();
  }
  for (const ruleSet of ruleSets) collector.add(ruleSet);
  if (args.flags.has('verbose')) process.stderr.write(`mantra: ${threadReport(pool.linted, pending.filter((f) => f?.cached).length)}, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  const files: AuditFile[] = [];
  for (const file of pending) {
    if (!file) continue;
    const { rel, rules, changed } = file;
    // The text is here for notebooks and baselines only (`keepText`): a Python file is read where it is linted.
    const text = file.text;
    const outcome = file.outcome && (await file.outcome);
    if (outcome && file.cacheKey && outcome.internalErrors.length === 0) cache!.lints.store(rel, file.cacheKey, outcome.findings);
    // A notebook's findings are in its cells' joined module (`result.text`) until `toCell` maps them.
    if (file.notebook) await initParserBesideBundle();
    const result = file.notebook
      ? lintNotebook(text!, rel, rules, changed)
      : { ...(outcome ?? { findings: file.cached!, internalErrors: [] }), text, toCell: (f: Finding) => f };
    for (const e of result.internalErrors) process.stderr.write(`mantra: internal error in rule ${e.ruleId} on ${rel}:\n${e.error.stack}\n`);
    let shown = changedOnly && changed ? result.findings.filter((f) => onChange(f, changed)) : result.findings;
    if (baseline) {
      const applied = applyBaseline(baseline, rel, result.text!, shown);
      shown = applied.kept;
      baselined += applied.baselined;
    }
    const findings = shown.map((f) => (f.guideline ? { ...f, guideline: collector.relSource(f.guideline) } : f));
    if (mode === 'baseline') current.push({ path: rel, text: result.text!, findings: findings.map((f) => ({ ...f, file: rel })) });
    files.push({ path: rel, findings: findings.map(result.toCell) });
  }

  cache?.save();
  if (mode === 'baseline') {
    fs.writeFileSync(path.join(root, BASELINE_FILE), formatBaseline(buildBaseline(current)));
    const n = current.reduce((sum, f) => sum + f.findings.length, 0);
    out.write(`Wrote ${n} finding${n === 1 ? '' : 's'} of ${current.filter((f) => f.findings.length).length} file(s) to ${BASELINE_FILE}\n`);
    return 0;
  }

  const model: AuditModel = {
    version,
    files,
    guidelineProblems: [...collector.problems.values()],
    guidelines: [...collector.lines.values()].sort((a, b) => a.source.file.localeCompare(b.source.file) || a.source.line - b.source.line),
  };
  out.write(format === 'json' ? formatJson(model) : format === 'sarif' ? formatSarif(model) : formatText(model));
  if (format === 'text' && baseline) out.write(`${baselined} finding${baselined === 1 ? '' : 's'} baselined (${BASELINE_FILE})\n`);
  const anyError = model.guidelineProblems.some((f) => f.severity === 'error') || files.some((f) => f.findings.some((x) => x.severity === 'error'));
  return anyError ? 1 : 0;
}

/** Which threads linted how many files, e.g. `6 files linted on the main thread, 2 + 1 on 2 workers, 0 served from the cache`. */
function threadReport(linted: number[], cached: number): string {
  const workers = linted.slice(1);
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const onWorkers = workers.length > 0 ? `, ${workers.join(' + ')} on ${plural(workers.length, 'worker')}` : '';
  return `${plural(linted[0]!, 'file')} linted on the main thread${onWorkers}, ${cached} served from the cache`;
}
