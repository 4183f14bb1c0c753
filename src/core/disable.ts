import type { Edit } from './finding';
import { eolOf, LineIndex } from './text';

const LINE_DIRECTIVE = /#\s*mantra:\s*ignore\[([^\]]*)\]/;
const FILE_DIRECTIVE = /#\s*mantra:\s*ignore-file\[([^\]]*)\]/;
/** Lines that must stay first in a Python file: a shebang and an encoding declaration. */
const HEADER_LINE = /^(?:#!|#.*coding[:=])/;

/** Adds `ruleId` to the id list of a directive match; undefined when it is already listed. */
function addToList(lineStart: number, m: RegExpExecArray, ruleId: string): Edit | undefined {
  const ids = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.includes(ruleId)) return undefined;
  const close = lineStart + m.index + m[0].length - 1;
  const text = m[1].trim() ? `, ${ruleId}` : ruleId;
  return { start: close, end: close, text };
}

/**
 * The edit that suppresses `ruleId` on a 0-based line: `# mantra: ignore[id]` at the end of the
 * line, or the id added to a directive already there. A line continued with `\` gets the
 * directive on its own line above (an own-line directive also covers the next line).
 * Undefined when the line already suppresses the rule.
 */
export function disableForLine(text: string, line: number, ruleId: string): Edit | undefined {
  const lines = new LineIndex(text);
  const start = lines.lineStart(line);
  const lineText = lines.lineText(line);
  const existing = LINE_DIRECTIVE.exec(lineText);
  if (existing) return addToList(start, existing, ruleId);
  const directive = `# mantra: ignore[${ruleId}]`;
  const trimmed = lineText.trimEnd();
  if (trimmed.endsWith('\\')) {
    const indent = /^\s*/.exec(lineText)![0];
    return { start, end: start, text: `${indent}${directive}${eolOf(text)}` };
  }
  return { start: start + trimmed.length, end: start + lineText.length, text: `  ${directive}` };
}

/**
 * The edit that suppresses `ruleId` in the whole file: the id added to an `ignore-file[…]`
 * directive among the first comment lines, or a new `# mantra: ignore-file[id]` line after the
 * shebang and encoding lines. Undefined when the file already suppresses the rule.
 */
export function disableForFile(text: string, ruleId: string): Edit | undefined {
  const lines = new LineIndex(text);
  let insertLine = 0;
  for (let line = 0; line < lines.lineCount; line++) {
    const lineText = lines.lineText(line);
    const existing = FILE_DIRECTIVE.exec(lineText);
    if (existing) return addToList(lines.lineStart(line), existing, ruleId);
    if (line === insertLine && line < 2 && HEADER_LINE.test(lineText)) {
      insertLine = line + 1;
      continue;
    }
    if (lineText.trim() !== '' && !lineText.trimStart().startsWith('#')) break;
  }
  const eol = eolOf(text);
  if (insertLine >= lines.lineCount) {
    // A file of header lines only, without a final newline.
    const end = text.length;
    return { start: end, end, text: `${text.endsWith('\n') ? '' : eol}# mantra: ignore-file[${ruleId}]${eol}` };
  }
  const at = lines.lineStart(insertLine);
  return { start: at, end: at, text: `# mantra: ignore-file[${ruleId}]${eol}` };
}
