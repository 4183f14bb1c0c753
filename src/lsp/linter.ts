/**
 * Live diagnostics: every open Python document is linted on open, on change (debounced) and
 * when the guideline files change, with the rule set of the guideline files that govern it. A
 * lint after typing re-lints what the edits touched (`LiveLints`, as the VS Code extension
 * does); what it deferred (file-wide rules, statements parsed alone) is linted again once
 * typing pauses.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/finding';
import { pythonLineBreaks } from '../core/lintText';
import { LiveLints } from '../core/liveLint';
import { RULES } from '../core/rules';
import { toDiagnostic } from './convert';
import { isPython, type Documents } from './documents';
import type { FileRules, Guidelines, Publish } from './guidelines';
import type { Log } from './log';
import type { Workspace } from './workspace';

/** Files longer than this many characters are not linted as you type (the extension's default). */
export const MAX_FILE_SIZE = 1_000_000;

/** How long after the last change (ms) a lint re-runs what the typing lints deferred: the extension's pause. */
const IDLE_REFRESH_MS = 500;

/** The findings of one version of a document, and the rules they came from. */
export interface LintState {
  version: number;
  findings: Finding[];
  rules: FileRules;
}

/** Lints open Python documents and publishes their diagnostics; keeps each one's last findings for code actions. */
export class Linter {
  private readonly states = new Map<string, LintState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Per document: the lint that completes what typing deferred, once typing pauses. */
  private readonly refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly live: LiveLints;

  constructor(
    private readonly parserReady: Promise<void>,
    private readonly workspace: Workspace,
    private readonly documents: Documents,
    private readonly guidelines: Guidelines,
    private readonly publish: Publish,
    private readonly log: Log,
  ) {
    this.live = new LiveLints(documents.trees, RULES);
  }

  /**
   * Lints a document after `delay` ms of quiet (a later call for it restarts the wait); `typing`:
   * a lint after a change, which may re-lint only what the change touched (`LiveLints.lint`).
   */
  schedule(uri: string, delay: number, typing = false): void {
    this.cancelRefresh(uri);
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        if (this.states.get(uri)?.version === this.documents.get(uri)?.version) return;
        this.lintReporting(uri, typing);
      }, delay),
    );
  }

  /** The boundary of an event-driven lint: report the failure, keep the server running. */
  private lintReporting(uri: string, typing = false): void {
    this.lint(uri, typing).catch((e) => this.log.failure(`Linting ${uri} failed`, e));
  }

  /** The findings of the document's current version, linting it now when they are missing (for code actions). */
  async fresh(doc: TextDocument): Promise<LintState | undefined> {
    const s = this.states.get(doc.uri);
    return s && s.version === doc.version ? s : this.lint(doc.uri);
  }

  /** Lints one open document now and publishes its diagnostics; undefined when it is not linted. */
  async lint(uri: string, typing = false): Promise<LintState | undefined> {
    const doc = this.documents.get(uri);
    if (!doc || !isPython(doc)) return undefined;
    const where = this.workspace.locate(uri);
    if (!where) return undefined;
    if (doc.getText().length > MAX_FILE_SIZE) {
      this.log.info(`${uri} is not linted: it is longer than ${MAX_FILE_SIZE} characters`);
      this.clear(uri);
      return undefined;
    }
    const version = doc.version;
    await this.parserReady;
    const rules = await this.guidelines.rulesFor(where.root, where.path);
    const now = this.documents.get(uri);
    if (now !== doc) return undefined;
    if (doc.version !== version) return this.lint(uri, typing);
    if (rules.excluded) {
      this.clear(uri);
      return undefined;
    }
    const started = performance.now();
    // Python ends a line at a lone `\r` as the client does: the tree is of that reading (same length, same offsets).
    const text = pythonLineBreaks(doc.getText());
    const result = this.live.lint(uri, version, { text, path: rules.path, rules: rules.rules }, typing);
    const deferred = result.stale.length > 0 || result.state.provisional.length > 0;
    if (deferred) this.refreshWhenIdle(uri);
    for (const internal of result.internalErrors) this.log.failure(`Rule ${internal.ruleId} failed on ${rules.path}`, internal.error);
    const state: LintState = { version, findings: result.findings, rules };
    this.states.set(uri, state);
    const uriOf = (file: string) => this.guidelines.uriOf(file);
    this.publish(uri, result.findings.map((f) => toDiagnostic(f, uri, uriOf)), version);
    this.log.trace(`linted ${rules.path} v${version} (${result.mode}${result.reason ? `: ${result.reason}` : ''}${deferred ? ', the rest when typing pauses' : ''}): ${result.findings.length} findings, ${(performance.now() - started).toFixed(1)} ms`);
    return state;
  }

  /** Lints the document again once typing pauses, not as typing: every finding is then current. */
  private refreshWhenIdle(uri: string): void {
    this.cancelRefresh(uri);
    this.refreshTimers.set(
      uri,
      setTimeout(() => {
        this.refreshTimers.delete(uri);
        this.lintReporting(uri);
      }, IDLE_REFRESH_MS),
    );
  }

  private cancelRefresh(uri: string): void {
    clearTimeout(this.refreshTimers.get(uri));
    this.refreshTimers.delete(uri);
  }

  /** Lints every open Python document again (the guideline files changed). */
  lintAll(): Promise<unknown> {
    return Promise.all(
      this.documents
        .all()
        .filter(isPython)
        .map((d) => this.lint(d.uri).catch((e) => this.log.failure(`Linting ${d.uri} failed`, e))),
    );
  }

  /** Forgets a closed document and clears its diagnostics. */
  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.cancelRefresh(uri);
    this.clear(uri);
  }

  private clear(uri: string): void {
    this.states.delete(uri);
    this.live.forget(uri);
    this.publish(uri, []);
  }

  dispose(): void {
    for (const t of [...this.timers.values(), ...this.refreshTimers.values()]) clearTimeout(t);
    this.timers.clear();
    this.refreshTimers.clear();
  }
}
