import type { Finding, GuidelineSource, Range, Severity } from './finding';
import { compileQuery, Node, Query, Tree } from './parse/python';
import type { Capture, FileFacts, Match, Report, Rule } from './rule';
import { Suppressions } from './suppressions';
import { importsTorch } from './syntax';
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

/** All rules' patterns compiled into one query, so each tree is walked once. */
class CombinedQuery {
  readonly query: Query;
  private readonly ruleOfPrefix = new Map<string, string>();

  constructor(rules: readonly Rule<any>[]) {
    const parts = [`((comment) @${ENGINE}.comment)`];
    rules.forEach((rule, i) => {
      if (!rule.query) return;
      const prefix = `r${i}`;
      this.ruleOfPrefix.set(prefix, rule.meta.id);
      parts.push(rule.query.replace(CAPTURE_NAME, (all, name: string | undefined) => (name ? `@${prefix}.${name}` : all)));
    });
    this.query = compileQuery(parts.join('\n'));
  }

  /** Runs the query once; returns the comment nodes and each rule's matches. */
  run(root: Node): { comments: Node[]; matches: Map<string, Match[]> } {
    const comments: Node[] = [];
    const matches = new Map<string, Match[]>();
    for (const m of this.query.matches(root)) {
      if (m.captures.length === 0) continue;
      const first = m.captures[0].name;
      const dot = first.indexOf('.');
      const prefix = first.slice(0, dot);
      if (prefix === ENGINE) {
        comments.push(m.captures[0].node);
        continue;
      }
      const ruleId = this.ruleOfPrefix.get(prefix);
      if (!ruleId) throw new Error(`Mantra: query capture ${first} belongs to no rule`);
      const captures: Capture[] = m.captures.map((c) => ({ name: c.name.slice(c.name.indexOf('.') + 1), node: c.node }));
      let list = matches.get(ruleId);
      if (!list) matches.set(ruleId, (list = []));
      list.push({ pattern: m.patternIndex, captures });
    }
    return { comments, matches };
  }
}

const compiled = new WeakMap<readonly Rule<any>[], CombinedQuery>();

/** The combined query of a rule registry, compiled on first use and kept. */
function combinedQueryOf(registry: readonly Rule<any>[]): CombinedQuery {
  let q = compiled.get(registry);
  if (!q) compiled.set(registry, (q = new CombinedQuery(registry)));
  return q;
}

/** Ranges of `ERROR` and `MISSING` nodes: findings that touch them are dropped, not guessed. */
function errorRanges(root: Node): Range[] {
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

/**
 * Lints one parsed file with the given rules. `registry` is the full rule list whose patterns
 * form the combined query (the default registry unless a test passes its own).
 */
export function lint(input: LintInput, registry: readonly Rule<any>[]): LintResult {
  const { text, tree, path } = input;
  const root = tree.rootNode;
  const { comments, matches } = combinedQueryOf(registry).run(root);
  const lines = new LineIndex(text);
  let torch: boolean | undefined;
  const facts: FileFacts = {
    get importsTorch() {
      return (torch ??= importsTorch(root));
    },
    comments,
  };
  const suppressions = new Suppressions(comments, (line) => lines.lineText(line));
  const broken = errorRanges(root);
  const findings: Finding[] = [];
  const internalErrors: InternalError[] = [];
  const timings = new Map<string, number>();

  for (const active of input.rules) {
    const { rule } = active;
    const id = rule.meta.id;
    const started = performance.now();
    const report = (r: Report): void => {
      const range = r.range ?? (r.node ? rangeOf(r.node) : undefined);
      if (!range) throw new Error(`Mantra: rule ${id} reported without a node or range`);
      if (broken.some((b) => rangesOverlap(b, range))) return;
      if (suppressions.has(id, range.start.line)) return;
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
      rule.check({ text, tree, path, options: active.options, matches: matches.get(id) ?? [], facts, report });
    } catch (e) {
      // The boundary where a bug in one rule becomes a visible finding; the other rules go on.
      const error = e instanceof Error ? e : new Error(String(e));
      internalErrors.push({ ruleId: id, error });
      findings.push({
        ruleId: INTERNAL_ERROR_RULE,
        severity: 'error',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `Mantra internal error in rule ${id}: ${error.message}`,
        guideline: null,
      });
    }
    timings.set(id, (timings.get(id) ?? 0) + performance.now() - started);
  }
  findings.sort(compareFindings);
  return { findings, internalErrors, timings };
}

/** Document order, then rule id: the order every front door shows. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
