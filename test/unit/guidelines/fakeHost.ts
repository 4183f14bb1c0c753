import type { GuidelineHost } from '../../../src/core/guidelines/discover';

/**
 * An in-memory GuidelineHost: absent files are undefined, `unreadable` ones throw; reads and
 * listings are counted. Folders are those of the files' paths.
 */
export class FakeHost implements GuidelineHost {
  readonly reads: string[] = [];
  readonly listings: string[] = [];
  constructor(
    readonly files: Record<string, string>,
    readonly unreadable: string[] = [],
  ) {}

  async readText(path: string): Promise<string | undefined> {
    this.reads.push(path);
    if (this.unreadable.includes(path)) throw new Error('EACCES: permission denied');
    return this.files[path];
  }

  async list(dir: string): Promise<string[] | undefined> {
    this.listings.push(dir);
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = new Set<string>();
    for (const p of Object.keys(this.files)) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      names.add(slash < 0 ? rest : rest.slice(0, slash + 1));
    }
    return names.size ? [...names] : undefined;
  }
}
