import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { changedLinesFromDiff, type LineRange } from '../core/diff';

/** Runs git in `cwd`; returns stdout, or undefined when git fails (not a repository, no HEAD). */
function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    // git's own exit status is the answer here ("not a repository", "unknown revision").
    if ((e as { status?: number }).status !== undefined) return undefined;
    throw e;
  }
}

/** The top folder of the git work tree holding `dir`, or undefined outside one. */
export function gitRoot(dir: string): string | undefined {
  return git(dir, ['rev-parse', '--show-toplevel'])?.trim();
}

/**
 * Lines changed against `base` in the work tree, per absolute path. Files git does not track
 * (new files) map to `'all'`. Undefined when `base` does not resolve (a repository with no commit).
 */
export function changedLines(root: string, base: string, only?: string): Map<string, LineRange[] | 'all'> | undefined {
  if (git(root, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]) === undefined) return undefined;
  const scope = only ? ['--', path.relative(root, only)] : [];
  const diff = git(root, ['diff', '-U0', '--no-color', '--no-ext-diff', '--relative', base, ...scope]);
  if (diff === undefined) throw new Error(`git diff ${base} failed in ${root}`);
  const out = new Map<string, LineRange[] | 'all'>();
  for (const [file, ranges] of changedLinesFromDiff(diff)) out.set(path.join(root, file), ranges);
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z', ...scope]) ?? '';
  for (const file of untracked.split('\0').filter(Boolean)) out.set(path.join(root, file), 'all');
  return out;
}
