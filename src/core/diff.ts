/** 0-based, inclusive ranges of lines that a change added or modified, on the new side. */
export interface LineRange {
  start: number;
  end: number;
  /**
   * What the diff says the change replaced here, when it carries the old lines: those lines
   * (without line breaks) and how many new lines took their place. `added: 0` is a pure
   * deletion, whose range is the lines on both sides of it.
   */
  before?: { lines: string[]; added: number };
}

/**
 * Changed lines per file (new-side path as written after `+++ b/`), from a unified diff with or
 * without context lines (`git diff -U0`, or the default three lines of context): each run of
 * removed and added lines is one range, carrying the removed lines.
 */
export function changedLinesFromDiff(diff: string): Map<string, LineRange[]> {
  const out = new Map<string, LineRange[]>();
  let current: LineRange[] | undefined;
  /** The 0-based new-side line the next body line is at. */
  let next = 0;
  /** Old-side and new-side lines of the current hunk not read yet (a hunk ends when both are 0). */
  let oldLeft = 0;
  let newLeft = 0;
  let removed: string[] = [];
  let added = 0;
  const flush = (): void => {
    const before = { lines: removed, added };
    // A pure deletion before new line `next` touches the lines on both sides of it.
    if (current && added === 0 && removed.length > 0) current.push({ start: Math.max(next - 1, 0), end: next, before });
    else if (current && added > 0) current.push({ start: next - added, end: next - 1, before });
    removed = [];
    added = 0;
  };
  for (const raw of diff.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('+') && newLeft > 0) {
        added++;
        next++;
        newLeft--;
        continue;
      }
      if (line.startsWith('-') && oldLeft > 0) {
        // Removed lines after added ones start a new run only in hand-made diffs; git puts them first.
        if (added > 0) flush();
        removed.push(line.slice(1));
        oldLeft--;
        continue;
      }
      if ((line.startsWith(' ') || line === '') && oldLeft > 0 && newLeft > 0) {
        flush();
        next++;
        oldLeft--;
        newLeft--;
        continue;
      }
    }
    // "\ No newline at end of file" belongs to the line before it.
    if (line.startsWith('\\')) continue;
    flush();
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
      const start = Number(hunk[2]);
      // `+N,0` places an insertion-free hunk after new line N (1-based): the next line is index N.
      next = newLeft === 0 ? start : start - 1;
      continue;
    }
    oldLeft = newLeft = 0;
    if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t.*$/, '');
      if (target === '/dev/null') {
        current = undefined;
        continue;
      }
      const file = unquote(target).replace(/^b\//, '');
      current = out.get(file) ?? [];
      out.set(file, current);
    }
  }
  flush();
  return out;
}

/** Whether a 0-based line range [first, last] touches any of the changed ranges. */
export function touchesChanged(ranges: readonly LineRange[], first: number, last: number): boolean {
  return ranges.some((r) => first <= r.end && r.start <= last);
}

/**
 * Whether a finding is on the change: on a changed line, or about the change itself (an edited
 * function). What `--changed-only` and the `mantra.changedOnly` setting keep.
 */
export function onChange(f: { ruleId: string; range: { start: { line: number }; end: { line: number } } }, changed: readonly LineRange[] | 'all'): boolean {
  return changed === 'all' || f.ruleId === 'edited-missing-docstring' || touchesChanged(changed, f.range.start.line, f.range.end.line);
}

function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  return JSON.parse(path) as string;
}
