import {
  combinedQueryOf,
  compareFindings,
  errorRanges,
  fileFacts,
  keepFinding,
  runRules,
  type ActiveRule,
  type InternalError,
  type LintInput,
  type LintResult,
} from './engine';
import type { Finding, Position, Range } from './finding';
import type { EditSpan } from './parse/documentTrees';
import { compileQuery, parsePythonRanges, type Node, type Query, type Tree } from './parse/python';
import type { Match, Rule } from './rule';
import { parseDirective, Suppressions } from './suppressions';
import { importsTorchStatement } from './syntax';
import { narrowPart } from './provisionalPart';
import { positionFrom } from './text';

/**
 * How far a rule's findings reach, which decides what an edit makes it re-run.
 * - `unit`: the findings located in a top-level statement (with the comment and blank lines
 *   above it) depend only on that statement, the path, the options and the file's facts. After an
 *   edit the rule re-runs on the statements the edit or the reparse touched, its findings
 *   elsewhere are kept (moved with the text).
 * - `file`: a finding may depend on any part of the file (duplicate blocks, imports used far
 *   away, module constants in a fix). After an edit its findings are kept where the edit did not
 *   touch them and marked stale; `refresh` (on idle or save) re-runs the rule on the whole file.
 * Within a large top-level class, function or collection literal re-linted member by member,
 * "statement" reads "member" (see `membersTouched`). A `unit` rule sees only the region's
 * comments and imports in `ctx.facts.comments` and `ctx.facts.imports`. When the changed lines given to the lint differ from the
 * previous call's (a CLI passes a diff), everything is linted again.
 * A rule missing from the table is `file`: the safe default. The equivalence test
 * (test/unit/incremental.test.ts) checks the table against full lints after random edits.
 */
export type RuleScope = 'unit' | 'file';

export const RULE_SCOPES: Readonly<Record<string, RuleScope>> = {
  'deep-nesting': 'unit',
  'explanatory-comment': 'unit',
  'fallback-default': 'unit',
  'long-function': 'unit',
  'missing-docstring': 'unit',
  'missing-type-hints': 'unit',
  'no-try-except': 'unit',
  'placeholder-value': 'unit',
  'redundant-code': 'unit',
  'swallowed-exception': 'unit',
  // A short run of commented-out code counts only when the file's code uses the names it reads.
  'commented-out-code': 'file',
  // Copies anywhere in the file.
  'duplicate-code': 'file',
  // Banned names anywhere (it walks the whole tree, no query).
  'banned-api': 'file',
  // Reads the module's imports (aliases of pytest and unittest).
  'skipped-test': 'file',
  // Uses anywhere in the file.
  'unused-import': 'file',
  // Its fix names module constants defined above the function, and `self.` attributes of the class.
  'tensor-shape-assert': 'file',
  // A loop at module level reads assignments and calls anywhere at module level.
  'torch-for-loop': 'file',
  // Reads the change's hunks anywhere in the file (an import reorder spans several).
  'untargeted-edit': 'file',
};

export function scopeOfRule(id: string): RuleScope {
  return RULE_SCOPES[id] ?? 'file';
}

/** A suppression comment kept between runs: its text, where it starts, and its line up to it. */
interface Directive {
  text: string;
  startPosition: { row: number; column: number };
  /** The text of its line before it (whitespace only for an own-line comment). */
  prefix: string;
}

/** What an incremental lint needs of the previous one. Treat as opaque. */
export class LintState {
  constructor(
    readonly text: string,
    readonly path: string,
    readonly rulesKey: string,
    readonly registry: readonly Rule<any>[],
    /** Every rule's findings before suppressions and syntax errors, sorted. */
    readonly raw: readonly Finding[],
    readonly directives: readonly Directive[],
    readonly importsTorch: boolean,
    /** File-wide rules whose findings were carried over an edit, not recomputed. */
    readonly stale: ReadonlySet<string>,
    /** Where each top-level unit of `text` starts, and `text.length` last. */
    readonly unitStarts: readonly number[],
    /** The result these findings gave. */
    readonly result: LintResult,
    /** Where the import statements that import torch are (offsets): an edit elsewhere keeps them. */
    readonly torchImports: ReadonlyArray<readonly [number, number]>,
    /** The syntax errors (`ERROR` and `MISSING` nodes) of the text: findings touching them are dropped. */
    readonly broken: readonly Range[],
    /** Parts of `text` (offsets) linted from a parse of that part alone (`lintProvisional`): the next lint from a tree of the whole text re-lints them. */
    readonly provisional: ReadonlyArray<readonly [number, number]> = [],
  ) {}
}

export interface IncrementalResult extends LintResult {
  state: LintState;
  /** File-wide rules whose findings were carried over (moved with the text) rather than recomputed: `refresh` them on idle. */
  stale: string[];
  /** `full`: everything was linted; `incremental`: only `region`. */
  mode: 'full' | 'incremental';
  /** Why a full lint ran (no previous state, rules changed, …). */
  reason?: string;
  /** The rows re-linted, half-open, in the new text (incremental mode). */
  region?: Array<{ startRow: number; endRow: number }>;
}

/** The part of `DocumentTrees.applyChanges`'s result an incremental lint needs. */
export interface EditInfo {
  previousText: string;
  span: EditSpan;
  changedRanges: ReadonlyArray<{ startIndex: number; endIndex: number }>;
}

export interface IncrementalOptions {
  /**
   * What to do with file-wide rules after an edit: `defer` (default) keeps their findings,
   * moved with the text, and lists them in `stale`; `rerun` re-runs them on the whole file
   * now, so the result equals a full lint.
   */
  fileRules?: 'defer' | 'rerun';
  /** Re-lint the whole file (unit rules only, one query) when the region is more than this share of it (default 0.5). */
  maxRegionShare?: number;
  /**
   * A top-level class, function or collection literal longer than this many rows is re-linted
   * member by member (default 60; 0 never splits): the members an edit touched, their
   * neighbours, the header, and the members whose findings depend on the others (`alwaysRelinted`).
   */
  splitRows?: number;
}

const rulesKeys = new WeakMap<readonly ActiveRule[], string>();

/** A key that changes when the rules, their severities, options or origins change (kept per rules array). */
export function rulesKeyOf(rules: readonly ActiveRule[]): string {
  let key = rulesKeys.get(rules);
  if (key === undefined) rulesKeys.set(rules, (key = keyOf(rules)));
  return key;
}

/** The lines a change touches, as a key: findings of change-aware rules depend on them anywhere in the file. */
function changedKeyOf(input: Pick<LintInput, 'changedLines'>): string {
  return input.changedLines === undefined ? '' : `@${JSON.stringify(input.changedLines)}`;
}

function keyOf(rules: readonly ActiveRule[]): string {
  return rules.map((r) => `${r.rule.meta.id}:${r.severity}:${JSON.stringify(r.options)}:${r.source ? `${r.source.file}#${r.source.line}` : ''}`).join('|');
}

function directivesOf(comments: readonly Node[], text: string): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    if (!parseDirective(c.text)) continue;
    const { row, column } = c.startPosition;
    out.push({ text: c.text, startPosition: { row, column }, prefix: text.slice(c.startIndex - column, c.startIndex) });
  }
  return out;
}

/** Filters and sorts raw findings as `lint` does. */
function assemble(raw: readonly Finding[], directives: readonly Directive[], broken: readonly Range[], errorFindings: readonly Finding[]): Finding[] {
  const prefixOf = new Map(directives.map((d) => [d.startPosition.row, d.prefix]));
  const suppressions = new Suppressions(directives, (line) => prefixOf.get(line) ?? '');
  const findings = raw.filter((f) => keepFinding(f, broken, suppressions));
  findings.push(...errorFindings);
  return findings.sort(compareFindings);
}

/**
 * Lints the whole file (the same findings as `lint`) and keeps what `lintIncremental` needs to
 * re-lint only what the next edit touches.
 */
export function lintFull(input: LintInput, registry: readonly Rule<any>[], reason = 'first lint'): IncrementalResult {
  const { text, tree, path } = input;
  const root = tree.rootNode;
  const found = combinedQueryOf(registry, input.rules).run(root, text);
  const { comments, imports, matches } = found;
  const torchImports = imports.filter(importsTorchStatement).map((n) => [n.startIndex, n.endIndex] as const);
  const torch = torchImports.length > 0;
  const run = runRules({ text, tree, path, facts: fileFacts(found, () => torch), changedLines: input.changedLines }, input.rules, matches);
  const raw = run.findings.slice().sort(compareFindings);
  const directives = directivesOf(comments, text);
  const broken = errorRanges(root);
  const findings = assemble(raw, directives, broken, run.errorFindings);
  const result: LintResult = { findings, internalErrors: run.internalErrors, timings: run.timings };
  const state = new LintState(text, path, rulesKeyOf(input.rules) + changedKeyOf(input), registry, raw, directives, torch, new Set(), unitsOf(root, text).start, result, torchImports, broken);
  return { ...result, state, stale: [], mode: 'full', reason };
}

/** Top-level units: each top-level statement with the comment and blank lines above it. */
interface Units {
  /** Offset and row where each unit starts; a last entry holds the end of the text. */
  start: number[];
  row: number[];
  /** The statements of each unit (usually one; more with `;`). */
  last: Node[];
}

function unitsOf(root: Node, text: string): Units {
  const start = [0];
  const row = [0];
  const last: Node[] = [];
  // Where a unit after the last statement seen would start: the line after it ends.
  let nextStart = 0;
  let nextRow = 0;
  for (const node of root.namedChildren) {
    if (!node || node.type === 'comment') continue;
    if (last.length === 0) last.push(node);
    else if (node.startPosition.row < nextRow) last[last.length - 1] = node; // `a = 1; b = 2`: one unit
    else {
      start.push(nextStart);
      row.push(nextRow);
      last.push(node);
    }
    const end = node.endPosition;
    if (end.column === 0) {
      nextStart = node.endIndex;
      nextRow = end.row;
    } else {
      const nl = text.indexOf('\n', node.endIndex);
      nextStart = nl === -1 ? text.length : nl + 1;
      nextRow = end.row + 1;
    }
  }
  if (last.length === 0) last.push(root);
  start.push(text.length);
  row.push(root.endPosition.row + 1);
  return { start, row, last };
}

/** The unit holding `offset` (the last one for the end of the text), given the units' starts and the text's length last. */
function unitAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Whether a statement's last leaf is a comment (a trailing comment inside its block). */
function endsWithComment(node: Node): boolean {
  let n: Node | null = node;
  while (n && n.childCount > 0) n = n.lastChild;
  return n?.type === 'comment';
}

/** A part of the text to re-lint: whole rows, as offsets and rows (half-open). */
interface Piece {
  startIndex: number;
  endIndex: number;
  startRow: number;
  endRow: number;
}

/** The line after a node ends (the node's end itself when it ends a line). */
function lineAfter(node: Node, text: string): { index: number; row: number } {
  if (node.endPosition.column === 0) return { index: node.endIndex, row: node.endPosition.row };
  const nl = text.indexOf('\n', node.endIndex);
  return nl === -1 ? { index: text.length, row: node.endPosition.row + 1 } : { index: nl + 1, row: node.endPosition.row + 1 };
}

type ContainerKind = 'class' | 'function' | 'literal';

/** The members of a top-level class or function body, or of a collection literal. */
function containerOf(statement: Node): { members: Node[]; kind: ContainerKind } | undefined {
  let node = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (node?.type === 'class_definition' || node?.type === 'function_definition') {
    const body = node.childForFieldName('body');
    return body ? { members: body.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment'), kind: node.type === 'class_definition' ? 'class' : 'function' } : undefined;
  }
  if (node?.type === 'expression_statement' && node.namedChildCount === 1) node = node.namedChild(0);
  if (node?.type === 'assignment') node = node.childForFieldName('right');
  if (node && (node.type === 'list' || node.type === 'tuple' || node.type === 'dictionary' || node.type === 'set')) {
    return { members: node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment'), kind: 'literal' };
  }
  return undefined;
}

/**
 * Members whose findings depend on members other than their neighbours, re-linted whenever
 * their container is: in a class every statement that is not a definition (a `pass`, an
 * attribute); in a function its first statement (the docstring) and every `pass`.
 */
function alwaysRelinted(member: Node, index: number, kind: ContainerKind): boolean {
  if (kind === 'literal') return false;
  if (kind === 'function') return index === 0 || member.type === 'pass_statement';
  const t = member.type === 'decorated_definition' ? member.childForFieldName('definition')?.type : member.type;
  return t !== 'function_definition' && t !== 'class_definition';
}

/**
 * The pieces of a large unit an edit needs re-linted: its header (up to the first member: the
 * rules' findings on a definition's name, which read the whole body from the tree, are there),
 * the members the `hits` touch with one neighbour on each side (comments and code next to each
 * other, `if …: return True` then `return False`), and the members `alwaysRelinted` names.
 * Undefined when the unit must be re-linted whole: it is no class, function or literal, or the
 * edit touched its header.
 */
function membersTouched(statement: Node, whole: Piece, hits: ReadonlyArray<[number, number]>, text: string): { pieces: Piece[]; kind: ContainerKind } | undefined {
  const container = containerOf(statement);
  if (!container || container.members.length < 2) return undefined;
  const { members, kind } = container;
  const first = members[0]!;
  if (first.startPosition.row <= whole.startRow) return undefined;
  // Member j runs from the line after member j-1 ends (the first from its own line) to where member j+1 starts.
  const starts: Array<{ index: number; row: number; node: Node }> = [{ index: first.startIndex - first.startPosition.column, row: first.startPosition.row, node: first }];
  for (let j = 1; j < members.length; j++) {
    const cut = lineAfter(members[j - 1]!, text);
    const m = members[j]!;
    if (m.startPosition.row < cut.row) continue; // on the line the previous member ends: the same piece
    starts.push({ index: cut.index, row: cut.row, node: m });
  }
  const end = { index: whole.endIndex, row: whole.endRow };
  const pieceOf = (j: number): Piece => ({ startIndex: starts[j]!.index, endIndex: j + 1 < starts.length ? starts[j + 1]!.index : end.index, startRow: starts[j]!.row, endRow: j + 1 < starts.length ? starts[j + 1]!.row : end.row });
  const header: Piece = { startIndex: whole.startIndex, endIndex: starts[0]!.index, startRow: whole.startRow, endRow: starts[0]!.row };
  const wanted = new Set<number>();
  for (const [from, to] of hits) {
    if (to <= whole.startIndex || from >= whole.endIndex) continue;
    if (from < header.endIndex) return undefined;
    for (let j = 0; j < starts.length; j++) {
      const p = pieceOf(j);
      if (from < p.endIndex && to > p.startIndex) for (const i of [j - 1, j, j + 1]) if (i >= 0 && i < starts.length) wanted.add(i);
    }
  }
  starts.forEach((s, j) => {
    if (alwaysRelinted(s.node, j, kind)) wanted.add(j);
  });
  return { pieces: [header, ...[...wanted].sort((a, b) => a - b).map(pieceOf)], kind };
}

const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);

/** Moves findings of the old text into the new one; undefined when the edit touched them. */
class Shifter {
  private readonly delta: number;

  constructor(private readonly span: EditSpan) {
    this.delta = span.newEnd - span.oldEnd;
  }

  /** A position at or after the old end of the edit, in the new text. */
  private after(p: Position): Position {
    const { oldEndPosition: o, newEndPosition: n } = this.span;
    return p.line === o.line ? { line: n.line, character: n.character + p.character - o.character } : { line: p.line + n.line - o.line, character: p.character };
  }

  range(r: Range): Range | undefined {
    const { startPosition: s, oldEndPosition: o, newEndPosition: n } = this.span;
    // Entirely before the edit: unchanged; entirely after it: moved; else touched.
    if (!before(s, r.end)) return r;
    if (before(r.start, o)) return undefined;
    // On a later line, after an edit that kept the number of lines: the same positions.
    if (r.start.line > o.line && n.line === o.line) return r;
    return { start: this.after(r.start), end: this.after(r.end) };
  }

  private offsets(start: number, end: number): { start: number; end: number } | undefined {
    if (end <= this.span.start) return { start, end };
    if (start >= this.span.oldEnd) return { start: start + this.delta, end: end + this.delta };
    return undefined;
  }

  finding(f: Finding): Finding | undefined {
    const range = this.range(f.range);
    if (!range) return undefined;
    let fix = f.fix;
    // Before the edit a fix stays as it is (no copy: most findings of a file are kept on each keystroke).
    if (fix && this.span.start < fix.edits.reduce((end, e) => Math.max(end, e.end), 0)) {
      const edits = [];
      for (const e of fix.edits) {
        const moved = this.offsets(e.start, e.end);
        if (!moved) return undefined;
        edits.push(moved.start === e.start ? e : { ...e, ...moved });
      }
      fix = { ...fix, edits };
    }
    let related = f.related;
    if (related) {
      const moved = [];
      for (const r of related) {
        if (r.file) {
          moved.push(r);
          continue;
        }
        const m = this.range(r.range);
        if (!m) return undefined;
        moved.push(m === r.range ? r : { ...r, range: m });
      }
      related = moved;
    }
    if (range === f.range && fix === f.fix && related === f.related) return f;
    return { ...f, range, ...(fix ? { fix } : {}), ...(related ? { related } : {}) };
  }

  directive(d: Directive): Directive | undefined {
    const p = { line: d.startPosition.row, character: d.startPosition.column };
    if (before(p, this.span.startPosition)) return d;
    if (before(p, this.span.oldEndPosition)) return undefined;
    const q = this.after(p);
    return { ...d, startPosition: { row: q.line, column: q.character } };
  }
}

/**
 * Lints a file after an edit, re-running the `unit` rules only on the top-level statements the
 * edit or the reparse touched (`getChangedRanges`), and keeping every other finding, moved with
 * the text. `input` holds the new text and its (incrementally reparsed) tree; `edit` is what
 * `DocumentTrees.applyChanges` returned, or `DocumentTrees.takeEdits` when several change events
 * came between two lints. File-wide rules are deferred (see `IncrementalOptions`). Falls back to
 * a full lint when there is no usable previous state (another text, path, rule set or set of
 * changed lines), when a rule threw, when the edit may change whether the file imports torch, or
 * when it adds or removes a `\r`.
 */
export function lintIncremental(
  previous: LintState | undefined,
  input: LintInput,
  edit: EditInfo,
  registry: readonly Rule<any>[],
  options: IncrementalOptions = {},
): IncrementalResult {
  const { text, tree, path } = input;
  if (!previous) return lintFull(input, registry, 'no previous lint');
  if (previous.registry !== registry) return lintFull(input, registry, 'another rule registry');
  if (previous.path !== path) return lintFull(input, registry, 'another path');
  if (previous.text !== edit.previousText) return lintFull(input, registry, 'the previous lint was of another text');
  if (previous.result.internalErrors.length > 0) return lintFull(input, registry, 'a rule threw last time');
  const rulesKey = rulesKeyOf(input.rules) + changedKeyOf(input);
  if (rulesKey !== previous.rulesKey) return lintFull(input, registry, 'the rules or the changed lines changed');

  const { span } = edit;
  // Fixes follow the file's line ends (`eolOf`): an edit that adds or removes a `\r` may change them all.
  if (text.slice(span.start, span.newEnd).includes('\r') || edit.previousText.slice(span.start, span.oldEnd).includes('\r')) {
    return lintFull(input, registry, 'the edit changed line ends');
  }
  const root = tree.rootNode;
  const units = unitsOf(root, text);
  const n = units.last.length;

  // The units the edit or the reparse touched: the new units over the edit, over the old units
  // the edit was in (an edit can split a unit or merge two), and over the changed ranges.
  const touched = new Set<number>();
  const touch = (from: number, to: number) => {
    const a = unitAt(units.start, from);
    const b = unitAt(units.start, Math.max(from, to - 1));
    for (let k = a; k <= b; k++) touched.add(k);
  };
  // Where the new text was edited or reparsed differently: what splits a large unit into members.
  const hits: Array<[number, number]> = [[span.start, Math.max(span.newEnd, span.start + 1)]];
  touch(span.start, span.newEnd);
  const k0 = unitAt(units.start, span.start);
  if (k0 > 0 && units.start[k0] === span.start) {
    touched.add(k0 - 1);
    hits.push([span.start - 1, span.start]);
  }
  const old = previous.unitStarts;
  const oa = unitAt(old, span.start);
  const ob = unitAt(old, Math.max(span.start, span.oldEnd - 1));
  const oldFrom = old[oa > 0 && old[oa] === span.start ? oa - 1 : oa]!;
  touch(oldFrom, old[ob + 1]! + span.newEnd - span.oldEnd);
  // What the last lint read from a partial parse (`lintProvisional`), moved with the text.
  for (const [from, to] of previous.provisional) {
    const a = movedOffset(span, from, 'start');
    const b = Math.max(a, movedOffset(span, to, 'end'));
    touch(a, b);
    hits.push([a, Math.max(b, a + 1)]);
  }
  for (const r of edit.changedRanges) {
    touch(r.startIndex, r.endIndex);
    hits.push([r.startIndex, Math.max(r.endIndex, r.startIndex + 1)]);
  }
  // A trailing comment inside a unit's block sits next to the comments and the code of the next unit.
  const region = new Set(touched);
  for (const k of touched) {
    if (k > 0 && endsWithComment(units.last[k - 1]!)) {
      region.add(k - 1);
      hits.push([units.start[k]! - 1, units.start[k]!]);
    }
    if (k + 1 < n && endsWithComment(units.last[k]!)) {
      region.add(k + 1);
      hits.push([units.start[k + 1]!, units.start[k + 1]! + 1]);
    }
  }
  const splitRows = options.splitRows ?? 60;
  const pieces: Piece[] = [];
  // A finding on a function's name may count the comments of its whole body (long-function):
  // when a function is re-linted in pieces, the rules see every comment of the units in the region.
  const wholeUnits: Piece[] = [];
  let split = false;
  for (const k of [...region].sort((a, b) => a - b)) {
    const whole: Piece = { startIndex: units.start[k]!, endIndex: units.start[k + 1]!, startRow: units.row[k]!, endRow: units.row[k + 1]! };
    const parts = splitRows > 0 && whole.endRow - whole.startRow > splitRows ? membersTouched(units.last[k]!, whole, hits, text) : undefined;
    pieces.push(...(parts?.pieces ?? [whole]));
    if (parts?.kind === 'function') {
      wholeUnits.push(whole);
      split = true;
    } else {
      wholeUnits.push(...(parts?.pieces ?? [whole]));
    }
  }
  const intervals = mergeRows(pieces);
  const regionLength = intervals.reduce((sum, i) => sum + i.endIndex - i.startIndex, 0);
  if (regionLength > (options.maxRegionShare ?? 0.5) * text.length) {
    // Most of the file changed (a quote opened a string that runs to the end): the unit rules on
    // all of it, in one query, and the file rules still deferred.
    intervals.splice(0, intervals.length, { startIndex: 0, endIndex: text.length, startRow: 0, endRow: units.row[n]! });
    split = false;
  }


  const inRegion = (line: number) => intervals.some((i) => line >= i.startRow && line < i.endRow);
  const shifter = new Shifter(span);
  const rerunFile = options.fileRules === 'rerun';
  const unitRules = input.rules.filter((r) => scopeOfRule(r.rule.meta.id) === 'unit');
  const fileRules = input.rules.filter((r) => scopeOfRule(r.rule.meta.id) === 'file');
  const fileIds = new Set(fileRules.map((r) => r.rule.meta.id));

  // The unit rules on the region, with only their patterns: the file rules' matches would be dropped.
  const query = combinedQueryOf(registry, unitRules);
  const { comments: pieceComments, imports, definitions, matches } = query.run(root, text, intervals);
  if (intervals.length > 1) dedupe(matches, pieceComments);

  // Whether the file imports torch can only change when the region held or holds an import of
  // torch: the torch imports outside the region are those of the last lint, moved with the text.
  const delta = span.newEnd - span.oldEnd;
  const oldOffset = (o: number) => (o <= span.start ? o : Math.max(span.start, o - delta));
  const oldRegion = intervals.map((i) => [oldOffset(i.startIndex), oldOffset(i.endIndex)] as const);
  const kept = previous.torchImports.filter(([s, e]) => oldRegion.every(([a, b]) => e <= a || s >= b)).map(([s, e]) => (s >= span.oldEnd ? ([s + delta, e + delta] as const) : ([s, e] as const)));
  const mayImportTorch = (t: string) => t.includes('import') && t.includes('torch');
  let torchImports = kept;
  if (intervals.some((i) => mayImportTorch(text.slice(i.startIndex, i.endIndex)) || mayImportTorch(edit.previousText.slice(oldOffset(i.startIndex), oldOffset(i.endIndex))))) {
    const found = new Map<number, readonly [number, number]>();
    for (const n of imports) if (!found.has(n.startIndex) && importsTorchStatement(n)) found.set(n.startIndex, [n.startIndex, n.endIndex]);
    torchImports = [...kept, ...found.values()].sort((x, y) => x[0] - y[0]);
  }
  const torch = torchImports.length > 0;
  if (torch !== previous.importsTorch) return lintFull(input, registry, 'whether the file imports torch changed');
  const comments = split ? commentsIn(root, mergeRows(wholeUnits)) : pieceComments;
  const facts = fileFacts({ comments, imports, definitions }, () => torch);
  const run = runRules({ text, tree, path, facts, changedLines: input.changedLines, matchedRows: intervals }, unitRules, matches);
  const timings = run.timings;
  let fresh = run.findings.filter((f) => inRegion(f.range.start.line));
  const internalErrors: InternalError[] = [...run.internalErrors];

  // The file rules: re-run on the whole file, or carried over.
  let stale = new Set(previous.stale);
  if (rerunFile && fileRules.length > 0) {
    // The whole file, but only the file rules' patterns.
    const all = combinedQueryOf(registry, fileRules).run(root, text);
    const fileRun = runRules({ text, tree, path, facts: fileFacts(all, () => torch), changedLines: input.changedLines }, fileRules, all.matches);
    fresh = fresh.concat(fileRun.findings);
    fileRun.timings.forEach((t, id) => timings.set(id, t));
    internalErrors.push(...fileRun.internalErrors);
    stale = new Set();
  } else {
    for (const id of fileIds) stale.add(id);
  }
  if (internalErrors.length > 0) return lintFull(input, registry, 'a rule threw');

  const raw: Finding[] = [];
  for (const f of previous.raw) {
    const file = fileIds.has(f.ruleId);
    if (file && rerunFile) continue;
    const moved = shifter.finding(f);
    if (!moved) continue;
    if (!file && inRegion(moved.range.start.line)) continue;
    raw.push(moved);
  }
  raw.push(...fresh);
  raw.sort(compareFindings);

  const directives = mergeDirectives(previous.directives, shifter, directivesOf(comments, text), inRegion);

  const broken = errorRanges(root);
  const findings = assemble(raw, directives, broken, []);
  const result: LintResult = { findings, internalErrors: [], timings };
  const state = new LintState(text, path, rulesKey, registry, raw, directives, torch, stale, units.start, result, torchImports, broken);
  return {
    ...result,
    state,
    stale: [...stale],
    mode: 'incremental',
    region: intervals.map((i) => ({ startRow: i.startRow, endRow: i.endRow })),
  };
}

/** An offset of the text before an edit in the text after it; inside the edited span, the span's start (`start`) or new end (`end`). */
function movedOffset(span: EditSpan, offset: number, side: 'start' | 'end'): number {
  if (offset <= span.start) return offset;
  if (offset >= span.oldEnd) return offset + span.newEnd - span.oldEnd;
  return side === 'start' ? span.start : span.newEnd;
}

/** The largest part of a text `lintProvisional` parses alone by default (UTF-16 code units): about 8 ms of parsing. */
export const PROVISIONAL_MAX_CHARS = 32_000;

/** The edits a provisional lint reads: like `EditInfo`, from `DocumentTrees.peekEdits`. */
export type ProvisionalEdit = EditInfo;

/**
 * Lints a text whose tree is not parsed yet (`DocumentTrees.applyChanges` gave up on a slow
 * reparse: error recovery, a quote that opens a long string): parses only the top-level statements the
 * edits touched (`parsePythonRanges`), re-runs the `unit` rules there and keeps every other
 * finding, moved with the text; file-wide rules are stale. A provisional result for a user who is
 * still typing: the part parsed alone may parse otherwise within the whole file (tree-sitter's
 * error recovery can reach past the statement). The state records the part, so the next lint
 * from a tree of the whole text (`lintIncremental`, or `refresh`, which then equals a full lint)
 * re-lints it. Undefined when it cannot (no usable previous state, the part is most of the file
 * or over `maxChars`, or it may change whether the file imports torch): parse the whole text and lint as usual.
 */
export function lintProvisional(
  previous: LintState | undefined,
  input: Omit<LintInput, 'tree'>,
  edit: ProvisionalEdit,
  registry: readonly Rule<any>[],
  maxChars = PROVISIONAL_MAX_CHARS,
  editedTree?: Tree,
): IncrementalResult | undefined {
  const { text, path } = input;
  if (!previous || previous.registry !== registry || previous.path !== path || previous.text !== edit.previousText) return undefined;
  if (previous.result.internalErrors.length > 0) return undefined;
  const rulesKey = rulesKeyOf(input.rules) + changedKeyOf(input);
  if (rulesKey !== previous.rulesKey) return undefined;
  const { span } = edit;
  if (text.slice(span.start, span.newEnd).includes('\r') || edit.previousText.slice(span.start, span.oldEnd).includes('\r')) return undefined;

  // The previous units, moved with the text (those that started inside the edit are gone).
  const starts: number[] = [];
  const old = previous.unitStarts;
  for (let k = 0; k + 1 < old.length; k++) {
    const o = old[k]!;
    if (o <= span.start || o >= span.oldEnd) starts.push(movedOffset(span, o, 'start'));
  }
  starts.push(text.length);
  let a = unitAt(starts, span.start);
  if (a > 0 && starts[a] === span.start) a--;
  // Up to the unit holding the new end itself: an edit that joins two lines joins their units.
  let b = unitAt(starts, span.newEnd);
  for (const r of edit.changedRanges) {
    a = Math.min(a, unitAt(starts, r.startIndex));
    b = Math.max(b, unitAt(starts, r.endIndex));
  }
  let from = starts[a]!;
  let to = starts[b + 1]!;
  let parts: Array<readonly [number, number]> = [[from, to]];
  if (to - from > maxChars) {
    // Parsed alone, a larger part costs more than finishing the reparse (about 4 MB/s either way): the members the edit touched, with their headers.
    let lo = span.start;
    let hi = span.newEnd;
    for (const r of edit.changedRanges) [lo, hi] = [Math.min(lo, r.startIndex), Math.max(hi, r.endIndex)];
    const narrowed = editedTree && narrowPart(editedTree, text, lo, hi, maxChars);
    if (!narrowed) return undefined;
    [from, to] = narrowed.region;
    parts = narrowed.parts;
  }
  if (to - from > 0.5 * text.length) return undefined;
  const oldFrom = from <= span.start ? from : from - span.newEnd + span.oldEnd;
  const oldTo = to <= span.start ? to : to - span.newEnd + span.oldEnd;
  const mayImportTorch = (t: string) => t.includes('import') && t.includes('torch');
  if (mayImportTorch(text.slice(from, to)) || mayImportTorch(edit.previousText.slice(oldFrom, oldTo))) return undefined;

  const startRow = positionFrom(text, span.start, span.startPosition, from).line;
  const firstRow = parts[0]![0] === from ? startRow : positionFrom(text, span.start, span.startPosition, parts[0]![0]).line;
  let endRow = startRow;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) endRow++;
  if (to === text.length) endRow++;
  const inRegion = (line: number) => line >= startRow && line < endRow;

  const unitRules = input.rules.filter((r) => scopeOfRule(r.rule.meta.id) === 'unit');
  const fileIds = input.rules.filter((r) => scopeOfRule(r.rule.meta.id) === 'file').map((r) => r.rule.meta.id);
  const partial = parsePythonRanges(text, parts, firstRow);
  try {
    const root = partial.rootNode;
    const found = combinedQueryOf(registry, unitRules).run(root, text);
    const { comments, matches } = found;
    const run = runRules({ text, tree: partial, path, facts: fileFacts(found, () => previous.importsTorch), changedLines: input.changedLines }, unitRules, matches);
    if (run.internalErrors.length > 0) return undefined;
    const shifter = new Shifter(span);
    const raw: Finding[] = [];
    for (const f of previous.raw) {
      const moved = shifter.finding(f);
      if (moved && !(scopeOfRule(f.ruleId) === 'unit' && inRegion(moved.range.start.line))) raw.push(moved);
    }
    raw.push(...run.findings.filter((f) => inRegion(f.range.start.line)));
    raw.sort(compareFindings);
    const directives = mergeDirectives(previous.directives, shifter, directivesOf(comments, text), inRegion);
    const broken: Range[] = [];
    for (const r of previous.broken) {
      const moved = shifter.range(r);
      if (moved && !inRegion(moved.start.line) && !inRegion(moved.end.line)) broken.push(moved);
    }
    broken.push(...errorRanges(root));
    const stale = new Set([...previous.stale, ...fileIds]);
    const torchImports = previous.torchImports.map(([s, e]) => [movedOffset(span, s, 'start'), movedOffset(span, e, 'end')] as const);
    const provisional = previous.provisional.map(([s, e]) => [movedOffset(span, s, 'start'), movedOffset(span, e, 'end')] as const).concat([[from, to] as const]);
    const findings = assemble(raw, directives, broken, []);
    const result: LintResult = { findings, internalErrors: [], timings: run.timings };
    const state = new LintState(text, path, rulesKey, registry, raw, directives, previous.importsTorch, stale, starts, result, torchImports, broken, provisional);
    return { ...result, state, stale: [...stale], mode: 'incremental', reason: 'provisional: the edited statements parsed alone', region: [{ startRow, endRow }] };
  } finally {
    partial.delete();
  }
}

let commentQuery: Query | undefined;

/** The comment nodes in some rows, in document order. */
function commentsIn(root: Node, rows: readonly Piece[]): Node[] {
  commentQuery ??= compileQuery('(comment) @comment');
  const ids = new Set<number>();
  const out: Node[] = [];
  for (const r of rows) {
    for (const c of commentQuery.captures(root, { startPosition: { row: r.startRow, column: 0 }, endPosition: { row: r.endRow, column: 0 } })) {
      if (!ids.has(c.node.id)) {
        ids.add(c.node.id);
        out.push(c.node);
      }
    }
  }
  return out;
}

/** Sorted pieces with the touching ones merged. */
function mergeRows(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of [...pieces].sort((a, b) => a.startRow - b.startRow)) {
    const last = out[out.length - 1];
    if (last && last.endRow >= p.startRow) {
      if (p.endRow > last.endRow) {
        last.endRow = p.endRow;
        last.endIndex = p.endIndex;
      }
    } else out.push({ ...p });
  }
  return out;
}

/** Drops matches and comments seen twice (a node that spans two intervals of the region). */
function dedupe(matches: Map<string, Match[]>, comments: Node[]): void {
  for (const [id, list] of matches) {
    const seen = new Set<string>();
    matches.set(
      id,
      list.filter((m) => {
        const key = `${m.pattern}:${m.captures.map((c) => `${c.name}=${c.node.id}`).join(',')}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }),
    );
  }
  const ids = new Set<number>();
  const unique = comments.filter((c) => !ids.has(c.id) && (ids.add(c.id), true));
  comments.splice(0, comments.length, ...unique);
}

/**
 * Re-runs the stale file-wide rules on the whole file (on idle or save): the result then equals a
 * full lint. `input` should be the text and tree the state was computed for: for another text,
 * path, rule set or set of changed lines it is a full lint.
 */
export function refresh(state: LintState, input: LintInput): IncrementalResult {
  if (input.text !== state.text || input.path !== state.path || rulesKeyOf(input.rules) + changedKeyOf(input) !== state.rulesKey) return lintFull(input, state.registry, 'refresh of another text');
  if (state.provisional.length > 0) {
    const end = { line: 0, character: 0 };
    const none: EditInfo = { previousText: state.text, span: { start: 0, oldEnd: 0, newEnd: 0, startPosition: end, oldEndPosition: end, newEndPosition: end }, changedRanges: [] };
    return lintIncremental(state, input, none, state.registry, { fileRules: 'rerun' });
  }
  if (state.stale.size === 0) return { ...state.result, state, stale: [], mode: 'incremental', region: [] };
  const { text, tree, path } = input;
  const root = tree.rootNode;
  const staleRules = input.rules.filter((r) => state.stale.has(r.rule.meta.id));
  const found = combinedQueryOf(state.registry, staleRules).run(root, text);
  const { matches } = found;
  const run = runRules({ text, tree, path, facts: fileFacts(found, () => state.importsTorch), changedLines: input.changedLines }, staleRules, matches);
  if (run.internalErrors.length > 0) return lintFull(input, state.registry, 'a rule threw');
  const raw = state.raw.filter((f) => !state.stale.has(f.ruleId)).concat(run.findings).sort(compareFindings);
  const broken = errorRanges(root);
  const findings = assemble(raw, state.directives, broken, []);
  const result: LintResult = { findings, internalErrors: [], timings: run.timings };
  const next = new LintState(text, path, state.rulesKey, state.registry, raw, state.directives, state.importsTorch, new Set(), state.unitStarts, result, state.torchImports, broken);
  return { ...result, state: next, stale: [], mode: 'incremental', region: [] };
}

/** The previous directives outside the re-linted region (moved with the text), and the fresh ones inside it, by row. */
function mergeDirectives(previous: readonly Directive[], shifter: Shifter, fresh: readonly Directive[], inRegion: (row: number) => boolean): Directive[] {
  const out: Directive[] = [];
  for (const d of previous) {
    const moved = shifter.directive(d);
    if (moved && !inRegion(moved.startPosition.row)) out.push(moved);
  }
  for (const d of fresh) if (inRegion(d.startPosition.row)) out.push(d);
  return out.sort((a, b) => a.startPosition.row - b.startPosition.row);
}
