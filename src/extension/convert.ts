/**
 * The one place where the core's types become VS Code's and back. Core ranges, tree-sitter
 * columns and `vscode.Position` all count UTF-16 code units, so positions map one to one.
 */
import * as vscode from 'vscode';
import { ruleDocsUrl } from '../core/docs';
import type { Edit, Finding, Fix, GuidelineSource, Range, Severity } from '../core/finding';

export const SOURCE = 'mantra';


const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromRange(r: vscode.Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  return SEVERITY[s];
}

/** The documentation of a rule: the target of a diagnostic's code. */
export function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(ruleDocsUrl(ruleId));
}

/** Where a core path (absolute posix, or relative to the workspace folder) is, as a Uri. */
export type UriOf = (file: string) => vscode.Uri;

/** The guideline sentence's line in its file: what "Show the guideline" opens. */
export function guidelineLocation(source: GuidelineSource, uriOf: UriOf): vscode.Location {
  return new vscode.Location(uriOf(source.file), new vscode.Range(source.line, 0, source.line, 0));
}

/**
 * A finding as a diagnostic: `source` mantra, the rule id as code with its docs, related
 * information pointing at the guideline sentence that asked for the rule (and the finding's own
 * related locations, in `uri` unless they name a file).
 */
export function toDiagnostic(f: Finding, uri: vscode.Uri, uriOf: UriOf): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, toSeverity(f.severity));
  d.source = SOURCE;
  d.code = { value: f.ruleId, target: ruleDocsUri(f.ruleId) };
  const related: vscode.DiagnosticRelatedInformation[] = [];
  if (f.guideline) related.push(new vscode.DiagnosticRelatedInformation(guidelineLocation(f.guideline, uriOf), `Guideline: ${f.guideline.text}`));
  for (const r of f.related ?? []) {
    related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(r.file ? uriOf(r.file) : uri, toRange(r.range)), r.message));
  }
  if (related.length) d.relatedInformation = related;
  return d;
}

/** The rule id of a Mantra diagnostic, or undefined for another source's. */
export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== SOURCE) return undefined;
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** A core edit (UTF-16 offsets into the text of `document`'s current version) as a TextEdit. */
export function toTextEdit(document: vscode.TextDocument, e: Edit): vscode.TextEdit {
  return new vscode.TextEdit(new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text);
}

/** A plain (non-snippet) fix as a WorkspaceEdit on `document`. */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly Edit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  we.set(document.uri, edits.map((e) => toTextEdit(document, e)));
  return we;
}

/** A snippet fix's single edit as the range it replaces and the snippet to insert there. */
export function toSnippet(document: vscode.TextDocument, fix: Fix): { range: vscode.Range; snippet: vscode.SnippetString } {
  if (!fix.snippet || fix.edits.length !== 1) throw new Error(`Mantra: the fix "${fix.title}" is not a single-edit snippet`);
  const e = fix.edits[0];
  return { range: new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), snippet: new vscode.SnippetString(e.text) };
}

