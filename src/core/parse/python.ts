import { Language, Node, Parser, Query, Tree } from 'web-tree-sitter';

export type { Node, Tree, Query };

/** Where the two WASM files are: file paths in Node, URLs in a browser, or their bytes. */
export interface WasmLocations {
  runtimeWasm: string | Uint8Array;
  grammarWasm: string | Uint8Array;
}

let language: Language | undefined;

/**
 * Loads the tree-sitter runtime and the Python grammar. The only module that imports
 * web-tree-sitter: two copies of it in one process corrupt WASM memory. Idempotent.
 */
export async function initPython(wasm: WasmLocations): Promise<void> {
  if (language) return;
  const runtime = wasm.runtimeWasm;
  await Parser.init(
    typeof runtime === 'string'
      ? { locateFile: () => runtime }
      : { wasmBinary: runtime },
  );
  language = await Language.load(wasm.grammarWasm);
}

/** The Python language; throws when `initPython` has not completed. */
export function pythonLanguage(): Language {
  if (!language) throw new Error('Mantra: the Python parser is used before initPython() completed');
  return language;
}

let sharedParser: Parser | undefined;

/** Parses Python source, reusing `previous` (already `edit`ed) for an incremental parse. */
export function parsePython(text: string, previous?: Tree): Tree {
  if (!sharedParser) {
    sharedParser = new Parser();
    sharedParser.setLanguage(pythonLanguage());
  }
  const tree = sharedParser.parse(text, previous ?? null);
  if (!tree) throw new Error('Mantra: tree-sitter returned no tree');
  return tree;
}

/** Compiles a query against the Python grammar; a bad pattern throws with tree-sitter's message. */
export function compileQuery(source: string): Query {
  return new Query(pythonLanguage(), source);
}
