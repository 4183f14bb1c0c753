/**
 * Where files are: the workspace roots the client named, URIs to the core's absolute posix paths
 * and back, and the root that governs a file (as the extension and the CLI choose it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { InitializeParams, WorkspaceFolder } from 'vscode-languageserver/node';
import { basename, dirname, isInside, joinPath, relativePath } from '../core/paths';
import { absPosix } from '../cli/host';

export interface Root {
  /** As the client spells it (its percent-encoding kept, so URIs built below it match the client's). */
  uri: string;
  /** Absolute posix path. */
  path: string;
}

/** The absolute posix path of a `file:` URI; undefined for any other scheme. */
export function pathOfUri(uri: string): string | undefined {
  return uri.startsWith('file:') ? absPosix(fileURLToPath(uri)) : undefined;
}

/** The root URIs of an `initialize` request: its workspace folders, else its root URI or path. */
export function rootUrisOf(params: InitializeParams): string[] {
  if (params.workspaceFolders?.length) return params.workspaceFolders.map((f) => f.uri);
  if (params.rootUri) return [params.rootUri];
  if (params.rootPath) return [pathToFileURL(params.rootPath).href];
  return [];
}

/** The folder of a file outside every root, as the CLI takes it: the nearest folder holding `.git`, else the file's own. */
function rootOutside(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (dirname(d) === d) return dir;
  }
}

/** The workspace roots the client named, and the locations of files relative to them. */
export class Workspace {
  private roots: Root[] = [];

  /** Replaces the roots; only `file:` folders count (the core reads guideline files from disk). */
  setRoots(uris: readonly string[]): void {
    this.roots = uris.flatMap((uri) => {
      const p = pathOfUri(uri);
      return p === undefined ? [] : [{ uri: uri.replace(/\/+$/, ''), path: p }];
    });
  }

  /** Applies a `workspace/didChangeWorkspaceFolders` event. */
  changeRoots(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.flatMap((f) => pathOfUri(f.uri) ?? []));
    const kept = this.roots.filter((r) => !gone.has(r.path)).map((r) => r.uri);
    this.setRoots([...kept, ...added.map((f) => f.uri)]);
  }

  /** The deepest root holding `file`, else the root the CLI would take for it. */
  rootOf(file: string): string {
    const holding = this.roots.filter((r) => isInside(r.path, file)).sort((a, b) => b.path.length - a.path.length);
    return holding[0]?.path ?? rootOutside(dirname(file));
  }

  /**
   * Root and path of a document: a `file:` URI's own; an untitled buffer is taken to be in the
   * first root (else the server's folder). Undefined for other schemes (a diff's old side, a
   * virtual file): they are not the user's files on disk.
   */
  locate(uri: string): { root: string; path: string } | undefined {
    const file = pathOfUri(uri);
    if (file !== undefined) return { root: this.rootOf(file), path: file };
    if (!uri.startsWith('untitled:')) return undefined;
    const root = this.roots[0]?.path ?? absPosix(process.cwd());
    return { root, path: joinPath(root, basename(decodeURIComponent(uri.slice('untitled:'.length)))) };
  }

  /** The URI of an absolute posix path: below the root that holds it in the client's spelling, else Node's. */
  uriOf(file: string): string {
    const root = this.roots.find((r) => isInside(r.path, file));
    const rel = root && relativePath(root.path, file);
    if (root && rel !== undefined) return rel === '' ? root.uri : `${root.uri}/${rel.split('/').map(encodeURIComponent).join('/')}`;
    return pathToFileURL(file).href;
  }
}
