import type { Finding, GuidelineSource, Range, Severity } from './finding';
import { compileQuery, Node, Query, Tree } from './parse/python';
import type { LineRange } from './diff';
import { CLASS_DEFINITIONS, FUNCTION_DEFINITIONS, type Capture, type FileFacts, type Match, type Report, type Rule } from './rule';
import { Suppressions } from './suppressions';
import { definitionInfos, importsTorchIn, SpanForest } from './syntax';
import { LineIndex, rangeOf, rangesOverlap } from './text';

/** A rule switched on for one file, with its severity, validated options and origin. */
export interface ActiveRule {
  rule: Rule<any>;
  severity: Severity;
  options: unknown;
  source: GuidelineSource | null;
}

export interface LintInput {
  text: string;
  tree: Tree;
  /** Workspace-relative path with `/` separators. */
  path: string;
  rules: ActiveRule[];
  /** Lines the change touches (`'all'`: a new file); undefined when no diff is known. */
  changedLines?: LineRange[] | 'all';
}

/** A rule that threw: an error in Mantra itself, reported, never hidden. */
export interface InternalError {
  ruleId: string;
  error: Error;
}

export interface LintResult {
  findings: Finding[];
  internalErrors: InternalError[];
  /** Milliseconds spent in each rule's `check`. */
  timings: Map<string, number>;
}

export const INTERNAL_ERROR_RULE = 'mantra-internal-error';

const ENGINE = '_engine';
const CAPTURE_NAME = /"(?:[^"\\]|\\.)*"|;[^\n]*|@([A-Za-z_][\w.\-]*)/g;
/**
 * The engine's own patterns: every comment (suppressions, rules' comment facts), every import
 * (does the file import torch) and every definition (what holds a node). The definitions' are
 * the patterns rules write for them too, so they are matched once.
 */
const ENGINE_PATTERNS = [
  '((comment) @comment)',
  '[(import_statement) (import_from_statement)] @import',
  FUNCTION_DEFINITIONS,
  CLASS_DEFINITIONS,
];

/** What the engine's own patterns found in a tree: its comments, import statements and definitions, in order. */
export interface EngineNodes {
  comments: Node[];
  imports: Node[];
  definitions: Node[];
}

/** One top-level pattern of the combined query, and the rules (or the engine) whose pattern it is, each with its capture names. */
interface SharedPattern {
  /** The pattern's text, or (`names` set) its text without its name predicate. */
  shape: string;
  owners: Array<{ ruleId: string; names: string[]; values?: ReadonlySet<string> }>;
  /**
   * A pattern whose rules each ask for some names: capture `captureName` must be one of `values`,
   * the union of theirs. Tested here, not by the query (see `nameIn`).
   */
  names?: { captureName: string; values: Set<string> };
}

/**
 * A pattern ending in its one name predicate, `((…) (#any-of? @c0 "a" "b"))` or `#eq?`: group 1 is
 * the pattern without it, group 2 the capture, group 3 the quoted names.
 */
const NAME_PREDICATE = /^\((.*) \(#(?:any-of|eq)\? @c(\d+)((?: "[^"\\]*")+)\)\)$/;

/**
 * The name among `names` that the identifier `node` of `text` holds, if any. The source is read at
 * its start first, and the node's text (its end a call into WASM) only when that gives a name:
 * web-tree-sitter would test a name predicate by reading the text of every candidate, every call,
 * attribute or assignment of the file.
 */
function nameIn(names: ReadonlySet<string>, text: string, node: Node): string | undefined {
  const start = node.startIndex;
  let end = start;
  for (let c = text.charCodeAt(end); (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95; c = text.charCodeAt(++end));
  const name = text.slice(start, end);
  return names.has(name) && node.text === name ? name : undefined;
}

/**
 * The top-level patterns of a query source, each as its text with the capture names taken out:
 * `shape` has them replaced by `@c<n>` (n: the order of first appearance), so two rules writing the
 * same pattern under other capture names share one compiled pattern.
 */
export function splitPatterns(source: string): Array<{ shape: string; names: string[] }> {
  const out: Array<{ shape: string; names: string[] }> = [];
  let depth = 0;
  let start = -1;
  let i = 0;
  const close = (end: number) => {
    const text = source.slice(start, end);
    const names: string[] = [];
    const shape = text.replace(CAPTURE_NAME, (all, name: string | undefined) => {
      if (!name) return all.startsWith(';') ? '' : all;
      let k = names.indexOf(name);
      if (k < 0) k = names.push(name) - 1;
      return `@c${k}`;
    });
    out.push({ shape: shape.replace(/\s+/g, ' ').trim(), names });
    start = -1;
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === ';') {
      const nl = source.indexOf('\n', i);
      i = nl < 0 ? source.length : nl;
      continue;
    }
    if (c === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === '\\') i++;
      i++;
      continue;
    }
    if (depth === 0 && start >= 0 && !/[\s@\w.\-*+?]/.test(c)) close(i);
    if (c === '(' || c === '[') {
      if (depth === 0 && start < 0) start = i;
      depth++;
    } else if (c === ')' || c === ']') {
      depth--;
      if (depth < 0) throw new Error(`Mantra: unbalanced query pattern: ${source}`);
    }
    i++;
  }
  if (depth !== 0) throw new Error(`Mantra: unbalanced query pattern: ${source}`);
  if (start >= 0) close(source.length);
  return out;
}

/**
 * All rules' patterns compiled into one query, so each tree is walked once. A pattern written by
 * several rules (a function definition and its name) is compiled once and its matches go to each.
 */
class CombinedQuery {
  readonly query: Query;
  private readonly patterns: SharedPattern[] = [];

  /** The patterns of `rules` (all of them, or those whose id is in `only`). */
  constructor(rules: readonly Rule<any>[], only?: ReadonlySet<string>) {
    const byShape = new Map<string, SharedPattern>();
    const add = (ruleId: string, source: string) => {
      for (const { shape, names } of splitPatterns(source)) {
        // Patterns alike but for the names they ask for (a call of `getattr`, of `isinstance`) are
        // one pattern with all the names: the query tests each call once, not once per rule.
        const named = NAME_PREDICATE.exec(shape);
        const key = named && !named[1]!.includes('(#') ? `${named[1]}\0${named[2]}` : shape;
        let shared = byShape.get(key);
        if (!shared) {
          shared = key === shape ? { shape, owners: [] } : { shape: named![1]!, owners: [], names: { captureName: `c${named![2]}`, values: new Set() } };
          byShape.set(key, shared);
          this.patterns.push(shared);
        }
        if (shared.names) {
          const values = new Set([...named![3]!.matchAll(/"([^"]*)"/g)].map((v) => v[1]!));
          values.forEach((v) => shared.names!.values.add(v));
          shared.owners.push({ ruleId, names, values });
        } else shared.owners.push({ ruleId, names });
      }
    };
    for (const p of ENGINE_PATTERNS) add(ENGINE, p);
    for (const rule of rules) if (rule.query && (!only || only.has(rule.meta.id))) add(rule.meta.id, rule.query);
    this.query = compileQuery(this.patterns.map((p) => p.shape).join('\n'));
    if (this.query.patternCount() !== this.patterns.length) throw new Error('Mantra: the combined query has another number of patterns than its parts');
  }

  /**
   * Runs the query once on the tree of `text`; returns the comment and import nodes and each
   * rule's matches, in document order. With `rows` (sorted, disjoint, half-open row ranges) only
   * nodes that intersect them are seen. (Rows, not offsets: web-tree-sitter 0.25 passes a query's
   * `startIndex`/`endIndex` to the C side as bytes, twice the UTF-16 offsets its nodes report.)
   */
  run(root: Node, text: string, rows?: ReadonlyArray<{ startRow: number; endRow: number }>): EngineNodes & { matches: Map<string, Match[]> } {
    const comments: Node[] = [];
    const imports: Node[] = [];
    const definitions: Node[] = [];
    const matches = new Map<string, Match[]>();
    const found = rows
      ? rows.flatMap((r) => this.query.matches(root, { startPosition: { row: r.startRow, column: 0 }, endPosition: { row: r.endRow, column: 0 } }))
      : this.query.matches(root);
    for (const m of found) {
      if (m.captures.length === 0) continue;
      const shared = this.patterns[m.patternIndex];
      if (!shared) throw new Error(`Mantra: query pattern ${m.patternIndex} belongs to no rule`);
      // Which name the match is of, for a pattern of names: none of them, or those of some rules.
      let name: string | undefined;
      if (shared.names) {
        name = nameIn(shared.names.values, text, m.captures.find((c) => c.name === shared.names!.captureName)!.node);
        if (name === undefined) continue;
      }
      for (const owner of shared.owners) {
        if (name !== undefined && !owner.values!.has(name)) continue;
        if (owner.ruleId === ENGINE) {
          const kind = owner.names[owner.names.length - 1];
          const node = m.captures.find((c) => owner.names[Number(c.name.slice(1))] === kind)!.node;
          (kind === 'comment' ? comments : kind === 'import' ? imports : definitions).push(node);
          continue;
        }
        const captures: Capture[] = m.captures.map((c) => ({ name: owner.names[Number(c.name.slice(1))]!, node: c.node }));
        let list = matches.get(owner.ruleId);
        if (!list) matches.set(owner.ruleId, (list = []));
        list.push({ pattern: m.patternIndex, captures });
      }
    }
    return { comments, imports, definitions, matches };
  }
}

const compiled = new WeakMap<readonly Rule<any>[], Map<string, CombinedQuery>>();

/**
 * The combined query of a rule registry, compiled on first use and kept: with `active`, only
 * the patterns of those rules (a file where a guideline enables three rules is not searched for
 * the matches of the others), one query per set of rules in use.
 */
export function combinedQueryOf(registry: readonly Rule<any>[], active?: readonly ActiveRule[]): CombinedQuery {
  let byRules = compiled.get(registry);
  if (!byRules) compiled.set(registry, (byRules = new Map()));
  const ids = active ? new Set(active.map((a) => a.rule.meta.id)) : undefined;
  const key = ids ? registry.filter((r) => r.query && ids.has(r.meta.id)).map((r) => r.meta.id).join(',') : '*';
  let q = byRules.get(key);
  if (!q) {
    if (byRules.size >= 32) byRules.clear();
    byRules.set(key, (q = new CombinedQuery(registry, ids)));
  }
  return q;
}

/** Ranges of `ERROR` and `MISSING` nodes: findings that touch them are dropped, not guessed. */
export function errorRanges(root: Node): Range[] {
  if (!root.hasError) return [];
  const out: Range[] = [];
  const cursor = root.walk();
  let descend = true;
  for (;;) {
    const node = cursor.currentNode;
    if (descend && (node.isError || node.isMissing)) {
      out.push(rangeOf(node));
      descend = false;
    }
    if (descend && node.hasError && cursor.gotoFirstChild()) continue;
    descend = true;
    if (cursor.gotoNextSibling()) continue;
    let up = false;
    while (cursor.gotoParent()) {
      if (cursor.gotoNextSibling()) {
        up = true;
        break;
      }
    }
    if (!up) break;
  }
  return out;
}

/** The facts of one file, computed on first use from what the engine's patterns found. */
export function fileFacts(found: EngineNodes, importsTorchOf: () => boolean = () => importsTorchIn(found.imports)): FileFacts {
  let torch: boolean | undefined;
  let definitions: SpanForest<Node> | undefined;
  const enclosingDefinitions = (node: Node): Node[] => {
    definitions ??= new SpanForest(found.definitions.map((d) => ({ start: d.startIndex, end: d.endIndex, item: d })));
    return definitions.holding(node.startIndex).filter((d) => d.id !== node.id);
  };
  return {
    get importsTorch() {
      return (torch ??= importsTorchOf());
    },
    comments: found.comments,
    imports: found.imports,
    definition: definitionInfos(enclosingDefinitions),
    enclosingDefinitions,
  };
}

/** What the rules of one run see besides their matches. */
export interface RuleEnvironment {
  text: string;
  tree: Tree;
  path: string;
  facts: FileFacts;
  /** Lines the change touches (`'all'`: a new file); undefined when no diff is known. */
  changedLines?: LineRange[] | 'all';
  /** The rows the query ran over, when not the whole tree. */
  matchedRows?: ReadonlyArray<{ startRow: number; endRow: number }>;
}

/**
 * What rules reported, before suppressions and syntax errors are applied: findings in the
 * order the rules ran and reported, and one internal-error finding per rule that threw.
 */
export interface RuleRun {
  findings: Finding[];
  internalErrors: InternalError[];
  /** One `mantra-internal-error` finding per rule that threw, in the order of the rules. */
  errorFindings: Finding[];
  timings: Map<string, number>;
}

/** Runs each rule's `check` on its matches; nothing is filtered. */
export function runRules(env: RuleEnvironment, rules: readonly ActiveRule[], matches: ReadonlyMap<string, Match[]>): RuleRun {
  const { text, tree, path, facts, changedLines, matchedRows } = env;
  const findings: Finding[] = [];
  const internalErrors: InternalError[] = [];
  const errorFindings: Finding[] = [];
  const timings = new Map<string, number>();
  for (const active of rules) {
    const { rule } = active;
    const id = rule.meta.id;
    const started = performance.now();
    const report = (r: Report): void => {
      const range = r.range ?? (r.node ? rangeOf(r.node) : undefined);
      if (!range) throw new Error(`Mantra: rule ${id} reported without a node or range`);
      findings.push({
        ruleId: id,
        severity: active.severity,
        range,
        message: r.message,
        guideline: active.source,
        ...(r.fix ? { fix: r.fix } : {}),
        ...(r.related ? { related: r.related } : {}),
      });
    };
    try {
      rule.check({ text, tree, path, options: active.options, matches: matches.get(id) ?? [], facts, report, ...(changedLines ? { changedLines } : {}), ...(matchedRows ? { matchedRows } : {}) });
    } catch (e) {
      // The boundary where a bug in one rule becomes a visible finding; the other rules go on.
      const error = e instanceof Error ? e : new Error(String(e));
      internalErrors.push({ ruleId: id, error });
      errorFindings.push(internalErrorFinding(id, error));
    }
    timings.set(id, (timings.get(id) ?? 0) + performance.now() - started);
  }
  return { findings, internalErrors, errorFindings, timings };
}

function internalErrorFinding(ruleId: string, error: Error): Finding {
  return {
    ruleId: INTERNAL_ERROR_RULE,
    severity: 'error',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `Mantra internal error in rule ${ruleId}: ${error.message}`,
    guideline: null,
  };
}

/** Whether a finding survives: it touches no syntax error and no suppression covers it. */
export function keepFinding(f: Finding, broken: readonly Range[], suppressions: Suppressions): boolean {
  return !broken.some((b) => rangesOverlap(b, f.range)) && !suppressions.has(f.ruleId, f.range.start.line);
}

/**
 * Lints one parsed file with the given rules. `registry` is the full rule list whose patterns
 * form the combined query (the default registry unless a test passes its own).
 */
export function lint(input: LintInput, registry: readonly Rule<any>[]): LintResult {
  const { text, tree, path } = input;
  const root = tree.rootNode;
  const found = combinedQueryOf(registry, input.rules).run(root, text);
  const { comments, matches } = found;
  const facts = fileFacts(found);
  // Lines are indexed only when the file has a suppression comment.
  let lines: LineIndex | undefined;
  const suppressions = new Suppressions(comments, (line) => (lines ??= new LineIndex(text)).lineText(line));
  const broken = errorRanges(root);
  const run = runRules({ text, tree, path, facts, changedLines: input.changedLines }, input.rules, matches);
  const findings = run.findings.filter((f) => keepFinding(f, broken, suppressions));
  findings.push(...run.errorFindings);
  findings.sort(compareFindings);
  return { findings, internalErrors: run.internalErrors, timings: run.timings };
}

/** Document order, then rule id: the order every front door shows. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
