/**
 * Guideline files as the editor sees them: the core reads them through a host backed by open
 * documents (unsaved edits count) and `workspace.fs`; watchers and edits invalidate the derived
 * rule sets; problems of guideline files (a bad ```mantra block, a broken `@import`) become
 * diagnostics in those files.
 */
import picomatch from 'picomatch';
import * as vscode from 'vscode';
import type { ActiveRule } from '../core/engine';
import type { FileFinding } from '../core/finding';
import { activeRules, guidelineCacheFor, resolveRuleSet, type GuidelineEntry, type GuidelineHost, type RuleSet } from '../core/guidelines';
import { basename, dirname, isAbsolute, isInside, joinPath, relativePath } from '../core/paths';
import type { GuidelineLine } from '../core/report';
import { toDiagnostic, type UriOf } from './convert';
import type { Log } from './log';
import { affectsMantra, settingsFor } from './settings';

/** Everything the editor needs to lint one Python file. */
export interface FileRules {
  /** The workspace folder (or the file's own folder outside any), as a Uri and a core path. */
  rootUri: vscode.Uri;
  root: string;
  /** The file's path relative to `root`, with `/`. */
  path: string;
  rules: ActiveRule[];
  /** Excluded by the guideline files' `exclude` or the `mantra.exclude` setting. */
  excluded: boolean;
  /** Whether any guideline file governs the file (else only a preset or settings apply). */
  governed: boolean;
  /** The guideline lines of the files that govern it, enforced or not. */
  guidelines: GuidelineLine[];
  /** The same lines with everything they mapped to (rules turned off included). */
  entries: GuidelineEntry[];
  /** Problems located in those guideline files. */
  problems: FileFinding[];
  /** Resolves the core's paths (absolute posix, or relative to the root) to Uris. */
  uriOf: UriOf;
}

/** What the core calls the editor settings in the problems it finds in them. */
const SETTINGS_FILE = 'the mantra.rules setting';

/** Names whose change can change a rule set, wherever they are. */
const GUIDELINE_GLOB =
  '**/{CLAUDE.md,CLAUDE.local.md,AGENTS.md,.claude/CLAUDE.md,.claude/rules/**/*.md,.cursor/rules/**/*.{mdc,md},.github/copilot-instructions.md,.github/instructions/**/*.instructions.md}';
/** Guideline files found by folder listing rather than by name. */
const LISTED_GUIDELINE = /\/(?:\.claude\/rules\/.+\.md|\.cursor\/rules\/.+\.mdc?|\.github\/copilot-instructions\.md|\.github\/instructions\/.+\.instructions\.md)$/;
const GUIDELINE_NAMES = new Set(['CLAUDE.md', 'CLAUDE.local.md', 'AGENTS.md']);

export class GuidelineFiles implements vscode.Disposable {
  /** Guideline-file problems, in the guideline files. */
  readonly collection = vscode.languages.createDiagnosticCollection('mantra-guidelines');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a guideline file (or a file one imports) changed: rule sets are derived again. */
  readonly onDidChange = this.changed.event;
  private readonly cache = new Map<string, Promise<FileRules>>();
  /** Every path the core read through the host: their changes invalidate, imports included. */
  private readonly read = new Set<string>();
  private readonly host: GuidelineHost;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  /** `extraRules` join every non-empty rule set (the integration suite's faulty rule; see testRule.ts). */
  constructor(
    private readonly log: Log,
    private readonly extraRules: readonly ActiveRule[] = [],
  ) {
    this.host = { readText: (path) => this.readText(path), list: (dir) => this.list(dir) };
    const watcher = vscode.workspace.createFileSystemWatcher(GUIDELINE_GLOB);
    this.disposables.push(
      this.collection,
      this.changed,
      watcher,
      watcher.onDidCreate((u) => this.invalidate(u, 0)),
      watcher.onDidChange((u) => this.invalidate(u, 0)),
      watcher.onDidDelete((u) => this.invalidate(u, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.isGuideline(e.document.uri)) this.invalidate(e.document.uri, 250);
      }),
      // Closing an edited guideline file without saving drops its unsaved text.
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.isGuideline(d.uri)) this.invalidate(d.uri, 0);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsMantra(e)) this.invalidate(undefined, 0);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate(undefined, 0)),
    );
  }

  /** The rule set for a Python file, derived once per guideline change. */
  rulesFor(uri: vscode.Uri): Promise<FileRules> {
    const key = uri.toString();
    let p = this.cache.get(key);
    if (!p) {
      p = this.resolve(uri);
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  private async resolve(uri: vscode.Uri): Promise<FileRules> {
    const generation = this.generation;
    // An untitled buffer follows the first folder's root guidelines; a file outside every folder, its own folder's.
    const folder = vscode.workspace.getWorkspaceFolder(uri) ?? (uri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0] : undefined);
    const rootUri = folder?.uri ?? (uri.scheme === 'file' ? uri.with({ path: dirname(uri.path) }) : vscode.Uri.file('/'));
    const root = rootUri.path;
    const filePath = uri.scheme === 'untitled' ? joinPath(root, basename(uri.path)) : uri.path;
    const path = relativePath(root, filePath) ?? basename(uri.path);
    const settings = settingsFor(uri);
    const uriOf: UriOf = (file) => (isAbsolute(file) ? rootUri.with({ path: file }) : vscode.Uri.joinPath(rootUri, file));
    const opts = { overrides: settings.rules, overridesFile: SETTINGS_FILE };
    let ruleSet: RuleSet = await resolveRuleSet(root, filePath, this.host, opts);
    // The preset setting applies where no guideline file governs ("preset when no CLAUDE.md").
    if (ruleSet.files.length === 0 && settings.preset !== 'none') ruleSet = await resolveRuleSet(root, filePath, this.host, { ...opts, preset: settings.preset });
    // Guideline files changed while this was read: what was read may be stale, derive again.
    if (generation !== this.generation) return this.rulesFor(uri);
    const excludes = [...ruleSet.exclude, ...settings.exclude];
    const active = activeRules(ruleSet);
    const rules: FileRules = {
      rootUri,
      root,
      path,
      uriOf,
      rules: active.length > 0 ? [...active, ...this.extraRules] : active,
      excluded: excludes.length > 0 && picomatch(excludes, { dot: true, windows: false })(path),
      governed: ruleSet.files.length > 0,
      guidelines: ruleSet.guidelines.map((e) => ({
        source: { file: e.guideline.file, line: e.guideline.line, text: e.guideline.text },
        rules: e.mappings.filter((m) => m.setting !== 'off').map((m) => m.ruleId),
        ...(e.reason ? { reason: e.reason } : {}),
      })),
      entries: ruleSet.guidelines,
      problems: ruleSet.problems,
    };
    if (generation === this.generation) this.publishProblems(rules);
    return rules;
  }

  /**
   * Problems of guideline files as diagnostics there (merged across rule sets, one per location);
   * problems of the `mantra.rules` setting go to the output channel and a notification.
   */
  private publishProblems(rules: FileRules): void {
    const byFile = new Map<string, FileFinding[]>();
    for (const p of rules.problems) {
      if (p.file === SETTINGS_FILE) {
        this.log.failure('The mantra.rules setting has a problem', new Error(p.message));
        continue;
      }
      byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
    }
    for (const [file, problems] of byFile) {
      const uri = rules.uriOf(file);
      this.collection.set(uri, problems.map((p) => toDiagnostic(p, uri, rules.uriOf)));
    }
  }

  private isGuideline(uri: vscode.Uri): boolean {
    return this.read.has(uri.path) || GUIDELINE_NAMES.has(basename(uri.path)) || LISTED_GUIDELINE.test(uri.path);
  }

  /** Forgets derived rule sets (all of them: a guideline file governs a whole subtree). */
  private invalidate(uri: vscode.Uri | undefined, delay: number): void {
    if (uri && !this.isGuideline(uri)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.generation++;
      this.cache.clear();
      this.collection.clear();
      guidelineCacheFor(this.host).invalidate();
      this.log.trace(`guideline files changed${uri ? ` (${vscode.workspace.asRelativePath(uri)})` : ''}: rule sets derived again`);
      this.changed.fire();
    }, delay);
  }

  /** Uri of an absolute path, in the workspace folder that holds it (remote and virtual included). */
  private uriOf(path: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.find((f) => isInside(f.uri.path, path));
    return (folder?.uri ?? vscode.Uri.file('/')).with({ path });
  }

  /** A folder's entries for the core (sub-folders end in `/`); undefined when it does not exist. */
  private async list(dir: string): Promise<string[] | undefined> {
    const uri = this.uriOf(dir);
    // stat first: most of these folders do not exist, and a failed readDirectory is logged loudly
    // by the host (a stack trace per folder and per file linted).
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
      throw e;
    }
    if (!(stat.type & vscode.FileType.Directory)) return undefined;
    const entries = await vscode.workspace.fs.readDirectory(uri);
    return entries.map(([name, type]) => (type & vscode.FileType.Directory ? `${name}/` : name));
  }

  /**
   * The core's reads: an open document's text when it has unsaved edits (they count), else the
   * file system's (a deleted file stops governing even while its editor stays open).
   */
  private async readText(path: string): Promise<string | undefined> {
    this.read.add(path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.path === path && d.uri.scheme !== 'git');
    if (open?.isDirty) return open.getText();
    try {
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(this.uriOf(path)));
    } catch (e) {
      if (e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'FileIsADirectory')) return undefined;
      throw e;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
