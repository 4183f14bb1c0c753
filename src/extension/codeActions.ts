/**
 * Quick fixes for Mantra diagnostics: each core fix, "Disable <rule> for this line / for the
 * entire file", "Show the guideline", and `source.fixAll.mantra` for `editor.codeActionsOnSave`.
 */
import * as vscode from 'vscode';
import { disableForFile, disableForLine } from '../core/disable';
import type { Finding, GuidelineSource } from '../core/finding';
import { minimalEdit } from '../core/fix';
import { fixText } from '../core/lintText';
import { ruleIdOf, toRange, toSnippet, toWorkspaceEdit } from './convert';
import type { Diagnostics, LintState } from './diagnostics';
import type { Log } from './log';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('mantra');
export const SNIPPET_COMMAND = 'mantra.applySnippetFix';
export const SHOW_GUIDELINE_COMMAND = 'mantra.showGuideline';

export class CodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly diagnostics: Diagnostics,
    private readonly log: Log,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    try {
      const state = await this.diagnostics.fresh(document);
      if (!state || state.version !== document.version) return [];
      const actions: vscode.CodeAction[] = [];
      if (context.only?.contains(FIX_ALL_KIND)) {
        const fixAll = this.fixAll(document, state);
        if (fixAll) actions.push(fixAll);
      }
      if (!context.only || context.only.contains(vscode.CodeActionKind.QuickFix)) actions.push(...this.quickFixes(document, range, context, state));
      return actions;
    } catch (e) {
      // The provider's boundary: VS Code would drop the error silently.
      this.log.failure('Computing quick fixes failed', e);
      return [];
    }
  }

  private quickFixes(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, state: LintState): vscode.CodeAction[] {
    const text = document.getText();
    // Only for problems the user sees: a finding whose diagnostic VS Code passes for this range.
    const here = state.findings.flatMap((f) => {
      if (toRange(f.range).intersection(range) === undefined) return [];
      const diagnostic = diagnosticOf(f, context);
      return diagnostic ? [{ f, diagnostic }] : [];
    });
    const fixes: vscode.CodeAction[] = [];
    const disables: vscode.CodeAction[] = [];
    const guidelines: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const { f, diagnostic } of here) {
      if (f.fix) fixes.push(this.fixAction(document, f, diagnostic));
      const lineKey = `line\0${f.ruleId}\0${f.range.start.line}`;
      const lineEdit = !seen.has(lineKey) && disableForLine(text, f.range.start.line, f.ruleId);
      if (lineEdit) {
        seen.add(lineKey);
        const a = new vscode.CodeAction(`Disable ${f.ruleId} for this line`, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(document, [lineEdit]);
        a.diagnostics = [diagnostic];
        disables.push(a);
      }
      const fileKey = `file\0${f.ruleId}`;
      const fileEdit = !seen.has(fileKey) && disableForFile(text, f.ruleId);
      if (fileEdit) {
        seen.add(fileKey);
        const a = new vscode.CodeAction(`Disable ${f.ruleId} for the entire file`, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(document, [fileEdit]);
        a.diagnostics = [diagnostic];
        disables.push(a);
      }
      const guideKey = `guide\0${f.ruleId}`;
      if (f.guideline && !seen.has(guideKey)) {
        seen.add(guideKey);
        const a = new vscode.CodeAction(`Show the guideline for ${f.ruleId}`, vscode.CodeActionKind.QuickFix);
        a.command = { title: a.title, command: SHOW_GUIDELINE_COMMAND, arguments: [state.rules.uriOf(f.guideline.file).toString(), f.guideline] };
        a.diagnostics = [diagnostic];
        guidelines.push(a);
      }
    }
    return [...fixes, ...disables, ...guidelines];
  }

  /** The core fix as an action: a WorkspaceEdit, or for a snippet the command that inserts it with tab stops. */
  private fixAction(document: vscode.TextDocument, f: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction {
    const fix = f.fix!;
    const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    a.diagnostics = [diagnostic];
    a.isPreferred = true;
    if (fix.snippet) {
      // WorkspaceEdit cannot carry a SnippetString in VS Code 1.99: an editor inserts it instead.
      const e = fix.edits[0];
      a.command = { title: fix.title, command: SNIPPET_COMMAND, arguments: [document.uri.toString(), document.version, e.start, e.end, e.text] };
    } else {
      a.edit = toWorkspaceEdit(document, fix.edits);
    }
    return a;
  }

  /** Every safe fix, applied until none is left, as one edit. */
  private fixAll(document: vscode.TextDocument, state: LintState): vscode.CodeAction | undefined {
    if (!state.findings.some((f) => f.fix?.safe)) return undefined;
    const before = document.getText();
    const { text: after } = fixText(before, state.rules.path, state.rules.rules);
    const edit = minimalEdit(before, after);
    if (!edit) return undefined;
    const a = new vscode.CodeAction('Fix all safe Mantra problems', FIX_ALL_KIND);
    a.edit = toWorkspaceEdit(document, [edit]);
    return a;
  }

}

/** The diagnostic VS Code passed for this finding, if it is among them. */
function diagnosticOf(f: Finding, context: vscode.CodeActionContext): vscode.Diagnostic | undefined {
  const range = toRange(f.range);
  return context.diagnostics.find((d) => ruleIdOf(d) === f.ruleId && d.range.isEqual(range) && d.message === f.message);
}

/** `mantra.applySnippetFix`: inserts a snippet fix in an editor, so its tab stops work. */
export async function applySnippetFix(uri: string, version: number, start: number, end: number, text: string): Promise<boolean> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)));
  if (document.version !== version) {
    void vscode.window.showWarningMessage('Mantra: the file changed since the quick fix was computed; ask for it again.');
    return false;
  }
  const editor = await vscode.window.showTextDocument(document);
  const { range, snippet } = toSnippet(document, { title: '', edits: [{ start, end, text }], safe: false, snippet: true });
  // keepWhitespace: the core already wrote the indentation; VS Code would add the line's again.
  return editor.insertSnippet(snippet, range, { undoStopBefore: true, undoStopAfter: true, keepWhitespace: true });
}

/** `mantra.showGuideline`: opens the guideline file with the sentence selected. */
export async function showGuideline(uri: string, source: GuidelineSource): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const line = Math.min(source.line, document.lineCount - 1);
  const lineText = document.lineAt(line);
  const at = lineText.text.indexOf(source.text);
  const selection =
    at >= 0
      ? new vscode.Selection(line, at, line, at + source.text.length)
      : new vscode.Selection(line, lineText.firstNonWhitespaceCharacterIndex, line, lineText.text.length);
  return vscode.window.showTextDocument(document, { selection, preview: true });
}
