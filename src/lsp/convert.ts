/**
 * The one place where the core's types become the protocol's. Core ranges and LSP positions both
 * count UTF-16 code units (the server announces `utf-16`), so positions map one to one.
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range as LspRange, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from '../core/docs';
import type { Edit, Finding, Range, Severity } from '../core/finding';

export const SOURCE = 'mantra';


const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Resolves the core's paths (absolute posix) to URIs. */
export type UriOf = (file: string) => string;

/** The documentation of a rule: the target of a diagnostic's code. */
export function ruleDocsUri(ruleId: string): string {
  return ruleDocsUrl(ruleId);
}

/**
 * A finding as a diagnostic: `source` mantra, the rule id as code with its docs, related
 * information pointing at the guideline sentence that asked for the rule (and the finding's own
 * related locations, in `uri` unless they name a file).
 */
export function toDiagnostic(f: Finding, uri: string, uriOf: UriOf): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  if (f.guideline) {
    const at = { line: f.guideline.line, character: 0 };
    related.push({ location: { uri: uriOf(f.guideline.file), range: { start: at, end: at } }, message: `Guideline: ${f.guideline.text}` });
  }
  for (const r of f.related ?? []) related.push({ location: { uri: r.file ? uriOf(r.file) : uri, range: r.range }, message: r.message });
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: ruleDocsUri(f.ruleId) },
    source: SOURCE,
    message: f.message,
    ...(related.length ? { relatedInformation: related } : {}),
  };
}

/** A core edit (UTF-16 offsets into `doc`'s current text) as a TextEdit. */
export function toTextEdit(doc: TextDocument, e: Edit): TextEdit {
  return { range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text };
}

/** Whether two ranges share a point (touching counts, as for a cursor at a squiggle's end). */
export function rangesTouch(a: Range | LspRange, b: Range | LspRange): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * The text a snippet inserts when the client cannot take snippets: each placeholder's default
 * (`${1:dims}` → `dims`), tab stops (`$1`, `${2}`) dropped, escapes (`\$`, `\}`, `\\`) undone.
 */
export function snippetToText(snippet: string): string {
  let out = '';
  let open = 0;
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      out += snippet[++i];
    } else if (c === '$') {
      const stop = /^(?:\d+|\{\d+\})/.exec(snippet.slice(i + 1));
      const placeholder = /^\{\d+:/.exec(snippet.slice(i + 1));
      if (placeholder) {
        open++;
        i += placeholder[0].length;
      } else if (stop) {
        i += stop[0].length;
      } else {
        out += c;
      }
    } else if (c === '}' && open > 0) {
      open--;
    } else {
      out += c;
    }
  }
  return out;
}
