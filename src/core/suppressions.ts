import type { Node } from './parse/python';

const DIRECTIVE = /#\s*mantra:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?/;
const BARE_NOQA = /#\s*noqa\b(?!\s*:)/i;

/** Which rules are suppressed where, from `# mantra: ignore[…]`, `ignore-file[…]` and bare `# noqa`. */
export class Suppressions {
  /** Line → rule ids suppressed there; '*' suppresses every rule. */
  private readonly byLine = new Map<number, Set<string>>();
  private readonly fileWide = new Set<string>();

  /** Reads the directives of the file's comment nodes (or anything with their text and start). */
  constructor(comments: ReadonlyArray<Pick<Node, 'text' | 'startPosition'>>, lineText: (line: number) => string) {
    for (const comment of comments) {
      const ids = parseDirective(comment.text);
      if (!ids) continue;
      if (ids.kind === 'file') {
        for (const id of ids.rules) this.fileWide.add(id);
        continue;
      }
      const line = comment.startPosition.row;
      this.add(line, ids.rules);
      const ownLine = lineText(line).slice(0, comment.startPosition.column).trim() === '';
      if (ownLine) this.add(line + 1, ids.rules);
    }
  }

  /** Whether `ruleId` is suppressed on 0-based `line`. */
  has(ruleId: string, line: number): boolean {
    if (this.fileWide.has('*') || this.fileWide.has(ruleId)) return true;
    const ids = this.byLine.get(line);
    return !!ids && (ids.has('*') || ids.has(ruleId));
  }

  private add(line: number, rules: string[]): void {
    let set = this.byLine.get(line);
    if (!set) this.byLine.set(line, (set = new Set()));
    for (const id of rules) set.add(id);
  }
}

export function parseDirective(text: string): { kind: 'line' | 'file'; rules: string[] } | undefined {
  const m = DIRECTIVE.exec(text);
  if (m) {
    const rules = m[2] === undefined ? ['*'] : m[2].split(',').map((s) => s.trim()).filter(Boolean);
    return { kind: m[1] === 'ignore-file' ? 'file' : 'line', rules };
  }
  if (BARE_NOQA.test(text)) return { kind: 'line', rules: ['*'] };
  return undefined;
}
