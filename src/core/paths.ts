/**
 * Posix path helpers for the core, which may not import `path` (it runs in a browser too).
 * Every path the core handles uses `/`; a Windows drive (`C:/…`) counts as a root like `/`.
 */

/** The path with `\` turned into `/`. */
export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}

/** The root prefix of an absolute path (`/`, `C:/`, `//server/`), or '' for a relative one. */
function rootOf(p: string): string {
  const drive = /^[A-Za-z]:\//.exec(p);
  if (drive) return drive[0].toUpperCase();
  if (p.startsWith('/')) return '/';
  return '';
}

/** Whether a posix path is absolute (`/x`, `C:/x`). */
export function isAbsolute(p: string): boolean {
  return rootOf(toPosix(p)) !== '';
}

/**
 * The path with `\` turned into `/`, `.` and empty segments dropped and `..` resolved; no
 * trailing `/` (except for a bare root). `..` above an absolute root is dropped; above a relative
 * start it is kept.
 */
export function normalizePath(p: string): string {
  const posix = toPosix(p);
  const root = rootOf(posix);
  const out: string[] = [];
  for (const seg of posix.slice(root.length).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!root) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  // The drive letter is upper-cased: VS Code says `c:/ws`, Node's cwd `C:/ws`.
  return root ? root + joined : joined || '.';
}

/** The parent folder of a path (`/a/b.md` → `/a`; `/a` → `/`). */
export function dirname(p: string): string {
  const n = normalizePath(p);
  const root = rootOf(n);
  const i = n.lastIndexOf('/');
  if (i < root.length) return root || '.';
  return n.slice(0, i) || root;
}

/** The last segment of a path. */
export function basename(p: string): string {
  const n = normalizePath(p);
  return n.slice(n.lastIndexOf('/') + 1);
}

/** Joins segments with `/` and normalizes. */
export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((s) => s !== '').join('/'));
}

/** `rel` resolved against the folder `base`; an absolute `rel` is only normalized. */
export function resolvePath(base: string, rel: string): string {
  return isAbsolute(rel) ? normalizePath(rel) : joinPath(base, rel);
}

/** Whether `p` is `root` itself or below it (both normalized first). */
export function isInside(root: string, p: string): boolean {
  const r = normalizePath(root);
  const n = normalizePath(p);
  if (n === r) return true;
  return n.startsWith(r.endsWith('/') ? r : r + '/');
}

/** `p` relative to `root` with `/` (`''` when equal); undefined when `p` is not inside `root`. */
export function relativePath(root: string, p: string): string | undefined {
  const r = normalizePath(root);
  const n = normalizePath(p);
  if (!isInside(r, n)) return undefined;
  if (n === r) return '';
  return n.slice(r.endsWith('/') ? r.length : r.length + 1);
}

/** The folders from `root` down to `dir`, outer first; empty when `dir` is not inside `root`. */
export function foldersFromRoot(root: string, dir: string): string[] {
  const r = normalizePath(root);
  const rel = relativePath(r, dir);
  if (rel === undefined) return [];
  const out = [r];
  let cur = r;
  for (const seg of rel ? rel.split('/') : []) {
    cur = joinPath(cur, seg);
    out.push(cur);
  }
  return out;
}
