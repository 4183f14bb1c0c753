import { Language, Node, Parser, Query, Tree, type ParseOptions } from 'web-tree-sitter';

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
  // Callers that overlap share one load: a second Parser.init would replace the runtime under the first.
  loading ??= (async () => {
    const runtime = wasm.runtimeWasm;
    await Parser.init(typeof runtime === 'string' ? { locateFile: () => runtime } : { wasmBinary: runtime });
    return Language.load(wasm.grammarWasm);
  })();
  language = await loading;
}

let loading: Promise<Language> | undefined;

/** The Python language; throws when `initPython` has not completed. */
export function pythonLanguage(): Language {
  if (!language) throw new Error('Mantra: the Python parser is used before initPython() completed');
  return language;
}

let sharedParser: Parser | undefined;

/**
 * UTF-16 code units handed to tree-sitter per read while parsing. web-tree-sitter copies every
 * chunk its input returns into WASM memory (up to 5,000 code units for a string input), and an
 * incremental parse reads at each place it lexes again: small chunks halve the cost of a
 * reparse after a keystroke (0.75 ms against 1.4 ms at the median on a 5,000-line file) and
 * leave a full parse as fast.
 */
const CHUNK = 128;

/** Parses Python source, reusing `previous` (already `edit`ed) for an incremental parse. */
export function parsePython(text: string, previous?: Tree): Tree {
  const tree = parseWith(text, previous ?? null, undefined);
  if (!tree) throw new Error('Mantra: tree-sitter returned no tree');
  return tree;
}

/**
 * Like `parsePython`, but gives up, returning undefined, once `performance.now()` passes
 * `deadline`. `previous` is left as it was; the next `parsePython` of the same text with the same
 * `previous` resumes the parse where it stopped, any other parse starts afresh.
 */
export function parsePythonUnlessSlow(text: string, previous: Tree, deadline: number): Tree | undefined {
  return parseWith(text, previous, { progressCallback: () => performance.now() > deadline });
}

/**
 * Parses only some parts of `text` as one document, as tree-sitter parses the parts of a
 * document it is told to include: `parts` are sorted, disjoint `[start, end)` offsets of whole
 * lines (each start at a line start), the first at row `startRow`. The nodes keep their offsets
 * and positions in the whole text.
 */
export function parsePythonRanges(text: string, parts: ReadonlyArray<readonly [number, number]>, startRow: number): Tree {
  let row = startRow;
  let offset = parts[0]![0];
  let lineStart = offset;
  // Rows counted once, forward, through the parts and the gaps between them.
  const at = (target: number) => {
    for (let i = text.indexOf('\n', offset); i !== -1 && i < target; i = text.indexOf('\n', i + 1)) {
      row++;
      lineStart = i + 1;
    }
    offset = target;
    return { row, column: target - lineStart };
  };
  const includedRanges = parts.map(([start, end]) => {
    const startPosition = at(start);
    return { startIndex: start, endIndex: end, startPosition, endPosition: at(end) };
  });
  const tree = parseWith(text, null, { includedRanges });
  if (!tree) throw new Error('Mantra: tree-sitter returned no tree');
  return tree;
}

/** The parse the shared parser gave up on: tree-sitter resumes it at the next parse unless the parser is reset. */
let suspended: { text: string; previous: Tree | null } | undefined;

function parseWith(text: string, previous: Tree | null, options: ParseOptions | undefined): Tree | undefined {
  if (!sharedParser) {
    sharedParser = new Parser();
    sharedParser.setLanguage(pythonLanguage());
  }
  if (suspended && (suspended.text !== text || suspended.previous !== previous || options?.includedRanges)) sharedParser.reset();
  suspended = undefined;
  // The same function gives node texts once the parse is done: then in one slice, not in chunks.
  let parsing = true;
  const input = (index: number): string => {
    if (!parsing) return text.slice(index);
    // Never end a chunk between the two halves of a surrogate pair: tree-sitter decodes each chunk on its own.
    const end = index + CHUNK;
    const high = text.charCodeAt(end - 1);
    return text.slice(index, high >= 0xd800 && high <= 0xdbff ? end + 1 : end);
  };
  const tree = sharedParser.parse(input, previous, options);
  parsing = false;
  if (!tree) {
    suspended = { text, previous };
    return undefined;
  }
  return tree;
}

/** Compiles a query against the Python grammar; a bad pattern throws with tree-sitter's message. */
export function compileQuery(source: string): Query {
  return new Query(pythonLanguage(), source);
}
