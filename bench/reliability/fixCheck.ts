import { lint, type ActiveRule } from '../../src/core/engine';
import type { Edit, Finding, Fix, Position } from '../../src/core/finding';
import { applyFixes } from '../../src/core/fix';
import { fixText, lintText, pythonLineBreaks } from '../../src/core/lintText';
import { parsePython, type Tree } from '../../src/core/parse/python';
import { RULES } from '../../src/core/rules';
import { LineIndex } from '../../src/core/text';
import type { PyCompiler } from './pyCompile';
import { expandSnippet } from './snippet';
import { brokenCount, brokenNodes } from './syntax';

/** What a check found wrong with a fix. */
export interface FixFailure {
  path: string;
  /** `single` (one fix alone), `fix-all` (fixText), `all-at-once` (every fix, unsafe ones too, in one pass). */
  mode: 'single' | 'fix-all' | 'all-at-once';
  check: 'applies' | 'reparses' | 'compiles' | 'idempotent' | 'resolves';
  ruleId?: string;
  /** 1-based line of the finding whose fix failed. */
  line?: number;
  fix?: string;
  detail: string;
}

export interface FileFixResult {
  path: string;
  /** Findings with a fix. */
  fixes: number;
  /** Fixes applied one at a time (each on the original text). */
  singleApplied: number;
  /** Fixes fixText applied (all passes). */
  fixAllApplied: number;
  /** Whether python3 compiles the original: the compile checks run only then. */
  originalCompiles: boolean;
  failures: FixFailure[];
  ms: number;
}

export interface FixCheckOptions {
  /** Check each fix on its own (default true). */
  single?: boolean;
  /** Also check that each single fix removes its finding (re-lints once per fix; default true). */
  resolves?: boolean;
  /**
   * Reparse each single fix's result incrementally from the original tree (fast on big files)
   * instead of from scratch (default false). Fix-all results are always parsed from scratch.
   */
  incremental?: boolean;
  /**
   * For single fixes, compile only the top-level statements the fix touches and their neighbours
   * (the others blanked, line numbers kept; `from __future__` imports kept) instead of the whole
   * file: python3 takes 0.8 s to compile an 875 KB file, and such a file has 400 fixes. The
   * fix-all and all-at-once results are always compiled whole. Default false.
   */
  reducedCompile?: boolean;
}

/** A fix as the author would accept it: snippet tab stops replaced by their placeholder text. */
export function accepted(fix: Fix): Fix {
  return fix.snippet ? { ...fix, edits: fix.edits.map((e) => ({ ...e, text: expandSnippet(e.text) })) } : fix;
}

function endOf(start: Position, text: string): { row: number; column: number } {
  const lines = text.split('\n');
  return lines.length === 1 ? { row: start.line, column: start.character + text.length } : { row: start.line + lines.length - 1, column: lines[lines.length - 1].length };
}

/** The tree of `result` (the text after `edits`), reparsed from a copy of the original's tree. */
function reparse(base: Tree, index: LineIndex, edits: readonly Edit[], result: string): Tree {
  const copy = base.copy();
  try {
    for (const e of [...edits].sort((a, b) => b.start - a.start)) {
      const start = index.positionAt(e.start);
      const oldEnd = index.positionAt(e.end);
      copy.edit({
        startIndex: e.start,
        oldEndIndex: e.end,
        newEndIndex: e.start + e.text.length,
        startPosition: { row: start.line, column: start.character },
        oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
        newEndPosition: endOf(start, pythonLineBreaks(e.text)),
      });
    }
    return parsePython(result, copy);
  } finally {
    copy.delete();
  }
}

/** A top-level statement of the original text: its offsets, how many line breaks it holds. */
export interface TopStatement {
  start: number;
  end: number;
  breaks: number;
  future: boolean;
}

/** The top-level statements of a tree; undefined when it has syntax errors. */
export function topStatements(tree: Tree): TopStatement[] | undefined {
  const root = tree.rootNode;
  if (root.hasError) return undefined;
  return root.children.flatMap((c) => (c ? [{ start: c.startIndex, end: c.endIndex, breaks: c.endPosition.row - c.startPosition.row, future: c.type === 'future_import_statement' }] : []));
}

/**
 * `result` (the original text after `edits`, sorted, in original offsets) with every top-level
 * statement the edits do not touch blanked to its line breaks; the touched ones, their
 * neighbours and `from __future__` imports are kept. Python's syntax and symbol-table errors
 * are local to a top-level statement, so this compiles as the whole file does, only faster.
 */
export function touchedStatements(result: string, tops: readonly TopStatement[], edits: readonly Edit[]): string {
  const first = edits[0].start;
  const last = edits[edits.length - 1].end;
  const delta = edits.reduce((d, e) => d + e.text.length - (e.end - e.start), 0);
  const keep = new Set<number>();
  tops.forEach((t, i) => {
    if (t.future) keep.add(i);
    if (t.start <= last && first <= t.end) for (const j of [i - 1, i, i + 1]) keep.add(j);
  });
  const parts: string[] = [];
  let at = 0;
  tops.forEach((t, i) => {
    if (keep.has(i)) return;
    // Untouched statements lie wholly before the first edit or after the last one.
    const shift = t.start >= last ? delta : 0;
    parts.push(result.slice(at, t.start + shift), '\n'.repeat(t.breaks));
    at = t.end + shift;
  });
  parts.push(result.slice(at));
  return parts.join('');
}

/** Where an offset of the original text is after the edits (the edit's start when inside one). */
function mapOffset(offset: number, edits: readonly Edit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.end <= offset && !(e.start === e.end && e.start === offset)) delta += e.text.length - (e.end - e.start);
    else if (e.start < offset && offset < e.end) return e.start + delta;
  }
  return offset + delta;
}

/**
 * Applies every fix of a file one at a time, then all safe fixes with fixText (and again, which
 * must apply nothing), then every fix at once; each result must reparse with no more
 * `ERROR`/`MISSING` nodes than the original and compile with python3 when the original does.
 */
export async function checkFileFixes(text: string, path: string, rules: ActiveRule[], compiler: PyCompiler, opts: FixCheckOptions = {}): Promise<FileFixResult> {
  const started = performance.now();
  const failures: FixFailure[] = [];
  const pending: Promise<void>[] = [];
  const baseBroken = brokenCount(text);
  const originalCompiles = (await compiler.compile(text, path)) === null;
  const findings = lintText(text, path, rules).findings;
  const fixed = findings.filter((f): f is Finding & { fix: Fix } => !!f.fix);
  let singleApplied = 0;

  const verify = (result: string, base: Omit<FixFailure, 'check' | 'detail'>, broken = brokenCount(result), toCompile = result) => {
    if (broken > baseBroken) failures.push({ ...base, check: 'reparses', detail: `${broken} ERROR/MISSING nodes after the fix, ${baseBroken} before` });
    if (originalCompiles) {
      pending.push(
        compiler.compile(toCompile, path).then((error) => {
          if (error !== null) failures.push({ ...base, check: 'compiles', detail: error });
        }),
      );
    }
  };

  if (opts.single ?? true) {
    const source = pythonLineBreaks(text);
    const index = new LineIndex(source);
    const baseTree = opts.incremental || opts.reducedCompile ? parsePython(source) : undefined;
    const tops = opts.reducedCompile && baseTree ? topStatements(baseTree) : undefined;
    try {
      for (const f of fixed) {
        const base = { path, mode: 'single' as const, ruleId: f.ruleId, line: f.range.start.line + 1, fix: f.fix.title };
        const fix = accepted(f.fix);
        let result: string;
        try {
          const r = applyFixes(text, [fix]);
          if (r.applied !== 1) throw new Error('the fix was not applied');
          result = r.text;
        } catch (e) {
          failures.push({ ...base, check: 'applies', detail: e instanceof Error ? e.message : String(e) });
          continue;
        }
        singleApplied++;
        if (result === text) {
          failures.push({ ...base, check: 'resolves', detail: 'the fix changes nothing' });
          continue;
        }
        const resultSource = pythonLineBreaks(result);
        const tree = baseTree && opts.incremental ? reparse(baseTree, index, fix.edits, resultSource) : parsePython(resultSource);
        try {
          const sorted = [...fix.edits].sort((a, b) => a.start - b.start);
          const reduced = tops ? touchedStatements(resultSource, tops, sorted) : undefined;
          verify(result, base, brokenNodes(tree.rootNode).count, reduced ?? result);
          if (opts.resolves ?? true) {
            // The finding must be gone from where it was (a fix may reveal another one elsewhere:
            // removing an inner 'else' can make the outer one redundant).
            const active = rules.find((r) => r.rule.meta.id === f.ruleId)!;
            const at = mapOffset(index.offsetAt(f.range.start), sorted);
            const same = lint({ text: resultSource, tree, path, rules: [active] }, RULES).findings.filter((x) => x.ruleId === f.ruleId && x.message === f.message);
            const after = same.length ? new LineIndex(resultSource) : undefined;
            const still = same.some((x) => after!.offsetAt(x.range.start) === at);
            if (still) failures.push({ ...base, check: 'resolves', detail: `'${f.message}' is still reported at the same place after its fix` });
          }
        } finally {
          tree.delete();
        }
      }
    } finally {
      baseTree?.delete();
    }
  }

  // Fix-all, as `mantra audit --fix` and the editor's source.fixAll do.
  const all = fixText(text, path, rules);
  if (all.applied > 0) verify(all.text, { path, mode: 'fix-all' });
  const again = fixText(all.text, path, rules);
  if (again.applied !== 0) {
    failures.push({ path, mode: 'fix-all', check: 'idempotent', detail: `a second fix-all applied ${again.applied} more fix(es)${again.text === all.text ? '' : ' and changed the text'}` });
  }

  // Every fix, unsafe and snippet ones too, in one pass (what "fix everything" in an editor gives).
  if (fixed.length > 1) {
    try {
      const once = applyFixes(text, fixed.map((f) => accepted(f.fix)));
      if (once.applied > 0) verify(once.text, { path, mode: 'all-at-once' });
    } catch (e) {
      failures.push({ path, mode: 'all-at-once', check: 'applies', detail: e instanceof Error ? e.message : String(e) });
    }
  }

  await Promise.all(pending);
  return { path, fixes: fixed.length, singleApplied, fixAllApplied: all.applied, originalCompiles, failures, ms: performance.now() - started };
}
