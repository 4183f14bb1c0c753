import type { LintInput } from './engine';
import { lintFull, lintIncremental, refresh, type IncrementalResult, type LintState } from './incremental';
import type { DocumentTrees } from './parse/documentTrees';
import type { Rule } from './rule';

/**
 * The lints of the documents an editor keeps open, each re-linted from the edits since its last
 * lint (`DocumentTrees.takeEdits` → `lintIncremental`): typing re-lints the statements it touched,
 * and file-wide rules wait for `refresh`. A full lint runs where the incremental one says so, and
 * when the text changed without the edits being seen.
 */
export class LiveLints {
  private readonly states = new Map<string, LintState>();

  constructor(
    private readonly trees: DocumentTrees,
    private readonly registry: readonly Rule<any>[],
  ) {}

  /**
   * Lints document `key` at `input.text`, whose tree must be the one `trees` holds for it. With
   * edits since the last lint: incrementally (its `stale` rules are left for `refresh`); with none
   * and the same text (a save, a re-lint): the stale rules re-run, so the result equals a full lint.
   */
  lint(key: string, input: LintInput): IncrementalResult {
    const edits = this.trees.takeEdits(key);
    const previous = this.states.get(key);
    let result: IncrementalResult;
    if (!previous) result = lintFull(input, this.registry, 'no previous lint');
    else if (edits) result = lintIncremental(previous, input, edits, this.registry);
    else if (previous.text === input.text) result = refresh(previous, input);
    else result = lintFull(input, this.registry, 'the text changed without edits');
    this.states.set(key, result.state);
    return result;
  }

  /** Forgets a document's last lint (closed, excluded, or disabled). */
  forget(key: string): void {
    this.states.delete(key);
  }
}
