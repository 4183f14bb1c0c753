/**
 * Live diagnostics: every open Python document is linted on open, on change (debounced) and on
 * save, with the rule set of the guideline files that govern it; a change to those files re-lints.
 */
import * as vscode from 'vscode';
import type { Finding } from '../core/finding';
import { LiveLints } from '../core/liveLint';
import { DocumentTrees } from '../core/parse/documentTrees';
import { RULES } from '../core/rules';
import type { Baselines } from './baselines';
import { toDiagnostic } from './convert';
import { OversizedFiles } from './fileSize';
import type { GitChanges } from './gitChanges';
import type { FileRules, GuidelineFiles } from './guidelineFiles';
import type { Log } from './log';
import { settingsFor } from './settings';
import { KeyedTimers } from './timers';

/** The findings of one version of a document, and the rule set they came from. */
export interface LintState {
  uri: vscode.Uri;
  version: number;
  findings: Finding[];
  rules: FileRules;
  /** Findings the workspace's `.mantra-baseline.json` holds: hidden, left out of `findings`. */
  baselined: number;
}

/** Milliseconds without a change before the file-wide rules an incremental lint deferred run again. */
const IDLE_REFRESH_MS = 500;

/**
 * Schemes of documents that are not the user's editable Python files: git's old versions, output,
 * and notebook cells (a cell alone is not a module: names come from other cells; see issue 8).
 */
const SKIPPED_SCHEMES = new Set(['git', 'output', 'vscode-notebook-cell', 'vscode-scm', 'review']);

/** Whether Mantra lints this document at all (language and scheme; settings come later). */
export function isPython(document: vscode.TextDocument): boolean {
  return document.languageId === 'python' && !SKIPPED_SCHEMES.has(document.uri.scheme);
}

export class Diagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('mantra');
  private readonly byUri = new Map<string, LintState>();
  private readonly timers = new KeyedTimers();
  /** Findings a workspace audit published (files that may not be open): closing a file keeps them. */
  private readonly audited = new Map<string, Finding[]>();
  private readonly didLint = new vscode.EventEmitter<LintState | { uri: vscode.Uri; cleared: true }>();
  readonly onDidLint = this.didLint.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Each open document's tree, edited and reparsed incrementally at each change (deferred when over the keystroke budget). */
  private readonly trees = new DocumentTrees();
  /** Each open document's last lint: the next one re-lints only what the edits since touched. */
  private readonly live = new LiveLints(this.trees, RULES);
  /** Per document: re-run the file-wide rules an incremental lint deferred, once typing pauses. */
  private readonly refreshTimers = new KeyedTimers();
  /** Open files skipped for being over `mantra.maxFileSize` (the status bar shows why). */
  readonly oversized: OversizedFiles;

  constructor(
    private readonly parserReady: Promise<void>,
    private readonly guidelines: GuidelineFiles,
    private readonly log: Log,
    private readonly changes: GitChanges,
    private readonly baselines: Baselines,
  ) {
    this.oversized = new OversizedFiles(log);
    const w = vscode.workspace;
    this.disposables.push(
      this.collection,
      this.didLint,
      w.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      w.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !isPython(e.document)) return;
        // Text and tree.edit only: the debounced lint decides how to parse (`LiveLints.lint`).
        this.trees.applyChanges(e.document.uri.toString(), e.document.version, e.contentChanges, 0);
        const s = settingsFor(e.document.uri);
        if (s.run === 'onType') this.schedule(e.document, s.debounce, true);
      }),
      // On save: needed with `run: onSave`; with `onType` the saved version is usually linted already.
      w.onDidSaveTextDocument((d) => {
        if (!this.current(d)) this.schedule(d, 0);
      }),
      w.onDidCloseTextDocument((d) => this.forget(d.uri)),
      // Settings changes arrive here too: GuidelineFiles derives the rule sets again on any `mantra.*` change.
      this.guidelines.onDidChange(() => this.relintAll()),
      // The change against HEAD moved (a save, a commit, a checkout) or a baseline was rewritten.
      this.changes.onDidChange(() => this.relintAll()),
      this.baselines.onDidChange(() => this.relintAll()),
    );
    for (const d of w.textDocuments) this.schedule(d, 0);
  }

  /** The findings of the document's current version, if it has been linted since its last change. */
  current(document: vscode.TextDocument): LintState | undefined {
    const s = this.byUri.get(document.uri.toString());
    return s && s.version === document.version ? s : undefined;
  }

  /**
   * The findings of the document's current version, linting it now when they are missing (for
   * code actions, whose edits must match this version). With `run: onSave` they are not
   * published: the squiggles stay those of the last save.
   */
  async fresh(document: vscode.TextDocument): Promise<LintState | undefined> {
    return this.current(document) ?? this.lint(document, settingsFor(document.uri).run === 'onType');
  }

  /** The latest findings of every file: an open document's own, else the last workspace audit's. */
  *states(): Iterable<{ uri: string; findings: Finding[] }> {
    for (const [uri, s] of this.byUri) yield { uri, findings: s.findings };
    for (const [uri, findings] of this.audited) if (!this.byUri.has(uri)) yield { uri, findings };
  }

  /** Lints every open Python document again (settings or guideline files changed). */
  relintAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Publishes a workspace audit's findings for a file that may not be open. */
  publish(uri: vscode.Uri, findings: Finding[], rules: FileRules): void {
    this.audited.set(uri.toString(), findings);
    this.collection.set(uri, findings.map((f) => toDiagnostic(f, uri, rules.uriOf)));
  }

  /** Lints the document after `delay` ms; `typing`: a lint while the user types, which may be provisional (`LiveLints.lint`). */
  private schedule(document: vscode.TextDocument, delay: number, typing = false): void {
    if (!isPython(document)) return;
    const key = document.uri.toString();
    this.refreshTimers.clear(key);
    this.timers.set(key, delay, () => this.lintReporting(document, typing));
  }

  /** The boundary of an event-driven lint: a failure is reported, the extension keeps running. */
  private lintReporting(document: vscode.TextDocument, typing = false): void {
    this.lint(document, true, typing).catch((e) => this.log.failure(`Linting ${vscode.workspace.asRelativePath(document.uri)} failed`, e));
  }

  /** Lints one document now and (unless `publish` is false) publishes its diagnostics; undefined when it is not linted. */
  async lint(document: vscode.TextDocument, publish = true, typing = false): Promise<LintState | undefined> {
    if (!isPython(document) || document.isClosed) return undefined;
    const settings = settingsFor(document.uri);
    const version = document.version;
    if (!settings.enable) {
      this.clear(document.uri);
      return undefined;
    }
    const size = document.getText().length;
    if (size > settings.maxFileSize) {
      this.oversized.skip(document.uri, size, settings.maxFileSize);
      this.clear(document.uri);
      return undefined;
    }
    this.oversized.forget(document.uri);
    await this.parserReady;
    const rules = await this.guidelines.rulesFor(document.uri);
    const baseline = await this.baselines.of(rules.rootUri);
    if (document.isClosed) return undefined;
    if (document.version !== version) return this.lint(document, publish, typing);
    if (rules.excluded) {
      this.clear(document.uri);
      return undefined;
    }
    const started = performance.now();
    const text = document.getText();
    const key = document.uri.toString();
    const changedLines = this.changes.changedLines(document.uri);
    const result = this.live.lint(key, version, { text, path: rules.path, rules: rules.rules, ...(changedLines ? { changedLines } : {}) }, typing);
    if (result.stale.length > 0 || result.state.provisional.length > 0) this.refreshWhenIdle(document);
    for (const internal of result.internalErrors) {
      this.log.failure(`Rule ${internal.ruleId} failed on ${rules.path}`, internal.error);
    }
    const shown = this.baselines.apply(baseline, this.changes.scope(result.findings, document.uri, changedLines), rules, text);
    const state: LintState = { uri: document.uri, version, findings: shown.findings, rules, baselined: shown.baselined };
    if (!publish) return state;
    this.byUri.set(document.uri.toString(), state);
    this.audited.delete(document.uri.toString());
    this.collection.set(document.uri, state.findings.map((f) => toDiagnostic(f, document.uri, rules.uriOf)));
    this.log.trace(`linted ${rules.path} v${version} (${result.mode}${result.reason ? `: ${result.reason}` : ''}): ${state.findings.length} findings, ${(performance.now() - started).toFixed(1)} ms`);
    this.didLint.fire(state);
    return state;
  }

  /**
   * Lints the document again once typing pauses: not a typing lint, so a deferred reparse
   * completes and the provisional parts and the file-wide rules the last lint deferred are
   * linted again: every finding is current.
   */
  private refreshWhenIdle(document: vscode.TextDocument): void {
    this.refreshTimers.set(document.uri.toString(), IDLE_REFRESH_MS, () => this.lintReporting(document));
  }

  private clear(uri: vscode.Uri): void {
    this.live.forget(uri.toString());
    this.byUri.delete(uri.toString());
    this.collection.delete(uri);
    this.didLint.fire({ uri, cleared: true });
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.timers.clear(key);
    this.refreshTimers.clear(key);
    this.live.forget(key);
    this.byUri.delete(key);
    this.oversized.forget(uri);
    this.trees.close(key);
    if (!this.audited.has(key)) this.collection.delete(uri);
  }

  dispose(): void {
    this.timers.dispose();
    this.refreshTimers.dispose();
    this.trees.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
