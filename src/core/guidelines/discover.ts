import MarkdownIt from 'markdown-it';
import type { FileFinding } from '../finding';
import { basename, dirname, foldersFromRoot, isInside, joinPath, normalizePath, relativePath, resolvePath } from '../paths';
import { IMPORT_RULE, guidelineProblem, problemKey } from './problems';
import type { GuidelineFile, GuidelineLayer } from './types';

/** How the core reads guideline files: the CLI reads the disk, the extension `workspace.fs`. */
export interface GuidelineHost {
  /** The file's text; `undefined` when it does not exist. May throw when it exists but cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /**
   * The entries of a folder, by name, sub-folders with a trailing `/`; `undefined` when it does
   * not exist. Optional: without it the rules folders (`.claude/rules/`, `.cursor/rules/`,
   * `.github/instructions/`) are not read.
   */
  list?(dir: string): Promise<string[] | undefined>;
}

/** Guideline files that govern one path, outer to inner, and the problems met finding them. */
export interface Discovery {
  files: GuidelineFile[];
  problems: FileFinding[];
}

/** The files looked for in each folder, in order; the last one is the personal layer. */
export const GUIDELINE_NAMES: readonly { name: string; layer: GuidelineLayer }[] = [
  { name: 'CLAUDE.md', layer: 'project' },
  { name: '.claude/CLAUDE.md', layer: 'project' },
  { name: 'AGENTS.md', layer: 'project' },
  { name: '.github/copilot-instructions.md', layer: 'project' },
  { name: 'CLAUDE.local.md', layer: 'local' },
];

/**
 * Folders of rule files read in each folder (through `GuidelineHost.list`), after the project
 * files and before CLAUDE.local.md, sorted by path; their front matter scopes them (`paths:` for
 * Claude Code, `globs:` / `alwaysApply:` for Cursor, `applyTo:` for Copilot).
 */
export const RULE_FOLDERS: readonly { dir: string; file: RegExp }[] = [
  { dir: '.claude/rules', file: /\.md$/i },
  { dir: '.cursor/rules', file: /\.mdc?$/i },
  { dir: '.github/instructions', file: /\.instructions\.md$/i },
];

/** How deep sub-folders of a rules folder are read. */
const MAX_RULE_FOLDER_DEPTH = 3;

/** How many `@path` hops are followed from a guideline file (as Claude Code does). */
export const MAX_IMPORT_DEPTH = 5;

/** One `@path` in a guideline file. */
export interface ImportRef {
  /** The path as written, without `@` and trailing punctuation. */
  path: string;
  /** 0-based line and UTF-16 columns of `@path`. */
  line: number;
  start: number;
  end: number;
}

const md = new MarkdownIt({ html: true });
const IMPORT = /(^|[\s(\[])@(~?[^\s`'"()<>\[\]{}]+)/g;
const CODE_SPAN = /(`+)(?:[^`]|(?!\1)`)+?\1/g;
const IMPORT_EXTENSIONS = /\.(?:md|mdc|markdown|txt|rst|ya?ml|json|toml|py|cfg|ini)$/i;

/**
 * The `@path` imports of a guideline file, outside code spans, fenced and indented code blocks
 * and front matter.
 */
export function findImports(text: string): ImportRef[] {
  const lines = text.split('\n');
  const skip = new Set<number>();
  const fm = /^\uFEFF?---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text);
  const fmLines = fm ? (fm[0].match(/\n/g) ?? []).length : 0;
  for (let i = 0; i < fmLines; i++) skip.add(i);
  const body = fm ? '\n'.repeat(fmLines) + text.slice(fm[0].length) : text;
  for (const t of md.parse(body, {})) {
    if ((t.type === 'fence' || t.type === 'code_block') && t.map) for (let i = t.map[0]; i < t.map[1]; i++) skip.add(i);
  }
  const out: ImportRef[] = [];
  lines.forEach((raw, line) => {
    if (skip.has(line) || !raw.includes('@')) return;
    const masked = raw.replace(CODE_SPAN, (s) => ' '.repeat(s.length));
    IMPORT.lastIndex = 0;
    for (let m = IMPORT.exec(masked); m; m = IMPORT.exec(masked)) {
      const path = m[2].replace(/[.,;:!?*_]+$/, '');
      if (!path || path === '~') continue;
      const start = m.index + m[1].length;
      out.push({ path, line, start, end: start + 1 + path.length });
    }
  });
  return out;
}

/** Whether an `@word` surely means a file (so a missing one is a problem) or only may (`@README`, `@property`). */
function surelyAFile(ref: string): boolean {
  return ref.startsWith('./') || ref.startsWith('../') || ref.startsWith('/') || ref.startsWith('~') || IMPORT_EXTENSIONS.test(ref);
}

type ReadOutcome = { text: string } | { missing: true } | { error: string };

const IS_FOLDER = 'it is a folder, not a file';
const IS_BINARY = 'it is a binary file, not text';

/** Why a host could not read a file, in words: a folder where a file is expected says so. */
function readError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'EISDIR' || code === 'FileIsADirectory' || /\bEISDIR\b|FileIsADirectory|is a directory/i.test(message) ? IS_FOLDER : message;
}

/**
 * Caches reads and per-folder discovery for one host, so resolving the guidelines of 1000 files
 * in a few folders reads each guideline file once. Call `invalidate` when a guideline file changes.
 */
export class GuidelineCache {
  private readonly reads = new Map<string, Promise<ReadOutcome>>();
  private readonly lists = new Map<string, Promise<{ names: string[] } | { error: string }>>();
  private readonly folders = new Map<string, Promise<Discovery>>();
  /** Derived results keyed by the caller (the rule sets of `resolveRuleSet`); cleared with the rest. */
  readonly derived = new Map<string, Promise<unknown>>();

  constructor(readonly host: GuidelineHost) {}

  /** Forgets what was read: everything, or only one file (and everything derived from files). */
  invalidate(path?: string): void {
    if (path === undefined) this.reads.clear();
    else this.reads.delete(normalizePath(path));
    // A file added to or removed from a rules folder changes its listing.
    this.lists.clear();
    this.folders.clear();
    this.derived.clear();
  }

  /** Reads a file once; failures become outcomes, never rejections. */
  read(path: string): Promise<ReadOutcome> {
    let p = this.reads.get(path);
    if (!p) {
      p = this.host.readText(path).then(
        (text): ReadOutcome => (text === undefined ? { missing: true } : text.includes('\0') ? { error: IS_BINARY } : { text }),
        (e: unknown): ReadOutcome => ({ error: readError(e) }),
      );
      this.reads.set(path, p);
    }
    return p;
  }

  /** The entries of a folder once (empty when absent or the host cannot list); failures become outcomes. */
  list(dir: string): Promise<{ names: string[] } | { error: string }> {
    let p = this.lists.get(dir);
    if (!p) {
      const host = this.host;
      p = host.list
        ? host.list(dir).then(
            (names) => ({ names: [...(names ?? [])].sort() }),
            (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
          )
        : Promise.resolve({ names: [] });
      this.lists.set(dir, p);
    }
    return p;
  }

  /** The files of a rules folder matching `file`, recursively, sorted by path; an unreadable folder is a problem. */
  private async ruleFiles(dir: string, file: RegExp, problems: FileFinding[], depth = 0): Promise<string[]> {
    const out: string[] = [];
    const listed = await this.list(dir);
    if ('error' in listed) {
      problems.push(guidelineProblem(IMPORT_RULE, dir, { line: 0, start: 0, end: 0 }, `the folder ${basename(dir)} cannot be read (${listed.error}): fix its permissions so its rules apply`, 'warning'));
      return out;
    }
    for (const name of listed.names) {
      if (name.endsWith('/')) {
        if (depth < MAX_RULE_FOLDER_DEPTH) out.push(...(await this.ruleFiles(joinPath(dir, name), file, problems, depth + 1)));
      } else if (file.test(name)) out.push(joinPath(dir, name));
    }
    return out;
  }

  /**
   * The guideline files governing `filePath` inside `root` (absolute posix paths), outer folder
   * first; within a folder CLAUDE.md, .claude/CLAUDE.md, AGENTS.md,
   * .github/copilot-instructions.md, the rules folders' files, then CLAUDE.local.md; an
   * imported file comes just before the file importing it. A path outside `root` has none.
   */
  async discover(root: string, filePath: string): Promise<Discovery> {
    const r = normalizePath(root);
    const folders = foldersFromRoot(r, dirname(filePath));
    const perFolder = await Promise.all(folders.map((f) => this.folder(r, f)));
    const files: GuidelineFile[] = [];
    const problems: FileFinding[] = [];
    const seenFiles = new Set<string>();
    const seenProblems = new Set<string>();
    for (const d of perFolder) {
      for (const f of d.files) {
        if (seenFiles.has(f.path)) continue;
        seenFiles.add(f.path);
        files.push(f);
      }
      for (const p of d.problems) {
        const k = problemKey(p);
        if (seenProblems.has(k)) continue;
        seenProblems.add(k);
        problems.push(p);
      }
    }
    return { files, problems };
  }

  private folder(root: string, folder: string): Promise<Discovery> {
    const key = `${root}\0${folder}`;
    let p = this.folders.get(key);
    if (!p) {
      p = this.discoverFolder(root, folder);
      this.folders.set(key, p);
    }
    return p;
  }

  private async discoverFolder(root: string, folder: string): Promise<Discovery> {
    const files: GuidelineFile[] = [];
    const problems: FileFinding[] = [];
    const included = new Set<string>();
    const candidates: { path: string; layer: GuidelineLayer }[] = [];
    for (const { name, layer } of GUIDELINE_NAMES) if (layer === 'project') candidates.push({ path: joinPath(folder, name), layer });
    for (const { dir, file } of RULE_FOLDERS) for (const path of await this.ruleFiles(joinPath(folder, dir), file, problems)) candidates.push({ path, layer: 'project' });
    for (const { name, layer } of GUIDELINE_NAMES) if (layer === 'local') candidates.push({ path: joinPath(folder, name), layer });
    for (const { path, layer } of candidates) {
      if (included.has(path)) continue;
      const outcome = await this.read(path);
      if ('missing' in outcome) continue;
      if ('error' in outcome) {
        problems.push(
          guidelineProblem(IMPORT_RULE, path, { line: 0, start: 0, end: 0 }, `${basename(path)} cannot be read (${outcome.error}): ${outcome.error === IS_FOLDER ? `make ${basename(path)} a markdown file, or rename the folder` : outcome.error === IS_BINARY ? 'replace it with a markdown file' : 'fix its permissions or encoding'}`, 'warning'),
        );
        continue;
      }
      await this.expand(root, { path, text: outcome.text, layer, base: folder }, 0, [path], included, files, problems);
    }
    return { files, problems };
  }

  /** Adds `file` after the files it imports (depth-first), reporting cycles, depth, escapes and misses. */
  private async expand(
    root: string,
    file: GuidelineFile,
    depth: number,
    stack: string[],
    included: Set<string>,
    files: GuidelineFile[],
    problems: FileFinding[],
  ): Promise<void> {
    included.add(file.path);
    const here = dirname(file.path);
    const at = (ref: ImportRef) => ({ line: ref.line, start: ref.start, end: ref.end });
    const warn = (ref: ImportRef, message: string) => problems.push(guidelineProblem(IMPORT_RULE, file.path, at(ref), message, 'warning'));
    for (const ref of findImports(file.text)) {
      if (ref.path.startsWith('~')) {
        warn(ref, `@${ref.path} is outside the workspace, so Mantra does not read it: copy the guidelines you need into the workspace or remove the import`);
        continue;
      }
      const target = resolvePath(here, ref.path);
      if (!isInside(root, target)) {
        warn(ref, `@${ref.path} points outside the workspace, so Mantra does not read it: move the file into the workspace or remove the import`);
        continue;
      }
      if (stack.includes(target)) {
        const chain = [...stack.slice(stack.indexOf(target)), target].map((p) => relativePath(root, p) || basename(p)).join(' → ');
        warn(ref, `@${ref.path} makes an import cycle (${chain}): remove one of these imports`);
        continue;
      }
      if (included.has(target)) continue;
      if (depth + 1 > MAX_IMPORT_DEPTH) {
        warn(ref, `@${ref.path} is more than ${MAX_IMPORT_DEPTH} imports deep, so it is not read: import it from a file nearer the top`);
        continue;
      }
      const outcome = await this.read(target);
      if ('missing' in outcome) {
        if (surelyAFile(ref.path)) warn(ref, `@${ref.path} does not exist: fix the path or remove the import`);
        continue;
      }
      if ('error' in outcome) {
        warn(ref, `@${ref.path} cannot be read (${outcome.error}): ${outcome.error === IS_FOLDER ? 'import a file inside it' : 'fix the file'} or remove the import`);
        continue;
      }
      await this.expand(
        root,
        { path: target, text: outcome.text, layer: file.layer, importedFrom: { file: file.path, line: ref.line }, ...(file.base ? { base: file.base } : {}) },
        depth + 1,
        [...stack, target],
        included,
        files,
        problems,
      );
    }
    files.push(file);
  }
}

const caches = new WeakMap<GuidelineHost, GuidelineCache>();

/** The cache kept for a host (created on first use). */
export function guidelineCacheFor(host: GuidelineHost): GuidelineCache {
  let c = caches.get(host);
  if (!c) caches.set(host, (c = new GuidelineCache(host)));
  return c;
}

/**
 * The guideline files governing `filePath` (absolute posix paths; `root` is the workspace
 * folder), outer to inner, with problems for bad `@path` imports. Uses the host's cache.
 */
export function discoverGuidelineFiles(root: string, filePath: string, host: GuidelineHost): Promise<Discovery> {
  return guidelineCacheFor(host).discover(root, normalizePath(filePath));
}
