/**
 * The loop with Claude Code: what the assistant's hook reported and what got fixed (read from the
 * log the hook appends to, `.mantra/hook-log.jsonl`, and watched), and the command "Mantra:
 * Enforce guidelines on Claude Code's edits", which adds the hooks to `.claude/settings.json`
 * (or `settings.local.json`).
 */
import * as vscode from 'vscode';
import { addClaudeHooks, ClaudeSettingsError, formatClaudeSettings, HOOK_COMMANDS, parseClaudeSettings } from '../core/claudeSettings';
import { HOOK_LOG_PATH, summarizeHookLog, type HookSummary } from '../core/hookLog';
import type { Log } from './log';

export const ENFORCE_ON_CLAUDE_CODE_COMMAND = 'mantra.enforceOnClaudeCode';

/** The hook logs of the workspace: one per root (the hook writes at its git root, usually the folder). */
export class HookLogs implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<HookSummary | undefined>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the log's Uri when a hook log was created, changed or deleted. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: Log) {
    // The log, and its folder: deleting `.mantra/` may be reported for the folder alone.
    const folder = HOOK_LOG_PATH.slice(0, HOOK_LOG_PATH.lastIndexOf('/'));
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${folder},${HOOK_LOG_PATH}}`);
    const changed = (uri: vscode.Uri) => {
      const log = uri.path.endsWith(`/${folder}`) ? vscode.Uri.joinPath(uri, HOOK_LOG_PATH.slice(folder.length + 1)) : uri;
      this.cache.delete(log.toString());
      this.changed.fire(log);
    };
    this.disposables.push(this.changed, watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
  }

  /** What the hook reported and the assistant fixed under `root`; `undefined` when the hook never ran there. */
  summaryFor(root: vscode.Uri): Promise<HookSummary | undefined> {
    const uri = vscode.Uri.joinPath(root, HOOK_LOG_PATH);
    const key = uri.toString();
    let p = this.cache.get(key);
    if (!p) {
      p = this.read(uri);
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  /** The summaries of several roots added up (Audit Workspace over every folder); `undefined` when none has a log. */
  async summaryForAll(roots: readonly vscode.Uri[]): Promise<HookSummary | undefined> {
    const found = (await Promise.all(roots.map((r) => this.summaryFor(r)))).filter((s): s is HookSummary => s !== undefined);
    if (found.length === 0) return undefined;
    return found.reduce((a, b) => ({ reported: a.reported + b.reported, fixed: a.fixed + b.fixed, badLines: [...a.badLines, ...b.badLines] }));
  }

  private async read(uri: vscode.Uri): Promise<HookSummary | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (e) {
      if (e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'FileIsADirectory')) return undefined;
      throw e;
    }
    const summary = summarizeHookLog(new TextDecoder('utf-8').decode(bytes));
    if (summary.badLines.length) this.log.info(`${vscode.workspace.asRelativePath(uri)}: lines ${summary.badLines.join(', ')} are not hook log entries (skipped)`);
    return summary;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line for the status-bar tooltip (and the report): the loop with the assistant at a glance. */
export function describeHookSummary(summary: HookSummary | undefined): string {
  if (!summary) return `Claude Code hook: no runs logged in this workspace (set it up with "Mantra: Enforce guidelines on Claude Code's edits")`;
  const unread = summary.badLines.length ? ` (${plural(summary.badLines.length, 'log line')} unreadable)` : '';
  return `Claude Code hook: ${plural(summary.reported, 'finding')} reported to the assistant in this workspace, ${summary.fixed} fixed${unread}`;
}

/** Which settings file the hooks go to. */
export type HookTarget = 'shared' | 'local';

const TARGETS: Record<HookTarget, { file: string; detail: string }> = {
  shared: { file: 'settings.json', detail: 'Shared with the repository: everyone who runs Claude Code here gets the hooks.' },
  local: { file: 'settings.local.json', detail: 'Only for you, in this checkout (keep it out of git).' },
};

/** What the command did (returned for scripts and tests). */
export interface EnforceResult {
  file: vscode.Uri;
  /** Hooks added: 2 on a fresh file, 0 when they were there already or on an error. */
  added: number;
  /** Why the file was left untouched, when it was. */
  error?: string;
}

/**
 * "Mantra: Enforce guidelines on Claude Code's edits": asks which settings file (unless `target`
 * says), merges Mantra's PostToolUse and Stop hooks into it, and refuses to touch a file that is
 * not valid JSON. Resolves to `undefined` when the user cancels.
 */
export async function enforceOnClaudeCode(target?: HookTarget, folderUri?: vscode.Uri): Promise<EnforceResult | undefined> {
  const folder = folderUri ?? (await pickFolder());
  if (!folder) return undefined;
  const choice = target ?? (await pickTarget());
  if (!choice) return undefined;
  const file = vscode.Uri.joinPath(folder, '.claude', TARGETS[choice].file);
  const shown = `.claude/${TARGETS[choice].file}`;
  const refuse = (error: string): EnforceResult => {
    void vscode.window.showErrorMessage(`Mantra: ${error}`, 'Open File').then((pick) => pick && vscode.window.showTextDocument(file));
    return { file, added: 0, error };
  };

  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  if (open?.isDirty) return refuse(`${shown} has unsaved changes; save or revert them first, Mantra will not overwrite them`);
  let result: ReturnType<typeof addClaudeHooks>;
  try {
    result = addClaudeHooks(parseClaudeSettings(await readIfExists(file), shown));
  } catch (e) {
    if (e instanceof ClaudeSettingsError) return refuse(e.message);
    throw e;
  }
  if (result.added === 0) {
    void vscode.window.showInformationMessage(`Mantra: Claude Code's hooks are already in ${shown}.`);
    return { file, added: 0 };
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder, '.claude'));
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(formatClaudeSettings(result.settings)));
  void vscode.window
    .showInformationMessage(
      `Mantra: added ${plural(result.added, 'hook')} to ${shown}. After each edit Claude Code runs \`${HOOK_COMMANDS.edit}\` and fixes what it reports; ` +
        'it needs Mantra\'s CLI in the project (a dev dependency) or installed globally.',
      'Open File',
    )
    .then((pick) => pick && vscode.window.showTextDocument(file));
  return { file, added: result.added };
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = active && vscode.workspace.getWorkspaceFolder(active);
  if (folder) return folder.uri;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Mantra: open a folder first; the hooks go into its .claude/ settings.');
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder whose Claude Code settings get the hooks' }))?.uri;
}

async function pickTarget(): Promise<HookTarget | undefined> {
  const items = (Object.keys(TARGETS) as HookTarget[]).map((t) => ({ label: `.claude/${TARGETS[t].file}`, detail: TARGETS[t].detail, target: t }));
  const pick = await vscode.window.showQuickPick(items, { title: "Mantra: enforce the guidelines on Claude Code's edits", placeHolder: 'Which Claude Code settings file gets the hooks?' });
  return pick?.target;
}

async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
}
