/**
 * Guideline files as the server sees them: the core reads them from disk, except those the client
 * has open (their unsaved text counts); rule sets are derived once per guideline change; problems
 * of guideline files (a bad ```mantra block, a broken `@import`) are published on those files.
 */
import picomatch from 'picomatch';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { ActiveRule } from '../core/engine';
import type { FileFinding } from '../core/finding';
import { activeRules, guidelineCacheFor, resolveRuleSet, type GuidelineHost, type Preset } from '../core/guidelines';
import { basename, relativePath } from '../core/paths';
import { diskHost } from '../cli/host';
import { toDiagnostic } from './convert';
import type { Documents } from './documents';
import type { Workspace } from './workspace';

/** Everything needed to lint one Python file. */
export interface FileRules {
  /** The file's path relative to its root, with `/`. */
  path: string;
  rules: ActiveRule[];
  /** Excluded by the guideline files' `exclude` globs. */
  excluded: boolean;
}

/** Guideline files named in any folder; their edits re-derive the rule sets. */
const GUIDELINE_NAMES = new Set(['CLAUDE.md', 'CLAUDE.local.md', 'AGENTS.md']);
/** Guideline files found by folder listing rather than by name. */
const LISTED_GUIDELINE = /\/(?:\.claude\/rules\/.+\.md|\.cursor\/rules\/.+\.mdc?|\.github\/copilot-instructions\.md|\.github\/instructions\/.+\.instructions\.md)$/;
/** What the server asks the client to watch: every markdown file, since an `@import` may name any; `isGuideline` filters. */
export const GUIDELINE_GLOBS = ['**/*.md', '**/*.mdc'];

/** Sends `textDocument/publishDiagnostics` (with the document version the diagnostics are of, when known). */
export type Publish = (uri: string, diagnostics: Diagnostic[], version?: number) => void;

/** The rule sets of the open files and the problems of their guideline files, one generation per guideline change. */
export class Guidelines {
  private readonly host: GuidelineHost;
  private readonly cache = new Map<string, Promise<FileRules>>();
  /** Every path the core read through the host: their changes re-derive, imports included. */
  private readonly read = new Set<string>();
  /** Problems of this generation, per guideline file (absolute path) and problem. */
  private problems = new Map<string, Map<string, FileFinding>>();
  /** The text each guideline file had when this generation read it: the problems' offsets are into it. */
  private texts = new Map<string, string>();
  /** URIs that carry guideline diagnostics, to clear those no longer found after a change. */
  private published = new Set<string>();
  private generation = 0;

  constructor(
    private readonly workspace: Workspace,
    private readonly documents: Documents,
    private readonly publish: Publish,
    private readonly preset: Preset | undefined,
  ) {
    this.host = { readText: (p) => this.readText(p), list: (dir) => diskHost.list(dir) };
  }

  /** Whether a change to this file can change a rule set. */
  isGuideline(file: string): boolean {
    return this.read.has(file) || GUIDELINE_NAMES.has(basename(file)) || LISTED_GUIDELINE.test(file);
  }

  /** The rules for a file at `root`/`path` (absolute posix), derived once per guideline change. */
  rulesFor(root: string, file: string): Promise<FileRules> {
    const key = `${root}\0${file}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.resolve(root, file);
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  private async resolve(root: string, file: string): Promise<FileRules> {
    const generation = this.generation;
    const ruleSet = await resolveRuleSet(root, file, this.host, this.preset ? { preset: this.preset } : {});
    // Guideline files changed while this was read: what was read may be stale, derive again.
    if (generation !== this.generation) return this.rulesFor(root, file);
    this.addProblems(ruleSet.problems);
    const path = relativePath(root, file) ?? basename(file);
    const excluded = ruleSet.exclude.length > 0 && picomatch(ruleSet.exclude, { dot: true, windows: false })(path);
    return { path, rules: activeRules(ruleSet), excluded };
  }

  /** Publishes the problems of a rule set's guideline files, merged with those already found in this generation. */
  private addProblems(found: readonly FileFinding[]): void {
    const touched = new Set<string>();
    for (const p of found) {
      let perFile = this.problems.get(p.file);
      if (!perFile) this.problems.set(p.file, (perFile = new Map()));
      const key = `${p.range.start.line}\0${p.range.start.character}\0${p.ruleId}\0${p.message}`;
      if (perFile.has(key)) continue;
      perFile.set(key, p);
      touched.add(p.file);
    }
    for (const file of touched) {
      const uri = this.uriOf(file);
      this.published.add(uri);
      this.publish(uri, [...this.problems.get(file)!.values()].map((p) => toDiagnostic(p, uri, (f) => this.uriOf(f))));
    }
  }

  /**
   * Forgets every derived rule set and problem (a guideline file governs a whole subtree).
   * Returns `settle`, to call once the open documents were resolved again: it clears the
   * diagnostics of guideline files whose problems are gone.
   */
  invalidate(): { settle: () => void } {
    this.generation++;
    this.cache.clear();
    guidelineCacheFor(this.host).invalidate();
    this.problems = new Map();
    this.texts = new Map();
    const before = this.published;
    this.published = new Set();
    return {
      settle: () => {
        for (const uri of before) if (!this.published.has(uri)) this.publish(uri, []);
      },
    };
  }

  /**
   * The problems found in a guideline file in this generation, when they were found in `text`;
   * undefined when the file was read with another text (its rule sets are being derived again).
   */
  problemsIn(file: string, text: string): FileFinding[] | undefined {
    if (this.texts.get(file) !== text) return undefined;
    return [...(this.problems.get(file)?.values() ?? [])];
  }

  /** The URI of a core path: the open document's own, else one below the root that holds it. */
  uriOf(file: string): string {
    return this.documents.atPath(file)?.uri ?? this.workspace.uriOf(file);
  }

  /** The core's reads: an open document's text (unsaved edits count), else the disk's. */
  private async readText(file: string): Promise<string | undefined> {
    this.read.add(file);
    const open = this.documents.atPath(file);
    const text = open ? open.getText() : await diskHost.readText(file);
    if (text !== undefined) this.texts.set(file, text);
    return text;
  }
}
