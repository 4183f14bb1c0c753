import * as fs from 'node:fs';
import * as path from 'node:path';
import { initPython } from '../core/parse/python';

/**
 * Reads guideline files and lists rules folders from disk for the core: undefined when absent, an
 * error when unreadable. Synchronous underneath: an audit asks for thousands of small files and
 * folders, and each asynchronous read waited for a thread of libuv's pool (0.4 s of 1 s idle in a
 * cached re-audit of 1,214 files).
 */
export const diskHost = {
  async readText(file: string): Promise<string | undefined> {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  /** A folder's entries, sub-folders with a trailing `/`; undefined when it is absent; an error when unreadable. */
  async list(dir: string): Promise<string[] | undefined> {
    try {
      const entries = fs.readdirSync(dir, { withFileTypes: true });
      return entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
};

/** Loads the parser from the WASM files shipped beside the bundled CLI (dist/). */
export async function initParserBesideBundle(): Promise<void> {
  const runtimeWasm = path.join(__dirname, 'tree-sitter.wasm');
  const grammarWasm = path.join(__dirname, 'tree-sitter-python.wasm');
  for (const f of [runtimeWasm, grammarWasm]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run the CLI from its bundle (npm run build), which copies the WASM files beside it`);
  }
  await initPython({ runtimeWasm, grammarWasm });
}

/** A path relative to `root` with `/` separators. */
export function relPosix(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** An absolute path with `/` separators, as the core expects. */
export function absPosix(p: string): string {
  return path.resolve(p).split(path.sep).join('/');
}
