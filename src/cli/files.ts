import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache']);

/** The workspace root of a path: the nearest folder holding `.git`, else the path's own folder. */
export function findRoot(start: string): string {
  const abs = path.resolve(start);
  const first = fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
  for (let dir = first; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return first;
  }
}

/** `.gitignore` rules from the root down to `dir`, each applied relative to the root. */
class GitIgnores {
  private readonly perDir = new Map<string, Ignore | null>();

  constructor(private readonly root: string) {}

  ignored(abs: string, isDir: boolean): boolean {
    const rel = path.relative(this.root, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) return false;
    for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
      const ig = this.load(dir);
      if (ig) {
        const local = path.relative(dir, abs).split(path.sep).join('/');
        if (ig.ignores(isDir ? local + '/' : local)) return true;
      }
      if (dir === this.root || path.dirname(dir) === dir) return false;
    }
  }

  private load(dir: string): Ignore | null {
    if (this.perDir.has(dir)) return this.perDir.get(dir)!;
    const file = path.join(dir, '.gitignore');
    const ig = fs.existsSync(file) ? ignore().add(fs.readFileSync(file, 'utf8')) : null;
    this.perDir.set(dir, ig);
    return ig;
  }
}

/**
 * Every `.py` and `.ipynb` file under the given paths, sorted, skipping `.gitignore`d paths, virtualenvs and
 * caches, and files matching `exclude` globs (relative to the root). A path named explicitly is
 * always linted.
 */
export function listPythonFiles(root: string, paths: string[], exclude: string[] = []): string[] {
  const gitignores = new GitIgnores(root);
  const excluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  const relOf = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || gitignores.ignored(abs, true) || excluded(relOf(abs))) continue;
        walk(abs);
      } else if (entry.isFile() && (entry.name.endsWith('.py') || entry.name.endsWith('.ipynb'))) {
        if (gitignores.ignored(abs, false) || excluded(relOf(abs))) continue;
        out.add(abs);
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    const stat = fs.statSync(abs);
    if (stat.isDirectory()) walk(abs);
    else out.add(abs);
  }
  return [...out].sort();
}
