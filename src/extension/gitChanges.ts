/**
 * The change in the editor: which lines of each Python file differ from `HEAD` (working tree and
 * index), read through the built-in git extension's API, refreshed when a file is saved and when
 * git reports a new repository state. Change-aware rules (`edited-missing-docstring`,
 * `untargeted-edit`, `explanatory-comment` on added lines) read it; `mantra.changedOnly` keeps
 * only the findings on it. Without git (no repository, git disabled, no commit yet, an untrusted
 * workspace) there is no diff, as in the CLI without `--diff-base`: those rules see none.
 */
import * as vscode from 'vscode';
import { changedLinesFromDiff, onChange, type LineRange } from '../core/diff';
import type { Finding } from '../core/finding';
import type { Log } from './log';
import { settingsFor } from './settings';

/** The part of the git extension's API (`vscode.git`, API version 1) that Mantra uses. */
interface GitExtension {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: vscode.Event<boolean>;
  getAPI(version: 1): GitApi;
}

interface GitApi {
  readonly repositories: GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
}

interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD: { readonly commit?: string } | undefined;
    readonly indexChanges: readonly GitChange[];
    readonly workingTreeChanges: readonly GitChange[];
    /** Separate only with `git.untrackedChanges: separate` (and absent before VS Code 1.83). */
    readonly untrackedChanges?: readonly GitChange[];
    readonly onDidChange: vscode.Event<void>;
  };
  /** `git diff <ref> -- <path>`. (`diffWithHEAD(path)` is `git diff -- path`: the working tree against the index.) */
  diffWith(ref: string, path: string): Promise<string>;
}

interface GitChange {
  readonly uri: vscode.Uri;
  readonly status: number;
}

/** The git extension's `Status` values Mantra tells apart. */
const INDEX_DELETED = 2;
const DELETED = 6;
const UNTRACKED = 7;
const INTENT_TO_ADD = 9;

const PYTHON_FILE = /\.pyi?$/;

/** One repository's changed Python files: lines per file path, `'all'` for a file git does not track. */
interface RepositoryChanges {
  repository: GitRepository;
  /** Set when `HEAD` is a commit: without one there is nothing to diff against. */
  hasHead: boolean;
  files: Map<string, LineRange[] | 'all'>;
  /** Bumped by every refresh: an older refresh that finishes later is dropped. */
  generation: number;
}

export class GitChanges implements vscode.Disposable {
  private readonly repositories = new Map<string, RepositoryChanges>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the changed lines of some file may differ (lint again). */
  readonly onDidChange = this.changed.event;
  /** Settles once the repositories open at start have been read, or git is found missing or disabled. */
  readonly ready: Promise<void>;

  constructor(private readonly log: Log) {
    this.disposables.push(this.changed);
    // The git extension spawns git: nothing of it runs before the workspace is trusted.
    this.ready = vscode.workspace.isTrusted
      ? this.start()
      : new Promise((resolve, reject) => {
          this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.start().then(resolve, reject)));
        });
    // The boundary of the start-up: a failure is reported, the lint goes on without a diff.
    this.ready.catch((e) => log.failure('Reading the change from git failed', e));
  }

  /**
   * The lines of `uri` that differ from `HEAD`: `'all'` for a file git does not track, `[]` for
   * an unchanged file of a repository, undefined when no diff is known (outside a repository,
   * no commit yet, git unavailable).
   */
  changedLines(uri: vscode.Uri): LineRange[] | 'all' | undefined {
    const repo = this.repositoryOf(uri);
    if (!repo || !repo.hasHead) return undefined;
    return repo.files.get(uri.fsPath) ?? [];
  }

  /**
   * The findings `mantra.changedOnly` lets through: with the setting on and a diff known, only
   * those on the change; else all of them.
   */
  scope(findings: Finding[], uri: vscode.Uri, changed: LineRange[] | 'all' | undefined): Finding[] {
    if (!changed || !settingsFor(uri).changedOnly) return findings;
    return findings.filter((f) => onChange(f, changed));
  }

  /** The Python files with a change, in every repository (for "Mantra: Audit Change"). */
  changedFiles(): vscode.Uri[] {
    const out: vscode.Uri[] = [];
    for (const repo of this.repositories.values()) {
      if (!repo.hasHead) continue;
      for (const [file, lines] of repo.files) if (lines === 'all' || lines.length > 0) out.push(vscode.Uri.file(file));
    }
    return out.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  }

  /** Whether git is read at all: a repository is open. */
  get available(): boolean {
    return this.repositories.size > 0;
  }

  /** Reads every repository's change again now (the audit command wants it current). */
  async refreshAll(): Promise<void> {
    await Promise.all([...this.repositories.values()].map((r) => this.refresh(r)));
  }

  private async start(): Promise<void> {
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!extension) {
      this.log.info('git: the built-in git extension is not available; change-aware rules see no diff');
      return;
    }
    const git = extension.isActive ? extension.exports : await extension.activate();
    if (git.enabled) return this.attach(git.getAPI(1));
    this.log.info('git: disabled (git.enabled); change-aware rules see no diff until it is enabled');
    const once = git.onDidChangeEnablement((enabled) => {
      if (!enabled) return;
      once.dispose();
      // The boundary of an event-driven start.
      this.attach(git.getAPI(1)).catch((e) => this.log.failure('Reading the change from git failed', e));
    });
    this.disposables.push(once);
  }

  /** Follows the repositories git opens; settles once those open now have been read. */
  private async attach(api: GitApi): Promise<void> {
    this.disposables.push(
      api.onDidOpenRepository((r) => {
        // The boundary of an event-driven read.
        this.watch(r).catch((e) => this.log.failure(`Reading the change of ${r.rootUri.fsPath} failed`, e));
      }),
      api.onDidCloseRepository((r) => {
        this.repositories.delete(r.rootUri.toString());
        this.changed.fire();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        const repo = this.repositoryOf(d.uri);
        if (repo && PYTHON_FILE.test(d.uri.path)) this.refreshSoon(repo);
      }),
    );
    await Promise.all(api.repositories.map((r) => this.watch(r)));
  }

  private watch(repository: GitRepository): Promise<void> {
    const key = repository.rootUri.toString();
    const known = this.repositories.get(key);
    if (known) return this.refresh(known);
    const repo: RepositoryChanges = { repository, hasHead: false, files: new Map(), generation: 0 };
    this.repositories.set(key, repo);
    this.disposables.push(repository.state.onDidChange(() => this.refreshSoon(repo)));
    this.log.info(`git: reading the change of ${repository.rootUri.fsPath}`);
    return this.refresh(repo);
  }

  private refreshSoon(repo: RepositoryChanges): void {
    // The boundary of an event-driven refresh.
    this.refresh(repo).catch((e) => this.log.failure(`Reading the change of ${repo.repository.rootUri.fsPath} failed`, e));
  }

  /** Diffs every changed Python file of the repository against `HEAD`; fires when done. */
  private async refresh(repo: RepositoryChanges): Promise<void> {
    const generation = ++repo.generation;
    const { state } = repo.repository;
    const hasHead = !!state.HEAD?.commit;
    const changes = new Map<string, GitChange>();
    for (const c of [...state.indexChanges, ...state.workingTreeChanges, ...(state.untrackedChanges ?? [])]) {
      if (!PYTHON_FILE.test(c.uri.path) || c.status === DELETED || c.status === INDEX_DELETED) continue;
      const known = changes.get(c.uri.fsPath);
      if (!known || c.status === UNTRACKED || c.status === INTENT_TO_ADD) changes.set(c.uri.fsPath, c);
    }
    const files = new Map<string, LineRange[] | 'all'>();
    if (hasHead) {
      await Promise.all(
        [...changes.values()].map(async (c) => {
          if (c.status === UNTRACKED || c.status === INTENT_TO_ADD) {
            files.set(c.uri.fsPath, 'all');
            return;
          }
          const diff = await repo.repository.diffWith('HEAD', c.uri.fsPath);
          const ranges = [...changedLinesFromDiff(diff).values()];
          files.set(c.uri.fsPath, ranges.flat());
        }),
      );
    }
    if (generation !== repo.generation) return;
    // git reports a state after every status run: lint again only when the change did change.
    const same = repo.hasHead === hasHead && keyOf(repo.files) === keyOf(files);
    repo.hasHead = hasHead;
    repo.files = files;
    if (same) return;
    this.log.trace(`git: ${files.size} changed Python file${files.size === 1 ? '' : 's'} in ${repo.repository.rootUri.fsPath}`);
    this.changed.fire();
  }

  /** The innermost repository holding `uri`. */
  private repositoryOf(uri: vscode.Uri): RepositoryChanges | undefined {
    if (uri.scheme !== 'file') return undefined;
    let best: RepositoryChanges | undefined;
    for (const repo of this.repositories.values()) {
      const root = repo.repository.rootUri.fsPath;
      const inside = uri.fsPath === root || uri.fsPath.startsWith(root.endsWith('/') || root.endsWith('\\') ? root : root + (uri.fsPath.includes('\\') ? '\\' : '/'));
      if (inside && (!best || root.length > best.repository.rootUri.fsPath.length)) best = repo;
    }
    return best;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function keyOf(files: ReadonlyMap<string, LineRange[] | 'all'>): string {
  return JSON.stringify([...files].sort(([a], [b]) => a.localeCompare(b)));
}
