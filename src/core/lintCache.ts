import type { ActiveRule } from './engine';
import type { Finding } from './finding';

/**
 * A 64-bit hash of a text's UTF-16 code units (two 32-bit lanes, cyrb53-style mixing) with its
 * length: `<16 hex digits>-<length>`. Pure JS, so the core stays free of `crypto` and runs in a
 * browser; about 1 ns a character.
 */
export function contentHash(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
  return `${hex(h2)}${hex(h1)}-${text.length}`;
}

/**
 * What the findings of a file depend on besides its text and path: the Mantra version (rule
 * code) and each active rule's id, severity, options and guideline origin. A cache made under
 * another key is discarded whole.
 */
export function cacheKeyOf(mantraVersion: string, rules: readonly ActiveRule[]): string {
  const parts = rules.map((r) => [r.rule.meta.id, r.severity, r.options, r.source]);
  return contentHash(JSON.stringify([mantraVersion, parts]));
}

/** The format version of a serialized cache; bump it when the layout changes. */
const FORMAT = 1;

interface Serialized {
  format: number;
  key: string;
  /** Workspace-relative path → [content hash, findings]. */
  files: Record<string, [string, Finding[]]>;
}

/**
 * Findings of files by content hash, so a re-audit skips the files that did not change. The
 * caller stores it (the CLI as one JSON file under `.mantra-cache/`, which git ignores): the core
 * never touches the disk. The cache is valid for one `key` (see `cacheKeyOf`).
 */
export class LintCache {
  private readonly files = new Map<string, [string, Finding[]]>();
  /** Lookups that were served, and those that missed, since creation. */
  hits = 0;
  misses = 0;

  constructor(readonly key: string) {}

  /** Reads a serialized cache; an unreadable one, or one made under another key, gives an empty cache. */
  static parse(json: string | undefined, key: string): LintCache {
    const cache = new LintCache(key);
    if (!json) return cache;
    let data: Serialized;
    try {
      data = JSON.parse(json) as Serialized;
    } catch {
      return cache;
    }
    if (!data || data.format !== FORMAT || data.key !== key || typeof data.files !== 'object' || data.files === null) return cache;
    for (const [path, entry] of Object.entries(data.files)) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && Array.isArray(entry[1])) cache.files.set(path, entry);
    }
    return cache;
  }

  /** The findings of `path` when its text is the one they were computed for. */
  get(path: string, text: string): Finding[] | undefined {
    return this.lookup(path, contentHash(text));
  }

  /** The findings of `path` when they were stored under `hash` (a key of its text and whatever else they depend on). */
  lookup(path: string, hash: string): Finding[] | undefined {
    const entry = this.files.get(path);
    if (entry && entry[0] === hash) {
      this.hits++;
      return entry[1];
    }
    this.misses++;
    return undefined;
  }

  set(path: string, text: string, findings: Finding[]): void {
    this.store(path, contentHash(text), findings);
  }

  /** Keeps the findings of `path` under `hash` (see `lookup`). */
  store(path: string, hash: string, findings: Finding[]): void {
    this.files.set(path, [hash, findings]);
  }

  /** Forgets files that are gone (not in `paths`). */
  retain(paths: Iterable<string>): void {
    const keep = new Set(paths);
    for (const path of [...this.files.keys()]) if (!keep.has(path)) this.files.delete(path);
  }

  /** The paths it holds findings of. */
  paths(): string[] {
    return [...this.files.keys()];
  }

  get size(): number {
    return this.files.size;
  }

  serialize(): string {
    const files: Serialized['files'] = {};
    for (const [path, entry] of [...this.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) files[path] = entry;
    return JSON.stringify({ format: FORMAT, key: this.key, files } satisfies Serialized);
  }
}
