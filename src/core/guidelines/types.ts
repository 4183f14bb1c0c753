import type { GuidelineSource, Severity } from '../finding';

/** Layer of a guideline file: project files (CLAUDE.md, AGENTS.md) or personal CLAUDE.local.md. */
export type GuidelineLayer = 'project' | 'local';

/** One guideline file found for a path, with its text. */
export interface GuidelineFile {
  /** Absolute posix path. */
  path: string;
  text: string;
  /** `local` for CLAUDE.local.md and what it imports; `project` for the rest. */
  layer: GuidelineLayer;
  /** The `@path` that brought this file in, when it was imported (0-based line). */
  importedFrom?: { file: string; line: number };
  /**
   * The folder its globs (front matter paths, scope words) are relative to: the folder holding
   * the `.claude/`, `.cursor/` or `.github/` folder it was found in, else its own folder.
   */
  base?: string;
}

/** What kind of markdown element a guideline came from. */
export type GuidelineKind = 'bullet' | 'numbered' | 'paragraph' | 'table-row';

/** One checkable-or-not sentence of a guideline file: a bullet, numbered item, sentence or table row. */
export interface Guideline {
  /** Plain text, markdown markup stripped (code spans keep their content). */
  text: string;
  file: string;
  /** 0-based line of the element's first line. */
  line: number;
  kind: GuidelineKind;
  /** Text of the nearest heading above, if any. */
  heading?: string;
  /** For a nested bullet: the text of its parent bullet. */
  listParent?: string;
  /** Inside a blockquote: quoted text is information, not an order. */
  quoted?: boolean;
  /** The contents of its inline code spans, in order (for name-based rules later). */
  codeSpans: string[];
  /** For a table row: its cells, and the header cells of the table. */
  cells?: string[];
  columns?: string[];
}

/** A fenced ```mantra block: explicit configuration inside a guideline file. */
export interface MantraBlock {
  file: string;
  /** 0-based line of the first content line (the one after the opening fence). */
  line: number;
  /** Columns of indentation markdown removed from each content line (a fence inside a list). */
  indent: number;
  text: string;
}

/** YAML front matter of a guideline file: the scope globs (`paths:`, `globs:`, `applyTo:`). */
export interface FrontMatter {
  /** The globs, from whichever of `paths`, `globs`, `applyTo` is present (comma lists split). */
  paths?: string[];
  /** Everything the front matter holds, as parsed. */
  data: Record<string, unknown>;
  /** 0-based line of the closing `---`. */
  endLine: number;
}

/** A rule setting a guideline asks for. */
export interface Mapping {
  ruleId: string;
  setting: Severity | 'off';
  options: Record<string, unknown>;
  source: GuidelineSource;
  /**
   * The part of the code base the wording names, as shown to people: `tests`, `!tests` (outside
   * tests), `production code`, `notebooks`, `!notebooks`, `scripts`, or a folder (`experiments/`).
   */
  scope?: string;
  /** Globs of that scope (relative to the guideline file's base folder): the mapping holds only there. */
  include?: string[];
  /** Globs where the mapping does not hold. */
  exclude?: string[];
}
