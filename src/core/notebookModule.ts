/**
 * A notebook linted as one unit: its Python cells joined into one virtual module (an import in
 * cell 1 makes cell 7 torch code; a duplicate across cells is a duplicate), IPython syntax masked,
 * and findings and edits mapped back to cells.
 */
import type { LineRange } from './diff';
import { INTERNAL_ERROR_RULE, type ActiveRule, type InternalError } from './engine';
import type { Edit, Finding, Fix, Position, Related } from './finding';
import { applyFixes } from './fix';
import { lintText } from './lintText';
import { LineIndex } from './text';

/** One code cell's text and its index among all the notebook's cells. */
export interface CellText {
  cell: number;
  text: string;
}

/** A related location: in a cell of the notebook, or (with `file`) in another file. */
export interface CellRelated extends Related {
  cell?: number;
}

/** A finding in one cell: range and fix edits are relative to the cell's text. */
export interface CellFinding extends Finding {
  cell: number;
  related?: CellRelated[];
}

/** An edit of one cell's text (offsets into it). */
export interface CellEdit extends Edit {
  cell: number;
}

/** A cell's text with IPython syntax masked, and which of its lines were masked. */
interface Masked {
  text: string;
  lines: Set<number>;
  /** A `%%` cell magic: the whole cell is not Python. */
  wholeCell: boolean;
}

/** `%magic`, `!shell`, `x = !cmd`, `x = %magic`: a line IPython rewrites before Python sees it. */
const ESCAPED = /^\s*(?:[!%]|[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[!%])/;
/** `obj?`, `obj??`, `?obj`, `%magic?`, `*int*?`: IPython's help. */
const HELP = /^\s*(?:\?{1,2}[\w.*%]+|[\w.*%]+\?{1,2})\s*$/;

/** Python's lexical state across lines: open brackets, an open triple-quoted string, a `\` continuation. */
class LineLexer {
  private depth = 0;
  private openQuote: string | undefined;
  private continued = false;

  /** Whether the next line starts a statement (where IPython looks for its syntax). */
  get atStatementStart(): boolean {
    return this.depth === 0 && this.openQuote === undefined && !this.continued;
  }

  feed(line: string): void {
    let i = 0;
    let ended = false;
    while (i < line.length) {
      const c = line[i];
      if (this.openQuote !== undefined) {
        if (c === '\\') i += 2;
        else if (line.startsWith(this.openQuote, i)) {
          i += this.openQuote.length;
          this.openQuote = undefined;
        } else i++;
        continue;
      }
      if (c === '#') {
        ended = true;
        break;
      }
      if (c === '"' || c === "'") {
        this.openQuote = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
        i += this.openQuote.length;
      } else {
        if ('([{'.includes(c)) this.depth++;
        else if (')]}'.includes(c)) this.depth = Math.max(0, this.depth - 1);
        i++;
      }
    }
    const trimmed = line.replace(/\r$/, '');
    this.continued = !ended && trimmed.endsWith('\\');
    // A one-quote string ends with its line unless the line is continued.
    if (this.openQuote?.length === 1 && !this.continued) this.openQuote = undefined;
  }
}

/** Masks IPython syntax so it gives neither parse errors nor findings; the text keeps its length and lines. */
function maskCell(text: string): Masked {
  const lines = text.split('\n');
  const blank = (l: string) => l.replace(/[^\r]/g, ' ');
  const first = lines.find((l) => l.trim() !== '');
  if (first !== undefined && first.trimStart().startsWith('%%')) {
    return { text: lines.map(blank).join('\n'), lines: new Set(lines.map((_, i) => i)), wholeCell: true };
  }
  const masked = new Set<number>();
  const lexer = new LineLexer();
  const out: string[] = [];
  let inMagic = false;
  for (const [i, line] of lines.entries()) {
    const content = line.replace(/\r$/, '');
    if (inMagic) {
      masked.add(i);
      out.push(blank(line));
      inMagic = content.endsWith('\\');
      continue;
    }
    if (lexer.atStatementStart && (ESCAPED.test(content) || HELP.test(content))) {
      masked.add(i);
      // A statement of the same indentation (`0`) keeps an indented block valid; spaces keep the length.
      const indent = /^\s*/.exec(content)![0];
      out.push(indent + '0' + blank(line.slice(indent.length + 1)));
      inMagic = content.endsWith('\\');
      continue;
    }
    lexer.feed(line);
    out.push(line);
  }
  return { text: out.join('\n'), lines: masked, wholeCell: false };
}

/** One cell's place in the virtual module. */
interface Segment {
  cell: number;
  text: string;
  /** Offset of the cell's first character in the module. */
  start: number;
  /** The segment's length: the cell's text, plus the newline added when it has none at its end. */
  length: number;
  firstLine: number;
  /** Lines the segment takes in the module (each ends with a newline). */
  lineCount: number;
  lines: LineIndex;
  masked: Masked;
}

/** The Python cells of a notebook as one module, and the map from it back to the cells. */
export class NotebookModule {
  /** The module's text: the cells' masked texts, each ending with a newline, in notebook order. */
  readonly text: string;
  private readonly segments: Segment[] = [];

  constructor(cells: readonly CellText[]) {
    const parts: string[] = [];
    let offset = 0;
    let line = 0;
    for (const { cell, text } of cells) {
      const masked = maskCell(text);
      const part = text.endsWith('\n') ? masked.text : masked.text + '\n';
      const lineCount = part.split('\n').length - 1;
      this.segments.push({ cell, text, start: offset, length: part.length, firstLine: line, lineCount, lines: new LineIndex(text), masked });
      parts.push(part);
      offset += part.length;
      line += lineCount;
    }
    this.text = parts.join('');
  }

  /** Whether the module has any cell. */
  get isEmpty(): boolean {
    return this.segments.length === 0;
  }

  /** The segment holding a module line. */
  private segmentOfLine(line: number): Segment | undefined {
    return this.segments.find((s) => line >= s.firstLine && line < s.firstLine + s.lineCount);
  }

  /** A module position in `segment`'s cell; the position just past the segment's last newline is the cell's end. */
  private cellPosition(segment: Segment, p: Position): Position | undefined {
    const line = p.line - segment.firstLine;
    if (line < 0 || line > segment.lineCount) return undefined;
    if (line === segment.lineCount) return p.character === 0 ? segment.lines.positionAt(segment.text.length) : undefined;
    return segment.lines.positionAt(Math.min(segment.lines.lineStart(line) + p.character, segment.text.length));
  }

  /** Whether a module position is inside masked text (a position at a masked line's start is not). */
  private inMask(segment: Segment, p: Position, isEnd: boolean): boolean {
    const line = p.line - segment.firstLine;
    if (!segment.masked.lines.has(line)) return false;
    return !(isEnd && p.character === 0);
  }

  /**
   * A module finding in its cell, or undefined when it straddles cells or lands in masked text.
   * Its fix is kept when every edit falls in the same cell outside masked text; related
   * locations that do not map are left out; "lines A-B" in the message name the cell.
   */
  toCell(f: Finding): CellFinding | undefined {
    if (f.ruleId === INTERNAL_ERROR_RULE) {
      const { ruleId, severity, range, message, guideline } = f;
      return this.segments.length ? { ruleId, severity, range, message, guideline, cell: this.segments[0].cell } : undefined;
    }
    const segment = this.segmentOfLine(f.range.start.line);
    if (!segment || this.inMask(segment, f.range.start, false)) return undefined;
    const start = this.cellPosition(segment, f.range.start);
    const end = this.cellPosition(segment, f.range.end);
    if (!start || !end) return undefined;
    if (f.range.end.line < segment.firstLine + segment.lineCount && this.inMask(segment, f.range.end, true)) return undefined;
    const { fix, related, ...rest } = f;
    const out: CellFinding = { ...rest, cell: segment.cell, range: { start, end }, message: this.cellLines(f.message) };
    const cellFix = fix && this.toCellFix(fix, segment.cell);
    if (cellFix) out.fix = cellFix;
    const cellRelated = (related ?? []).flatMap((r): CellRelated[] => {
      if (r.file !== undefined) return [r];
      const s = this.segmentOfLine(r.range.start.line);
      const rs = s && this.cellPosition(s, r.range.start);
      const re = s && this.cellPosition(s, r.range.end);
      return s && rs && re ? [{ ...r, cell: s.cell, range: { start: rs, end: re } }] : [];
    });
    if (cellRelated.length) out.related = cellRelated;
    return out;
  }

  /**
   * Like `toCell` for a finding `toCell` is known to map (one `lintCells` kept); throws otherwise,
   * since that would be a bug in the caller.
   */
  cellFindingOf(f: Finding): CellFinding {
    const mapped = this.toCell(f);
    if (!mapped) throw new Error(`Mantra: the finding ${f.ruleId} at module line ${f.range.start.line + 1} is in no cell`);
    return mapped;
  }

  /** A fix whose edits all fall in `cell` outside masked text, with cell offsets; undefined otherwise. */
  private toCellFix(fix: Fix, cell: number): Fix | undefined {
    const edits = this.toCellEdits(fix.edits);
    if (!edits || edits.some((e) => e.cell !== cell)) return undefined;
    return { ...fix, edits: edits.map(({ start, end, text }) => ({ start, end, text })) };
  }

  /** Module edits as cell edits; undefined when one straddles cells or touches masked text. */
  toCellEdits(edits: readonly Edit[]): CellEdit[] | undefined {
    const out: CellEdit[] = [];
    for (const e of edits) {
      const segment = this.segments.find((s) => e.start >= s.start && (e.start < s.start + s.length || (e.start === this.text.length && s === this.segments[this.segments.length - 1])));
      if (!segment || e.end > segment.start + segment.length) return undefined;
      const start = Math.min(e.start - segment.start, segment.text.length);
      const end = Math.min(e.end - segment.start, segment.text.length);
      if (segment.masked.wholeCell || this.touchesMask(segment, start, end)) return undefined;
      out.push({ cell: segment.cell, start, end, text: e.text });
    }
    return out;
  }

  private touchesMask(segment: Segment, start: number, end: number): boolean {
    for (const line of segment.masked.lines) {
      const from = segment.lines.lineStart(line);
      const to = from + segment.lines.lineText(line).length;
      if (start === end ? start > from && start <= to : start < to && end > from) return true;
    }
    return false;
  }

  /** "lines A-B" of the module, when both are in one cell, as that cell's lines. */
  private cellLines(message: string): string {
    return message.replace(/\blines (\d+)-(\d+)\b/g, (all, a: string, b: string) => {
      const s = this.segmentOfLine(Number(a) - 1);
      if (!s || this.segmentOfLine(Number(b) - 1) !== s) return all;
      return `cell ${s.cell + 1} lines ${Number(a) - s.firstLine}-${Number(b) - s.firstLine}`;
    });
  }
}

/** The result of linting a notebook's cells. */
export interface CellLint {
  module: NotebookModule;
  /** Findings in module coordinates, only those that map to a cell (`module.cellFindingOf`). */
  findings: Finding[];
  internalErrors: InternalError[];
}

/**
 * Lints Python cells as one module. `changedLines` are module lines (`'all'` or `[]` for a
 * notebook that changed as a whole or not at all).
 */
export function lintCells(cells: readonly CellText[], path: string, rules: ActiveRule[], changedLines?: LineRange[] | 'all'): CellLint {
  const module = new NotebookModule(cells);
  if (module.isEmpty) return { module, findings: [], internalErrors: [] };
  const result = lintText(module.text, path, rules, changedLines);
  return { module, findings: result.findings.filter((f) => module.toCell(f) !== undefined), internalErrors: result.internalErrors };
}

/** Applies every safe fix to the cells until none is left (at most `maxPasses` rounds); returns the new texts. */
export function fixCells(cells: readonly CellText[], path: string, rules: ActiveRule[], maxPasses = 10): { cells: CellText[]; applied: number } {
  let current = cells.map((c) => ({ ...c }));
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const { module, findings } = lintCells(current, path, rules);
    const byCell = new Map<number, Fix[]>();
    for (const f of findings) {
      const mapped = module.cellFindingOf(f);
      if (!mapped.fix?.safe) continue;
      byCell.set(mapped.cell, [...(byCell.get(mapped.cell) ?? []), mapped.fix]);
    }
    let round = 0;
    current = current.map((c) => {
      const fixes = byCell.get(c.cell);
      if (!fixes) return c;
      const r = applyFixes(c.text, fixes);
      round += r.text === c.text ? 0 : r.applied;
      return { cell: c.cell, text: r.text };
    });
    if (round === 0) break;
    applied += round;
  }
  return { cells: current, applied };
}
