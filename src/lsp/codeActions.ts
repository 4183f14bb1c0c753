/**
 * Code actions for Mantra diagnostics: each core fix, "Disable <rule> for this line / for the
 * entire file", and `source.fixAll.mantra` (every safe fix, for code-actions-on-save).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type SnippetTextEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { disableForFile, disableForLine } from '../core/disable';
import type { Edit, FileFinding, Finding, Fix } from '../core/finding';
import { minimalEdit } from '../core/fix';
import { fixText } from '../core/lintText';
import { rangesTouch, snippetToText, SOURCE, toDiagnostic, toTextEdit, type UriOf } from './convert';
import type { LintState } from './linter';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mantra`;

/** What the client's workspace edits can carry. */
export interface EditSupport {
  /** `documentChanges`: edits pinned to the document version they were computed for. */
  versioned: boolean;
  /** `SnippetTextEdit`s (LSP 3.18), so a snippet fix keeps its tab stops. */
  snippets: boolean;
}

/** Whether an action of `kind` answers a request for `only` (absent: every kind). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** The code actions for a range of a linted document version. */
export function codeActions(doc: TextDocument, params: CodeActionParams, state: LintState, support: EditSupport, uriOf: UriOf): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wanted(only, CodeActionKind.QuickFix)) actions.push(...quickFixes(doc, params, state, support, uriOf));
  if (wanted(only, FIX_ALL_KIND)) {
    const all = fixAll(doc, state, support);
    if (all) actions.push(all);
  }
  return actions;
}

/** The fixes of a guideline file's problems (a misspelt rule id in a ```mantra block) for a range of it. */
export function guidelineActions(doc: TextDocument, params: CodeActionParams, problems: readonly FileFinding[], support: EditSupport, uriOf: UriOf): CodeAction[] {
  if (!wanted(params.context.only, CodeActionKind.QuickFix)) return [];
  return problems.flatMap((p) =>
    p.fix && rangesTouch(p.range, params.range)
      ? [{ title: p.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [toDiagnostic(p, doc.uri, uriOf)], isPreferred: true, edit: fixEdit(doc, p.fix, support) }]
      : [],
  );
}

function quickFixes(doc: TextDocument, params: CodeActionParams, state: LintState, support: EditSupport, uriOf: UriOf): CodeAction[] {
  const text = doc.getText();
  const sent = params.context.diagnostics.filter((d) => d.source === SOURCE);
  // Only for problems the user sees: the client's diagnostics for this range, when it sent any of ours.
  const here = state.findings.flatMap((f) => {
    if (!rangesTouch(f.range, params.range)) return [];
    const own = toDiagnostic(f, doc.uri, uriOf);
    if (sent.length === 0) return [{ f, diagnostic: own }];
    const diagnostic = sent.find((d) => String(d.code) === f.ruleId && d.message === f.message && sameRange(d, f));
    return diagnostic ? [{ f, diagnostic }] : [];
  });
  const fixes: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const seen = new Set<string>();
  const add = (key: string, edit: Edit | undefined, title: string, diagnostic: Diagnostic) => {
    if (seen.has(key) || !edit) return;
    seen.add(key);
    disables.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(doc, [toTextEdit(doc, edit)], support) });
  };
  for (const { f, diagnostic } of here) {
    if (f.fix) fixes.push({ title: f.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: fixEdit(doc, f.fix, support) });
    add(`line\0${f.ruleId}\0${f.range.start.line}`, disableForLine(text, f.range.start.line, f.ruleId), `Disable ${f.ruleId} for this line`, diagnostic);
    add(`file\0${f.ruleId}`, disableForFile(text, f.ruleId), `Disable ${f.ruleId} for the entire file`, diagnostic);
  }
  return [...fixes, ...disables];
}

function sameRange(d: Diagnostic, f: Finding): boolean {
  const a = d.range;
  const b = f.range;
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** A core fix as a workspace edit; a snippet keeps its tab stops where the client takes snippets, else becomes its plain text. */
function fixEdit(doc: TextDocument, fix: Fix, support: EditSupport): WorkspaceEdit {
  if (!fix.snippet) return workspaceEdit(doc, fix.edits.map((e) => toTextEdit(doc, e)), support);
  if (support.snippets && support.versioned) {
    const edits: SnippetTextEdit[] = fix.edits.map((e) => {
      const { range } = toTextEdit(doc, e);
      return { range, snippet: { kind: 'snippet', value: e.text } };
    });
    return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
  }
  return workspaceEdit(doc, fix.edits.map((e) => toTextEdit(doc, { ...e, text: snippetToText(e.text) })), support);
}

function workspaceEdit(doc: TextDocument, edits: TextEdit[], support: EditSupport): WorkspaceEdit {
  return support.versioned ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] } : { changes: { [doc.uri]: edits } };
}

/** Every safe fix, applied until none is left, as one edit. */
function fixAll(doc: TextDocument, state: LintState, support: EditSupport): CodeAction | undefined {
  if (!state.findings.some((f) => f.fix?.safe)) return undefined;
  const before = doc.getText();
  const edit = minimalEdit(before, fixText(before, state.rules.path, state.rules.rules).text);
  if (!edit) return undefined;
  return { title: 'Fix all safe Mantra problems', kind: FIX_ALL_KIND, edit: workspaceEdit(doc, [toTextEdit(doc, edit)], support) };
}
