/**
 * The Jupyter notebook file (nbformat 4, JSON): its cells read, and its cell sources written
 * back by splicing the new `source` values into the original text, so outputs, metadata, key
 * order and formatting stay byte for byte what they were.
 */
import type { LineRange } from './diff';
import type { ActiveRule, InternalError } from './engine';
import type { Finding } from './finding';
import { fixCells, lintCells, type CellText } from './notebookModule';
import { LineIndex } from './text';

/** One cell as Mantra reads it; `source` joined into one string. */
export interface NotebookCell {
  /** `cell_type`: `code`, `markdown` or `raw`. */
  kind: string;
  source: string;
  /** The cell's own language when VS Code recorded one (`metadata.vscode.languageId`). */
  language: string | undefined;
}

/** A parsed notebook: its cells, and the kernel language when the metadata records it. */
export interface Notebook {
  cells: NotebookCell[];
  language: string | undefined;
}

/** The rule id of the finding that says a `.ipynb` file is not a notebook Mantra can read. */
export const INVALID_NOTEBOOK_RULE = 'invalid-notebook';

/** A `.ipynb` file that is not valid JSON or not an nbformat 4 notebook; `offset` points at the problem. */
class NotebookError extends Error {
  constructor(
    message: string,
    readonly offset = 0,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A `source` value (a string, or a list of strings to concatenate) as one string. */
function sourceText(value: unknown, cell: number): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((s) => typeof s === 'string')) return value.join('');
  throw new NotebookError(`cell ${cell + 1}: "source" must be a string or a list of strings`);
}

/** Parses a notebook's JSON text; throws a NotebookError when it is not one. */
function parseNotebook(text: string): Notebook {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // JSON.parse's message is the only place that says where the syntax error is.
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    throw new NotebookError(`not valid JSON: ${message}`, at ? Number(at[1]) : 0);
  }
  if (!isObject(data) || !Array.isArray(data.cells)) {
    const v3 = isObject(data) && Array.isArray(data.worksheets);
    throw new NotebookError(v3 ? 'an nbformat 3 notebook: convert it with `jupyter nbconvert --to notebook --nbformat 4`' : 'not a Jupyter notebook: no "cells" list');
  }
  if (typeof data.nbformat === 'number' && data.nbformat < 4) throw new NotebookError(`nbformat ${data.nbformat} is not supported: convert it to nbformat 4`);
  const cells = data.cells.map((c, i): NotebookCell => {
    if (!isObject(c) || typeof c.cell_type !== 'string') throw new NotebookError(`cell ${i + 1} has no "cell_type"`);
    const vscodeMeta = isObject(c.metadata) && isObject(c.metadata.vscode) ? c.metadata.vscode : undefined;
    const language = typeof vscodeMeta?.languageId === 'string' ? vscodeMeta.languageId : undefined;
    return { kind: c.cell_type, source: sourceText(c.source ?? '', i), language };
  });
  const meta = isObject(data.metadata) ? data.metadata : {};
  const kernel = isObject(meta.kernelspec) && typeof meta.kernelspec.language === 'string' ? meta.kernelspec.language : undefined;
  const info = isObject(meta.language_info) && typeof meta.language_info.name === 'string' ? meta.language_info.name : undefined;
  return { cells, language: (kernel ?? info)?.toLowerCase() };
}

/**
 * Reads a notebook's JSON text: the notebook, or (when the text is not valid JSON or not an
 * nbformat 4 notebook) the error finding that says so, at the place JSON.parse names.
 */
export function readNotebook(text: string): { notebook: Notebook } | { error: Finding } {
  try {
    return { notebook: parseNotebook(text) };
  } catch (e) {
    // The boundary where a broken notebook becomes a finding; anything else is a bug and goes on up.
    if (!(e instanceof NotebookError)) throw e;
    const at = new LineIndex(text).positionAt(Math.min(e.offset, text.length));
    return { error: { ruleId: INVALID_NOTEBOOK_RULE, severity: 'error', range: { start: at, end: at }, message: `Mantra cannot read this notebook: ${e.message}`, guideline: null } };
  }
}

/** The code cells Mantra lints: Python ones (by the notebook's language and the cell's own), with their index. */
export function pythonCells(notebook: Notebook): CellText[] {
  if (notebook.language !== undefined && notebook.language !== 'python') return [];
  return notebook.cells.flatMap((c, cell) => (c.kind === 'code' && (c.language === undefined || c.language === 'python') ? [{ cell, text: c.source }] : []));
}

/** Where each cell's `source` value is in the JSON text (`undefined` for a cell without one). */
interface SourceSpan {
  /** Offset of the `"source"` key, for the indentation of its line. */
  key: number;
  start: number;
  end: number;
}

/** A scanner over JSON text already known to be valid: it skips values, and records the cells' `source` spans. */
class SpanScanner {
  private i = 0;

  constructor(private readonly s: string) {}

  sourceSpans(): Array<SourceSpan | undefined> {
    const spans: Array<SourceSpan | undefined> = [];
    this.members((key) => {
      if (key !== 'cells') return this.skipValue();
      this.elements(() => {
        let span: SourceSpan | undefined;
        this.members((cellKey, keyAt) => {
          const start = this.i;
          this.skipValue();
          if (cellKey === 'source') span = { key: keyAt, start, end: this.i };
        });
        spans.push(span);
      });
    });
    return spans;
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  private expect(ch: string): void {
    this.ws();
    if (this.s[this.i] !== ch) throw new Error(`Mantra: expected ${ch} at ${this.i} of a notebook JSON.parse accepted`);
    this.i++;
  }

  /** An object's members: `onMember(key, keyOffset)` must consume the value. */
  private members(onMember: (key: string, keyAt: number) => void): void {
    this.sequence('{', '}', () => {
      const keyAt = this.i;
      const key = this.readString();
      this.expect(':');
      this.ws();
      onMember(key, keyAt);
    });
  }

  /** An array's elements: `onElement()` must consume each. */
  private elements(onElement: () => void): void {
    this.sequence('[', ']', onElement);
  }

  /** The comma-separated items between `open` and `close` (JSON.parse has validated the text). */
  private sequence(open: string, close: string, onItem: () => void): void {
    this.expect(open);
    this.ws();
    if (this.s[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      onItem();
      this.ws();
      if (this.s[this.i++] === close) return;
    }
  }

  private readString(): string {
    const start = this.i;
    this.skipString();
    return JSON.parse(this.s.slice(start, this.i)) as string;
  }

  private skipString(): void {
    let j = this.i + 1;
    for (;;) {
      const q = this.s.indexOf('"', j);
      let backslashes = 0;
      while (this.s[q - 1 - backslashes] === '\\') backslashes++;
      j = q + 1;
      if (backslashes % 2 === 0) break;
    }
    this.i = j;
  }

  private skipValue(): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '"') this.skipString();
    else if (c === '{') this.members(() => this.skipValue());
    else if (c === '[') this.elements(() => this.skipValue());
    else while (this.i < this.s.length && !',}] \t\n\r'.includes(this.s[this.i])) this.i++;
  }
}

/** A string as JSON, with non-ASCII characters escaped when the file escapes them (Python's `ensure_ascii`). */
function quote(s: string, asciiOnly: boolean): string {
  const json = JSON.stringify(s);
  return asciiOnly ? json.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** A source split as nbformat writes it: lines that keep their `\n`, the last without one. */
export function sourceLines(source: string): string[] {
  return source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** How the file lays out JSON: its line ending, one level of indentation ('' when on one line), whether it escapes non-ASCII. */
interface JsonStyle {
  eol: string;
  unit: string;
  asciiOnly: boolean;
}

function styleOf(text: string): JsonStyle {
  const firstIndented = /\n([ \t]+)\S/.exec(text);
  return {
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    unit: firstIndented ? firstIndented[1] : '',
    asciiOnly: !/[\u0080-\uffff]/.test(text) && /\\u(?:00[89a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]|[1-9a-fA-F][0-9a-fA-F]{2})[0-9a-fA-F]/.test(text),
  };
}

/** The new `source` value, in the form (string or list of lines) and layout of the original `old` value. */
function formatSource(source: string, old: string, indentOfKey: string, style: JsonStyle): string {
  if (old.startsWith('"')) return quote(source, style.asciiOnly);
  const lines = sourceLines(source).map((l) => quote(l, style.asciiOnly));
  if (lines.length === 0) return '[]';
  const lead = /^\[(\s*)/.exec(old)![1];
  const trail = /(\s*)\]$/.exec(old)![1];
  const empty = /^\[\s*\]$/.test(old);
  const multiline = empty ? style.unit !== '' : lead.includes('\n');
  if (!multiline) return `[${lines.join(old.includes('", "') ? ', ' : ',')}]`;
  const itemIndent = empty ? indentOfKey + style.unit : lead.slice(lead.lastIndexOf('\n') + 1);
  const closeIndent = empty ? indentOfKey : trail.slice(trail.lastIndexOf('\n') + 1);
  return `[${style.eol}${lines.map((l) => itemIndent + l).join(`,${style.eol}`)}${style.eol}${closeIndent}]`;
}

/**
 * The notebook's JSON text with new sources for some cells (by index): only the `source` values
 * whose text changed are rewritten, each in its original form (a string, or a list of lines laid
 * out as before); everything else is the original text. Throws when `text` is not a notebook.
 */
export function writeNotebook(text: string, sources: ReadonlyMap<number, string>): string {
  const read = readNotebook(text);
  if ('error' in read) throw new Error(`Mantra: writing cells into a file that is not a notebook: ${read.error.message}`);
  const spans = new SpanScanner(text).sourceSpans();
  const style = styleOf(text);
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  for (const [cell, source] of sources) {
    const old = read.notebook.cells[cell];
    if (!old) throw new Error(`Mantra: the notebook has no cell ${cell + 1}`);
    if (old.source === source) continue;
    const span = spans[cell];
    if (!span) throw new Error(`Mantra: cell ${cell + 1} has no "source" to rewrite`);
    const lineStart = text.lastIndexOf('\n', span.key) + 1;
    const indent = /^[ \t]*$/.test(text.slice(lineStart, span.key)) ? text.slice(lineStart, span.key) : '';
    replacements.push({ start: span.start, end: span.end, text: formatSource(source, text.slice(span.start, span.end), indent, style) });
  }
  replacements.sort((a, b) => b.start - a.start);
  let out = text;
  for (const r of replacements) out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return out;
}

/** A notebook file's lint: `text` is what the findings' module ranges refer to; `toCell` maps one to its cell. */
export interface NotebookLint {
  text: string;
  findings: Finding[];
  internalErrors: InternalError[];
  toCell(f: Finding): Finding;
}

/**
 * Lints a `.ipynb` file's JSON text, its Python cells as one module (a file that is not a
 * notebook gives one `invalid-notebook` finding in the JSON text). `changedLines` are module lines.
 */
export function lintNotebook(json: string, path: string, rules: ActiveRule[], changedLines?: LineRange[] | 'all'): NotebookLint {
  const read = readNotebook(json);
  if ('error' in read) return { text: json, findings: [read.error], internalErrors: [], toCell: (f) => f };
  const { module, findings, internalErrors } = lintCells(pythonCells(read.notebook), path, rules, changedLines);
  return { text: module.text, findings, internalErrors, toCell: (f) => module.cellFindingOf(f) };
}

/** Applies every safe fix to a `.ipynb` file's Python cells; only the sources that change are rewritten. */
export function fixNotebook(json: string, path: string, rules: ActiveRule[]): { text: string; applied: number } {
  const read = readNotebook(json);
  if ('error' in read) return { text: json, applied: 0 };
  const fixed = fixCells(pythonCells(read.notebook), path, rules);
  if (fixed.applied === 0) return { text: json, applied: 0 };
  return { text: writeNotebook(json, new Map(fixed.cells.map((c) => [c.cell, c.text]))), applied: fixed.applied };
}
