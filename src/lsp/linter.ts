/**
 * Live diagnostics: every open Python document is linted on open, on change (debounced) and
 * when the guideline files change, with the rule set of the guideline files that govern it.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lint } from '../core/engine';
import type { Finding } from '../core/finding';
import { pythonLineBreaks } from '../core/lintText';
import { RULES } from '../core/rules';
import { toDiagnostic } from './convert';
import { isPython, type Documents } from './documents';
import type { FileRules, Guidelines, Publish } from './guidelines';
import type { Log } from './log';
import type { Workspace } from './workspace';

/** Files longer than this many characters are not linted as you type (the extension's default). */
export const MAX_FILE_SIZE = 1_000_000;

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

  constructor(
    private readonly parserReady: Promise<void>,
    private readonly workspace: Workspace,
    private readonly documents: Documents,
    private readonly guidelines: Guidelines,
    private readonly publish: Publish,
    private readonly log: Log,
  ) {}

  /** Lints a document after `delay` ms of quiet (a later call for it restarts the wait). */
  schedule(uri: string, delay: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        if (this.states.get(uri)?.version === this.documents.get(uri)?.version) return;
        // The boundary of an event-driven lint: report the failure, keep the server running.
        this.lint(uri).catch((e) => this.log.failure(`Linting ${uri} failed`, e));
      }, delay),
    );
  }

  /** The findings of the document's current version, linting it now when they are missing (for code actions). */
  async fresh(doc: TextDocument): Promise<LintState | undefined> {
    const s = this.states.get(doc.uri);
    return s && s.version === doc.version ? s : this.lint(doc.uri);
  }

  /** Lints one open document now and publishes its diagnostics; undefined when it is not linted. */
  async lint(uri: string): Promise<LintState | undefined> {
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
    if (doc.version !== version) return this.lint(uri);
    if (rules.excluded) {
      this.clear(uri);
      return undefined;
    }
    // Python ends a line at a lone `\r` as the client does: the tree is of that reading (same length, same offsets).
    const text = pythonLineBreaks(doc.getText());
    const tree = this.documents.trees.tree(uri, version, text);
    const result = lint({ text, tree, path: rules.path, rules: rules.rules }, RULES);
    for (const internal of result.internalErrors) this.log.failure(`Rule ${internal.ruleId} failed on ${rules.path}`, internal.error);
    const state: LintState = { version, findings: result.findings, rules };
    this.states.set(uri, state);
    const uriOf = (file: string) => this.guidelines.uriOf(file);
    this.publish(uri, result.findings.map((f) => toDiagnostic(f, uri, uriOf)), version);
    return state;
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
    this.clear(uri);
  }

  private clear(uri: string): void {
    this.states.delete(uri);
    this.publish(uri, []);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
