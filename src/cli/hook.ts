import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { Finding, Severity } from '../core/finding';
import { SEVERITIES } from '../core/finding';
import { onChange, type LineRange } from '../core/diff';
import { activeRules, resolveRuleSet } from '../core/guidelines';
import { HOOK_LOG_PATH, hookFingerprint, type HookLogEntry } from '../core/hookLog';
import { lintText } from '../core/lintText';
import { lintNotebook } from '../core/notebook';
import { choice, UsageError, type ParsedArgs } from './args';
import { changedLines, gitRoot } from './git';
import { absPosix, diskHost, initParserBesideBundle, relPosix } from './host';

/** The part of Claude Code's hook input that Mantra reads. */
const HookInput = z.object({
  hook_event_name: z.string().optional(),
  tool_name: z.string().optional(),
  tool_input: z.object({ file_path: z.string().optional(), notebook_path: z.string().optional(), cell_id: z.string().optional() }).passthrough().optional(),
  cwd: z.string(),
  session_id: z.string().optional(),
  stop_hook_active: z.boolean().optional(),
});
type HookInput = z.infer<typeof HookInput>;

const EDIT_TOOLS = new Set(['Edit', 'MultiEdit', 'Write']);
const NOTEBOOK_TOOLS = new Set(['NotebookEdit']);

interface Located {
  file: string;
  finding: Finding;
}

/** Reads all of stdin. */
async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The active rules for one file, from the guideline files that govern it. */
async function rulesOf(root: string, abs: string) {
  return activeRules(await resolveRuleSet(absPosix(root), absPosix(abs), diskHost, {}));
}

/** Whether a finding is at or above the threshold. */
const atLeast = (threshold: Severity) => (f: Finding) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(threshold);

/** Findings at or above the threshold on changed lines of one file. */
async function lintChanged(root: string, abs: string, changed: LineRange[] | 'all', threshold: Severity): Promise<Located[]> {
  const rel = relPosix(root, abs);
  const rules = await rulesOf(root, abs);
  if (rules.length === 0) return [];
  const result = lintText(fs.readFileSync(abs, 'utf8'), rel, rules, changed);
  for (const e of result.internalErrors) throw e.error;
  return result.findings
    .filter(atLeast(threshold))
    .filter((f) => onChange(f, changed))
    .map((finding) => ({ file: rel, finding }));
}

/**
 * Findings at or above the threshold in the notebook cell the edit wrote (`cell_id`, nbformat
 * 4.5 ids), with the notebook linted as one module; the whole notebook when the edit names no
 * cell it holds (a deleted cell, an older notebook without ids).
 */
async function lintNotebookEdit(root: string, abs: string, cellId: string | undefined, threshold: Severity): Promise<Located[]> {
  const rel = relPosix(root, abs);
  const rules = await rulesOf(root, abs);
  if (rules.length === 0) return [];
  const json = fs.readFileSync(abs, 'utf8');
  const result = lintNotebook(json, rel, rules);
  for (const e of result.internalErrors) throw e.error;
  const cells: unknown = (JSON.parse(json) as { cells?: unknown }).cells;
  const index = cellId !== undefined && Array.isArray(cells) ? cells.findIndex((c: { id?: unknown }) => c?.id === cellId) : -1;
  return result.findings
    .filter(atLeast(threshold))
    .map(result.toCell)
    .filter((f) => index < 0 || f.cell === undefined || f.cell === index)
    .map((finding) => ({ file: rel, finding }));
}

/** Appends this run's findings for one file to `.mantra/hook-log.jsonl` (kept out of git). */
function appendLog(root: string, session: string | undefined, file: string, found: Located[]): void {
  const log = path.join(root, HOOK_LOG_PATH);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const ignore = path.join(path.dirname(log), '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '*\n');
  const entry: HookLogEntry = {
    time: new Date().toISOString(),
    ...(session ? { session } : {}),
    file,
    findings: found.map((f) => hookFingerprint(f.finding.ruleId, f.finding.message)),
  };
  fs.appendFileSync(log, JSON.stringify(entry) + '\n');
}

/** The message the model reads: findings grouped under the guideline sentence they enforce. */
export function formatForModel(found: Located[], root: string, intro: string): string {
  const groups = new Map<string, Located[]>();
  for (const item of found) {
    const g = item.finding.guideline;
    const key = g ? `${relPosix(root, g.file)}:${g.line + 1} says: "${g.text}"` : 'Mantra rules (no guideline line):';
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const lines = [intro];
  for (const [heading, items] of groups) {
    lines.push(heading);
    for (const { file, finding } of items) {
      const cell = finding.cell === undefined ? '' : `cell ${finding.cell + 1}:`;
      lines.push(`  ${file}:${cell}${finding.range.start.line + 1} ${finding.ruleId} ${finding.message}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * `mantra hook claude-code [--stop] [--threshold SEVERITY]`: Claude Code's PostToolUse (or Stop)
 * hook. Exit 2 with the findings on stderr makes Claude Code feed them back to the model.
 */
export async function runHook(args: ParsedArgs, stdin: NodeJS.ReadableStream, err: NodeJS.WritableStream): Promise<number> {
  if (args.positionals[0] !== 'claude-code') throw new UsageError('usage: mantra hook claude-code [--stop] [--threshold error|warning|information|hint]');
  const threshold = choice(args, 'threshold', SEVERITIES, 'warning');
  const raw = await readStdin(stdin);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    err.write('mantra hook: stdin is not JSON, nothing checked\n');
    return 0;
  }
  const parsed = HookInput.safeParse(json);
  if (!parsed.success) {
    err.write(`mantra hook: not a Claude Code hook payload (${parsed.error.issues[0].path.join('.') || 'input'}: ${parsed.error.issues[0].message}), nothing checked\n`);
    return 0;
  }
  await initParserBesideBundle();
  return args.flags.has('stop') ? onStop(parsed.data, threshold, err) : onEdit(parsed.data, threshold, err);
}

async function onEdit(input: HookInput, threshold: Severity, err: NodeJS.WritableStream): Promise<number> {
  const tool = input.tool_name ?? '';
  const notebookTool = NOTEBOOK_TOOLS.has(tool);
  if (!notebookTool && !EDIT_TOOLS.has(tool)) {
    err.write(`mantra hook: tool ${tool || '(none)'} is not checked (only ${[...EDIT_TOOLS, ...NOTEBOOK_TOOLS].join(', ')})\n`);
    return 0;
  }
  const field = notebookTool ? 'notebook_path' : 'file_path';
  const target = input.tool_input?.[field];
  if (!target) {
    err.write(`mantra hook: ${tool} input has no ${field}, nothing checked\n`);
    return 0;
  }
  const notebook = target.endsWith('.ipynb');
  if (!notebook && !target.endsWith('.py')) return 0;
  const abs = path.resolve(input.cwd, target);
  if (!fs.existsSync(abs)) {
    err.write(`mantra hook: ${abs} does not exist, nothing checked\n`);
    return 0;
  }
  const repo = gitRoot(path.dirname(abs));
  const root = repo ?? path.resolve(input.cwd);
  let found: Located[];
  if (notebook) {
    found = await lintNotebookEdit(root, abs, notebookTool ? input.tool_input?.cell_id : undefined, threshold);
  } else {
    // Outside git, or in a repository with no commit yet, the whole file is the change; a tracked
    // file missing from the diff is unchanged (the edit restored it).
    const perFile = repo ? changedLines(repo, 'HEAD', abs) : undefined;
    found = await lintChanged(root, abs, perFile ? (perFile.get(abs) ?? []) : 'all', threshold);
  }
  appendLog(root, input.session_id, relPosix(root, abs), found);
  if (found.length === 0) return 0;
  err.write(formatForModel(found, root, `Mantra: your edit of ${relPosix(root, abs)} breaks the project's guidelines. Fix these, then continue:`));
  return 2;
}

async function onStop(input: HookInput, threshold: Severity, err: NodeJS.WritableStream): Promise<number> {
  const repo = gitRoot(path.resolve(input.cwd));
  if (!repo) {
    err.write('mantra hook --stop: not a git repository, no change to audit\n');
    return 0;
  }
  const changed = changedLines(repo, 'HEAD');
  if (!changed) {
    err.write('mantra hook --stop: the repository has no commit to compare with\n');
    return 0;
  }
  const found: Located[] = [];
  for (const [abs, ranges] of [...changed].sort(([a], [b]) => a.localeCompare(b))) {
    if (!fs.existsSync(abs)) continue;
    // A notebook's JSON diff names no cell lines: a changed notebook is checked whole.
    if (abs.endsWith('.ipynb') && (ranges === 'all' || ranges.length > 0)) found.push(...(await lintNotebookEdit(repo, abs, undefined, threshold)));
    else if (abs.endsWith('.py')) found.push(...(await lintChanged(repo, abs, ranges, threshold)));
  }
  if (found.length === 0) return 0;
  const files = new Set(found.map((f) => f.file)).size;
  err.write(formatForModel(found, repo, `Mantra: ${found.length} finding${found.length === 1 ? '' : 's'} in ${files} changed file${files === 1 ? '' : 's'} break the project's guidelines:`));
  return input.stop_hook_active ? 0 : 2;
}
