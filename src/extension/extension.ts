/**
 * Mantra in VS Code: activates on Python files and workspaces with guideline files, loads the
 * parser without blocking the editor, and wires the features (one a file) to the core.
 */
import * as vscode from 'vscode';
import type { LineRange } from '../core/diff';
import { initPython } from '../core/parse/python';
import { GUIDELINE_TEMPLATE } from '../core/template';
import { Audit } from './audit';
import { Baselines } from './baselines';
import { ENFORCE_ON_CLAUDE_CODE_COMMAND, enforceOnClaudeCode, HookLogs, type HookTarget } from './claudeCode';
import { applySnippetFix, CodeActions, showGuideline, SHOW_GUIDELINE_COMMAND, SNIPPET_COMMAND } from './codeActions';
import { Diagnostics } from './diagnostics';
import { OPEN_SIZE_SETTING_COMMAND, openFileSizeSetting } from './fileSize';
import { GitChanges } from './gitChanges';
import { GuidelineFiles } from './guidelineFiles';
import { GUIDELINE_SELECTOR, GuidelineLens } from './guidelineLens';
import { Log } from './log';
import { Notebooks } from './notebooks';
import { StatusBar, type StatusState } from './statusBar';
import { FAULTY_RULE_ENV, testRules } from './testRule';

/** What `activate` returns: `vscode.extensions.getExtension('mantra-dev.mantra').exports`. */
export interface MantraApi {
  /** Settles when the parser is loaded (rejects when it cannot be). */
  ready: Promise<void>;
  /** What the status-bar reminder shows now. */
  statusBarState(): StatusState;
  /** The lines of a file that differ from `HEAD`, as change-aware rules see them (undefined: no diff known). */
  changedLines(uri: vscode.Uri): LineRange[] | 'all' | undefined;
  /** The folder of the "Mantra" output channel's log file (`Mantra.log`): what the channel shows. */
  logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): MantraApi {
  const log = new Log();
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const started = Date.now();
  const ready = initParser(context.extensionUri).then(
    () => log.info(`Mantra ${version}: parser ready in ${Date.now() - started} ms`),
    (e: unknown) => {
      log.failure('Loading the Python parser failed', e);
      throw e;
    },
  );
  const extraRules = testRules();
  if (extraRules.length > 0) log.info(`${FAULTY_RULE_ENV}=1: a deliberately failing rule is active (integration tests only)`);
  const guidelines = new GuidelineFiles(log, extraRules);
  const changes = new GitChanges(log);
  const baselines = new Baselines(log);
  const diagnostics = new Diagnostics(ready, guidelines, log, changes, baselines);
  const hookLogs = new HookLogs(log);
  const audit = new Audit(context.extensionUri, version, diagnostics, guidelines, hookLogs, log, changes, baselines);
  const status = new StatusBar(diagnostics, guidelines, hookLogs, log);
  const lens = new GuidelineLens(guidelines, diagnostics, log);
  const command = <A extends unknown[], R>(id: string, run: (...args: A) => R | Promise<R>) =>
    vscode.commands.registerCommand(id, log.command(id, run));

  context.subscriptions.push(
    log,
    guidelines,
    changes,
    baselines,
    diagnostics,
    new Notebooks(ready, guidelines, log),
    hookLogs,
    audit,
    status,
    lens,
    vscode.languages.registerCodeLensProvider(GUIDELINE_SELECTOR, lens),
    vscode.languages.registerCodeActionsProvider({ language: 'python' }, new CodeActions(diagnostics, log), CodeActions.metadata),
    command('mantra.auditFile', (uri?: vscode.Uri) => audit.auditFile(uri instanceof vscode.Uri ? uri : undefined)),
    command('mantra.auditWorkspace', () => audit.auditWorkspace()),
    command('mantra.auditChange', () => audit.auditChange()),
    command('mantra.createGuidelineFile', () => createGuidelineFile()),
    command('mantra.showOutput', () => log.channel.show()),
    command(OPEN_SIZE_SETTING_COMMAND, openFileSizeSetting),
    command(ENFORCE_ON_CLAUDE_CODE_COMMAND, (target?: HookTarget, folder?: vscode.Uri) =>
      enforceOnClaudeCode(target === 'shared' || target === 'local' ? target : undefined, folder instanceof vscode.Uri ? folder : undefined),
    ),
    command(SHOW_GUIDELINE_COMMAND, showGuideline),
    command(SNIPPET_COMMAND, applySnippetFix),
  );
  return { ready, statusBarState: () => status.snapshot(), changedLines: (uri) => changes.changedLines(uri), logUri: context.logUri };
}

export function deactivate(): void {}

/** Loads tree-sitter and the Python grammar from the WASM files shipped in dist/ (read through workspace.fs: web-ready). */
async function initParser(extensionUri: vscode.Uri): Promise<void> {
  const read = (name: string) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', name));
  const [runtimeWasm, grammarWasm] = await Promise.all([read('tree-sitter.wasm'), read('tree-sitter-python.wasm')]);
  await initPython({ runtimeWasm, grammarWasm });
}

/** "Mantra: Create CLAUDE.md": writes the template in the active file's folder root (or opens the one there). */
async function createGuidelineFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('Mantra: open a folder first; its CLAUDE.md goes at its root.');
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder.uri, 'CLAUDE.md');
  const exists = await vscode.workspace.fs.stat(uri).then(
    () => true,
    (e: unknown) => {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return false;
      throw e;
    },
  );
  if (!exists) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(GUIDELINE_TEMPLATE));
  await vscode.window.showTextDocument(uri);
  return uri;
}
