/**
 * The documents the client has open: their text (incremental sync) and, for Python ones, the
 * syntax tree kept in step with each change for an incremental reparse.
 */
import type { DidChangeTextDocumentParams, TextDocumentItem } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentTrees, type TextChange } from '../core/parse/documentTrees';
import { pathOfUri } from './workspace';

/** Whether the server lints a document as Python. */
export function isPython(doc: TextDocument): boolean {
  return doc.languageId === 'python';
}

/** The open documents by URI, with the trees of the Python ones. */
export class Documents {
  private readonly docs = new Map<string, TextDocument>();
  /** The URI the client uses for each open `file:` document's path. */
  private readonly uriByPath = new Map<string, string>();
  /** Owned here; keyed by URI. */
  readonly trees = new DocumentTrees();

  /** Keeps a document the client opened (a re-opened one replaces the old text and tree). */
  open(item: TextDocumentItem): TextDocument {
    const doc = TextDocument.create(item.uri, item.languageId, item.version, item.text);
    this.docs.set(item.uri, doc);
    this.trees.close(item.uri);
    const file = pathOfUri(item.uri);
    if (file !== undefined) this.uriByPath.set(file, item.uri);
    return doc;
  }

  /**
   * Applies a change event to the text and, for a Python document whose tree is kept, to the
   * tree. Each change's offsets are taken in the text the previous ones left, as the protocol
   * orders them; a change without a range replaces the whole text.
   */
  change(params: DidChangeTextDocumentParams): TextDocument {
    const doc = this.docs.get(params.textDocument.uri);
    if (!doc) throw new Error(`didChange for ${params.textDocument.uri}, which is not open`);
    const version = params.textDocument.version;
    const changes: TextChange[] = [];
    for (const c of params.contentChanges) {
      const [a, b] = 'range' in c ? [doc.offsetAt(c.range.start), doc.offsetAt(c.range.end)] : [0, doc.getText().length];
      // A range given end first is taken the right way round, as TextDocument.update takes it.
      const start = Math.min(a, b);
      const end = Math.max(a, b);
      changes.push({ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, rangeOffset: start, rangeLength: end - start, text: c.text });
      TextDocument.update(doc, [c], version);
    }
    // Text and tree.edit only: the lint decides how to parse (`LiveLints.lint`).
    if (isPython(doc)) this.trees.applyChanges(doc.uri, version, changes, 0);
    return doc;
  }

  /** Forgets a closed document and frees its tree; returns it, if it was open. */
  close(uri: string): TextDocument | undefined {
    const doc = this.docs.get(uri);
    this.docs.delete(uri);
    this.trees.close(uri);
    const file = pathOfUri(uri);
    if (file !== undefined && this.uriByPath.get(file) === uri) this.uriByPath.delete(file);
    return doc;
  }

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }

  all(): TextDocument[] {
    return [...this.docs.values()];
  }

  /** The open document at an absolute posix path, if any. */
  atPath(file: string): TextDocument | undefined {
    const uri = this.uriByPath.get(file);
    return uri === undefined ? undefined : this.docs.get(uri);
  }

  dispose(): void {
    this.trees.dispose();
  }
}
