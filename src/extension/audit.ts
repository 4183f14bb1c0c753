/**
 * "Mantra: Audit File", "Mantra: Audit Workspace" and "Mantra: Audit Change": lint, publish the
 * problems, and show the report (grouped by guideline) in a webview whose findings reveal their
 * line when clicked. Findings that `.mantra-baseline.json` holds are hidden and counted.
 */
import * as vscode from 'vscode';
import { onChange } from '../core/diff';
import type { FileFinding } from '../core/finding';
import type { HookSummary } from '../core/hookLog';
import { lintText } from '../core/lintText';
import { isAbsolute } from '../core/paths';
import type { AuditFile, AuditModel, GuidelineLine } from '../core/report';
import { renderReportHtml } from '../core/reportHtml';
import type { Baselines } from './baselines';
import type { HookLogs } from './claudeCode';
import type { Diagnostics } from './diagnostics';
import { isPython } from './diagnostics';
import type { GitChanges } from './gitChanges';
import type { FileRules, GuidelineFiles } from './guidelineFiles';
import type { Log } from './log';
import { settingsFor } from './settings';

export const REPORT_VIEW_TYPE = 'mantra.report';
/** Folders no audit walks into, whatever the settings say (`mantra.exclude` applies per file, through the rule set). */
const ALWAYS_EXCLUDED = `{${['.git', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages'].map((d) => `**/${d}/**`).join(',')}}`;

/** What the audit commands return (for scripts and tests): the model the report shows. */
export interface AuditResult {
  model: AuditModel;
  cancelled: boolean;
  /** What the Claude Code hook reported and what got fixed there (`undefined`: it never ran there). */
  hook: HookSummary | undefined;
  /** Findings hidden because `.mantra-baseline.json` holds them. */
  baselined: number;
}

/** How one report is shown besides its model: the change audit leads with the targeted-edit hunks. */
interface ShowOptions {
  leadRules?: readonly string[];
  baselined: number;
}

/** Collects files, guideline lines and problems of several rule sets into one model. */
class ModelBuilder {
  private readonly files: AuditFile[] = [];
  private readonly guidelines = new Map<string, GuidelineLine>();
  private readonly problems = new Map<string, FileFinding>();

  constructor(private readonly version: string) {}

  add(path: string, findings: AuditFile['findings'], rules: FileRules): void {
    this.files.push({ path, findings });
    for (const g of rules.guidelines) {
      const key = `${g.source.file}\0${g.source.line}`;
      const known = this.guidelines.get(key);
      if (!known) this.guidelines.set(key, { ...g, rules: [...g.rules] });
      else for (const r of g.rules) if (!known.rules.includes(r)) known.rules.push(r);
    }
    for (const p of rules.problems) this.problems.set(`${p.file}\0${p.range.start.line}\0${p.range.start.character}\0${p.message}`, p);
  }

  build(): AuditModel {
    return {
      version: this.version,
      files: [...this.files].sort((a, b) => a.path.localeCompare(b.path)),
      guidelineProblems: [...this.problems.values()],
      guidelines: [...this.guidelines.values()],
    };
  }
}

export class Audit implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The folder paths of the report on show resolve against this. */
  private reportRoot: vscode.Uri | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly version: string,
    private readonly diagnostics: Diagnostics,
    private readonly guidelines: GuidelineFiles,
    private readonly hookLogs: HookLogs,
    private readonly log: Log,
    private readonly changes: GitChanges,
    private readonly baselines: Baselines,
  ) {}

  /** Audits one file: the active editor's, or the one a menu passes. */
  async auditFile(target?: vscode.Uri): Promise<AuditResult | undefined> {
    const uri = target ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Mantra: open a Python file to audit it.');
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (!isPython(document)) {
      void vscode.window.showInformationMessage(`Mantra: ${vscode.workspace.asRelativePath(uri)} is not a Python file.`);
      return undefined;
    }
    const rules = await this.guidelines.rulesFor(uri);
    const state = await this.diagnostics.lint(document);
    const builder = new ModelBuilder(this.version);
    builder.add(rules.path, state?.findings ?? [], state?.rules ?? rules);
    const model = builder.build();
    const hook = await this.hookLogs.summaryFor(rules.rootUri);
    const baselined = state?.baselined ?? 0;
    this.show(model, `Mantra audit · ${rules.path}`, rules.rootUri, hook, { baselined });
    return { model, cancelled: false, hook, baselined };
  }

  /** Audits every Python file of the workspace, with a cancellable progress notification. */
  async auditWorkspace(): Promise<AuditResult | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('Mantra: open a folder to audit it.');
      return undefined;
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Mantra: auditing the workspace', cancellable: true },
      async (progress, token) => {
        const builder = new ModelBuilder(this.version);
        const uris: vscode.Uri[] = [];
        for (const folder of folders) {
          uris.push(...(await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.py'), ALWAYS_EXCLUDED, undefined, token)));
        }
        uris.sort((a, b) => a.toString().localeCompare(b.toString()));
        const started = Date.now();
        let done = 0;
        let baselined = 0;
        for (const uri of uris) {
          if (token.isCancellationRequested) break;
          const rules = await this.guidelines.rulesFor(uri);
          const settings = settingsFor(uri);
          if (!rules.excluded && settings.enable) {
            const text = await readText(uri);
            if (text.length <= settings.maxFileSize) {
              const changed = this.changes.changedLines(uri);
              const { findings: all, internalErrors } = lintText(text, rules.path, rules.rules, changed);
              for (const internal of internalErrors) this.log.failure(`Rule ${internal.ruleId} failed on ${rules.path}`, internal.error);
              const shown = this.baselines.apply(await this.baselines.of(rules.rootUri), this.changes.scope(all, uri, changed), rules, text);
              baselined += shown.baselined;
              this.diagnostics.publish(uri, shown.findings, rules);
              builder.add(rules.path, shown.findings, rules);
            } else {
              this.log.info(`audit: skipped ${rules.path} (${text.length} characters, over mantra.maxFileSize)`);
            }
          }
          done++;
          progress.report({ message: `${done}/${uris.length} ${rules.path}`, increment: 100 / uris.length });
          // Let the extension host breathe: other extensions and this one's own events run in between.
          if (done % 10 === 0) await new Promise((r) => setTimeout(r, 0));
        }
        const cancelled = token.isCancellationRequested;
        this.log.info(`audit: ${done} of ${uris.length} files in ${Date.now() - started} ms${cancelled ? ' (cancelled)' : ''}`);
        const model = builder.build();
        const hook = await this.hookLogs.summaryForAll(folders.map((f) => f.uri));
        this.show(model, cancelled ? `Mantra audit · workspace (cancelled after ${done} files)` : 'Mantra audit · workspace', folders[0].uri, hook, { baselined });
        return { model, cancelled, hook, baselined };
      },
    );
  }

  /**
   * Audits the change: the Python files git says differ from `HEAD` (working tree and index),
   * each with only its findings on the change (as `mantra audit --diff-base HEAD --changed-only`),
   * the guidelines about targeted edits first. Without a repository there is no change to audit.
   */
  async auditChange(): Promise<AuditResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage('Mantra: the change comes from git, which runs once the workspace is trusted.');
      return undefined;
    }
    await this.changes.ready;
    await this.changes.refreshAll();
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!this.changes.available || folders.length === 0) {
      void vscode.window.showInformationMessage('Mantra: no git repository is open (or git is disabled): there is no change to audit.');
      return undefined;
    }
    const builder = new ModelBuilder(this.version);
    let baselined = 0;
    const uris = this.changes.changedFiles();
    for (const uri of uris) {
      const rules = await this.guidelines.rulesFor(uri);
      const settings = settingsFor(uri);
      const changed = this.changes.changedLines(uri);
      if (rules.excluded || !settings.enable || !changed) continue;
      const text = await readText(uri);
      if (text.length > settings.maxFileSize) {
        this.log.info(`audit: skipped ${rules.path} (${text.length} characters, over mantra.maxFileSize)`);
        continue;
      }
      const { findings, internalErrors } = lintText(text, rules.path, rules.rules, changed);
      for (const internal of internalErrors) this.log.failure(`Rule ${internal.ruleId} failed on ${rules.path}`, internal.error);
      const shown = this.baselines.apply(await this.baselines.of(rules.rootUri), findings.filter((f) => onChange(f, changed)), rules, text);
      baselined += shown.baselined;
      builder.add(rules.path, shown.findings, rules);
    }
    this.log.info(`audit: the change, ${uris.length} changed Python file${uris.length === 1 ? '' : 's'}`);
    const model = builder.build();
    const hook = await this.hookLogs.summaryForAll(folders.map((f) => f.uri));
    this.show(model, `Mantra audit · change (${uris.length} file${uris.length === 1 ? '' : 's'})`, folders[0].uri, hook, { leadRules: ['untargeted-edit'], baselined });
    return { model, cancelled: false, hook, baselined };
  }

  private show(model: AuditModel, title: string, root: vscode.Uri, hook: HookSummary | undefined, options: ShowOptions): void {
    this.reportRoot = root;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        REPORT_VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: false },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: { type: string; file: string; line: number; character: number }) => {
        if (m.type !== 'reveal') return;
        // The webview message's boundary.
        this.reveal(m.file, m.line, m.character).catch((e) => this.log.failure(`Revealing ${m.file} failed`, e));
      });
    }
    const webview = this.panel.webview;
    this.panel.title = title;
    webview.html = renderReportHtml(model, {
      title,
      styleHref: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
      scriptSrc: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString(),
      cspSource: webview.cspSource,
      nonce: nonce(),
      displayPath: (file) => (isAbsolute(file) ? vscode.workspace.asRelativePath(root.with({ path: file })) : file),
      ...(hook ? { hook } : {}),
      ...(options.leadRules ? { leadRules: options.leadRules } : {}),
      baselined: options.baselined,
    });
    this.panel.reveal(this.panel.viewColumn, false);
  }

  /** Opens a report location: a path relative to the report's folder, or an absolute one. */
  async reveal(file: string, line: number, character: number): Promise<vscode.TextEditor> {
    const root = this.reportRoot ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root) throw new Error('no folder to resolve the report path against');
    const uri = isAbsolute(file) ? root.with({ path: file }) : vscode.Uri.joinPath(root, file);
    const document = await vscode.workspace.openTextDocument(uri);
    const position = new vscode.Position(line, character);
    return vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
  }

  /** Whether the report is open (for tests and the status bar). */
  get reportOpen(): boolean {
    return !!this.panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** A file's text: the open document's when it is open (what the user sees), else the disk's. */
async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
