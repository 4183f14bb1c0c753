/** 0-based, inclusive ranges of lines that a change added or modified, on the new side. */
export interface LineRange {
  start: number;
  end: number;
}

/** Changed lines per file (new-side path as written after `+++ b/`), from a unified diff. */
export function changedLinesFromDiff(diff: string): Map<string, LineRange[]> {
  const out = new Map<string, LineRange[]>();
  let current: LineRange[] | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t.*$/, '');
      if (target === '/dev/null') {
        current = undefined;
        continue;
      }
      const file = unquote(target).replace(/^b\//, '');
      current = out.get(file) ?? [];
      out.set(file, current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      // A pure deletion after new line `start` (1-based) touches the lines on both sides of it.
      if (count === 0) current.push({ start: Math.max(start - 1, 0), end: start });
      else current.push({ start: start - 1, end: start - 1 + count - 1 });
    }
  }
  return out;
}

/** Whether a 0-based line range [first, last] touches any of the changed ranges. */
export function touchesChanged(ranges: readonly LineRange[], first: number, last: number): boolean {
  return ranges.some((r) => first <= r.end && r.start <= last);
}

function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  return JSON.parse(path) as string;
}
