import { z } from 'zod';

/** One run of the Claude Code hook on one file: the findings it fed back to the assistant. */
export const HookLogEntry = z.object({
  time: z.string(),
  session: z.string().optional(),
  file: z.string(),
  findings: z.array(z.string()),
});
export type HookLogEntry = z.infer<typeof HookLogEntry>;

/** Where the hook's log lives, relative to the workspace root. */
export const HOOK_LOG_PATH = '.mantra/hook-log.jsonl';

/** A finding's identity across hook runs: rule and message (which name the function, not the line). */
export function hookFingerprint(ruleId: string, message: string): string {
  return `${ruleId}: ${message}`;
}

export interface HookSummary {
  /** Distinct findings the hook fed back to the assistant. */
  reported: number;
  /** Of those, how many a later run on the same file no longer found. */
  fixed: number;
  /** Log lines that could not be read (reported, not hidden). */
  badLines: number[];
}

/** Reads the JSON-lines log the hook appends to and counts what it reported and what got fixed. */
export function summarizeHookLog(text: string): HookSummary {
  const reported = new Map<string, Set<string>>();
  const latest = new Map<string, Set<string>>();
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      badLines.push(i + 1);
      return;
    }
    const entry = HookLogEntry.safeParse(json);
    if (!entry.success) {
      badLines.push(i + 1);
      return;
    }
    const { file, findings } = entry.data;
    const seen = reported.get(file) ?? new Set<string>();
    for (const f of findings) seen.add(f);
    reported.set(file, seen);
    latest.set(file, new Set(findings));
  });
  let total = 0;
  let fixed = 0;
  for (const [file, seen] of reported) {
    total += seen.size;
    const now = latest.get(file)!;
    for (const f of seen) if (!now.has(f)) fixed++;
  }
  return { reported: total, fixed, badLines };
}
