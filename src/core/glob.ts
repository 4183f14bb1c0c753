/**
 * Glob matching for scopes (front matter `paths:` / `globs:` / `applyTo:`, and the globs that
 * scope wording becomes). picomatch's posix build: no Node built-ins, so it runs in a browser.
 *
 * Semantics, as guideline files use them (gitignore-like):
 *  - a pattern without `/` matches the last segment anywhere (`test_*.py`, `conftest.py`, `*.ipynb`);
 *  - a pattern with `/` matches the path from the base folder (`tests/**`, `src/**\/*.py`); a
 *    leading `/` or `./` anchors it there too;
 *  - a trailing `/` (`experiments/`) and a plain folder path without a glob character or an
 *    extension (`src/models`) mean everything below it.
 */
import picomatch from 'picomatch/posix';
import { basename, relativePath } from './paths';

/** Tests: the folders and file names pytest and unittest collect (RULES.md § Scope). */
export const TEST_GLOBS: readonly string[] = ['tests/**', 'test/**', '**/tests/**', '**/test/**', 'test_*.py', '*_test.py', 'conftest.py'];
/** Notebooks: `.ipynb` files and `notebooks/` folders. */
export const NOTEBOOK_GLOBS: readonly string[] = ['*.ipynb', 'notebooks/**', '**/notebooks/**'];
/** Scripts: `scripts/` folders. */
export const SCRIPT_GLOBS: readonly string[] = ['scripts/**', '**/scripts/**'];

type Matcher = (path: string) => boolean;

const compiled = new Map<string, Matcher>();
const GLOB_CHARS = /[*?[\]{}!]/;

/** A pattern as picomatch reads it, and whether it matches the last segment only. */
function normalizeGlob(pattern: string): { glob: string; base: boolean }[] {
  let p = pattern.trim().replace(/\\/g, '/');
  if (p.startsWith('./')) p = p.slice(2);
  const anchored = p.startsWith('/');
  if (anchored) p = p.slice(1);
  if (p === '' || p === '.') return [{ glob: '**', base: false }];
  if (p.endsWith('/')) return [{ glob: `${p}**`, base: false }];
  if (!anchored && !p.includes('/')) {
    // A bare folder name ("notebooks") is also a folder anywhere; a bare file name is a file.
    return GLOB_CHARS.test(p) || p.includes('.') ? [{ glob: p, base: true }] : [{ glob: p, base: true }, { glob: `**/${p}/**`, base: false }];
  }
  const last = p.slice(p.lastIndexOf('/') + 1);
  if (!GLOB_CHARS.test(p) && !last.includes('.')) return [{ glob: p, base: false }, { glob: `${p}/**`, base: false }];
  return [{ glob: p, base: false }];
}

/** A matcher for a list of globs (any may match), compiled once per list. */
export function globMatcher(globs: readonly string[]): Matcher {
  const key = globs.join('\0');
  let m = compiled.get(key);
  if (m) return m;
  const parts = globs.flatMap(normalizeGlob);
  const onBase = parts.filter((p) => p.base).map((p) => p.glob);
  const onPath = parts.filter((p) => !p.base).map((p) => p.glob);
  const opts = { dot: true };
  const baseMatch = onBase.length ? picomatch(onBase, opts) : undefined;
  const pathMatch = onPath.length ? picomatch(onPath, opts) : undefined;
  m = (path: string) => (baseMatch !== undefined && baseMatch(basename(path))) || (pathMatch !== undefined && pathMatch(path));
  if (compiled.size > 1000) compiled.clear();
  compiled.set(key, m);
  return m;
}

/** Whether a relative `/` path matches any of the globs. */
export function matchesGlobs(path: string, globs: readonly string[]): boolean {
  return globs.length > 0 && globMatcher(globs)(path);
}

/** Whether a workspace-relative path is a test file or lies in a test folder. */
export function isTestPath(path: string): boolean {
  return matchesGlobs(path, TEST_GLOBS);
}

/**
 * Where a guideline holds: `include` (any may match; absent: everywhere) minus `exclude`, with
 * globs relative to `base` (an absolute posix folder). A path outside `base` is outside the scope.
 */
export interface PathScope {
  base: string;
  include?: readonly string[];
  exclude?: readonly string[];
}

/** Whether an absolute posix path is inside a scope. */
export function inScope(absPath: string, scope: PathScope): boolean {
  const rel = relativePath(scope.base, absPath);
  if (rel === undefined) return false;
  if (scope.include && scope.include.length > 0 && !matchesGlobs(rel, scope.include)) return false;
  if (scope.exclude && scope.exclude.length > 0 && matchesGlobs(rel, scope.exclude)) return false;
  return true;
}
