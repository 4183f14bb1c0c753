import type { LintInput } from './engine';
import { lintFull, lintIncremental, lintProvisional, PROVISIONAL_MAX_CHARS, refresh, type IncrementalResult, type LintState } from './incremental';
import { KEYSTROKE_PARSE_BUDGET_MS, type DocumentTrees } from './parse/documentTrees';
import type { Rule } from './rule';

/**
 * Edited top-level statements up to this many UTF-16 code units are parsed alone while typing
 * rather than the whole file reparsed: about 1 ms of parsing, what an incremental reparse of a
 * large file costs at the median.
 */
export const SMALL_PART_CHARS = 4_000;

/** How a typing lint parses (`LiveLints.lint`); the defaults are the editor's. */
export interface KeystrokeOptions {
  /** Parse the edited statements alone when they are this small (UTF-16 code units). */
  smallPartChars?: number;
  /** Otherwise reparse the whole text within this many ms (0: not while typing), or parse the edited statements alone when they are not too large. */
  parseBudgetMs?: number;
}

/**
 * The lints of the documents an editor keeps open, each re-linted from the edits since its last
 * lint (`DocumentTrees.takeEdits` → `lintIncremental`): typing re-lints the statements it touched,
 * and file-wide rules wait for a lint that is not `typing`. A full lint runs where the incremental
 * one says so, and when the text changed without the edits being seen.
 */
export class LiveLints {
  private readonly states = new Map<string, LintState>();

  constructor(
    private readonly trees: DocumentTrees,
    private readonly registry: readonly Rule<any>[],
    private readonly keystroke: KeystrokeOptions = {},
  ) {}

  /**
   * Lints document `key` at `version` and `input.text`, with the tree `trees` holds for it.
   * `typing` (a lint while the user types) of a text whose reparse `trees` deferred (an editor
   * applies its change events with a budget of 0): the edited top-level statements are parsed
   * and linted alone (`lintProvisional`) when they are small, else the whole text is reparsed
   * within a budget, and if that gives up the statements are linted alone unless too large;
   * file-wide rules are left stale. Otherwise the tree is parsed and the
   * result equals a full lint: the edits since the last lint are linted incrementally with the
   * file-wide rules re-run, and with no edits and the same text (a save, the idle re-lint) the
   * stale rules and provisional parts are linted again.
   */
  lint(key: string, version: number, input: Omit<LintInput, 'tree'>, typing = false): IncrementalResult {
    const previous = this.states.get(key);
    if (typing && previous && this.trees.deferred(key, version, input.text)) {
      const edits = this.trees.peekEdits(key);
      const { smallPartChars = SMALL_PART_CHARS, parseBudgetMs = KEYSTROKE_PARSE_BUDGET_MS } = this.keystroke;
      const provisional =
        edits &&
        (lintProvisional(previous, input, edits, this.registry, smallPartChars, this.trees.editedTree(key)) ??
          (parseBudgetMs > 0 && this.trees.parseWithin(key, parseBudgetMs) ? undefined : lintProvisional(previous, input, edits, this.registry, PROVISIONAL_MAX_CHARS)));
      if (provisional) {
        this.trees.takeEdits(key);
        this.states.set(key, provisional.state);
        return provisional;
      }
    }
    const full: LintInput = { ...input, tree: this.trees.tree(key, version, input.text) };
    const edits = this.trees.takeEdits(key);
    let result: IncrementalResult;
    if (!previous) result = lintFull(full, this.registry, 'no previous lint');
    else if (edits) result = lintIncremental(previous, full, edits, this.registry, { fileRules: typing ? 'defer' : 'rerun' });
    else if (previous.text === input.text) result = refresh(previous, full);
    else result = lintFull(full, this.registry, 'the text changed without edits');
    this.states.set(key, result.state);
    return result;
  }

  /** Forgets a document's last lint (closed, excluded, or disabled). */
  forget(key: string): void {
    this.states.delete(key);
  }
}
