/** 0-based position; `character` counts UTF-16 code units, as tree-sitter, JS strings and VS Code do. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open 0-based range. */
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** The severities from most to least severe. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** One text replacement; `start` and `end` are UTF-16 offsets into the original text. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * A fix attached to a finding. `safe` fixes are applied by `mantra audit --fix` and fix-all;
 * the others (snippets with tab stops, docstrings the author must write) only as quick fixes.
 * When `snippet` is true the single edit's text uses VS Code snippet syntax (`${1:dims}`).
 */
export interface Fix {
  title: string;
  edits: Edit[];
  safe: boolean;
  snippet?: boolean;
}

/** The guideline sentence a rule setting came from. `line` is 0-based. */
export interface GuidelineSource {
  file: string;
  line: number;
  text: string;
}

/** Extra locations that explain a finding (the twin of a duplicate, say). */
export interface Related {
  range: Range;
  message: string;
  file?: string;
}

/** The one type every front door (CLI, extension, hook) consumes. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  range: Range;
  message: string;
  guideline: GuidelineSource | null;
  fix?: Fix;
  related?: Related[];
  /** In a notebook: the 0-based index of the cell the range and fix refer to. */
  cell?: number;
}

/** A finding together with the file it is in (guideline-file problems, CLI output). */
export interface FileFinding extends Finding {
  file: string;
}
