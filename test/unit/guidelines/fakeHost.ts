import type { GuidelineHost } from '../../../src/core/guidelines/discover';

/** An in-memory GuidelineHost: absent files are undefined, `unreadable` ones throw; reads are counted. */
export class FakeHost implements GuidelineHost {
  readonly reads: string[] = [];
  constructor(
    readonly files: Record<string, string>,
    readonly unreadable: string[] = [],
  ) {}

  async readText(path: string): Promise<string | undefined> {
    this.reads.push(path);
    if (this.unreadable.includes(path)) throw new Error('EACCES: permission denied');
    return this.files[path];
  }
}
