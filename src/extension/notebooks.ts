/**
 * Jupyter notebooks: the Python code cells of each open notebook are linted as one module (an
 * import in one cell serves the others), each finding lands in its cell's document, and quick
 * fixes edit that cell. Cell documents stay out of the per-file lint (diagnostics.ts).
 */
import * as vscode from 'vscode';
import { disableForFile, disableForLine } from '../core/disable';
import type { Finding } from '../core/finding';
import { lintCells, type CellFinding, type NotebookModule } from '../core/notebookModule';
import { SHOW_GUIDELINE_COMMAND, SNIPPET_COMMAND } from './codeActions';
import { ruleIdOf, toDiagnostic, toRange, toWorkspaceEdit } from './convert';
import type { FileRules, GuidelineFiles } from './guidelineFiles';
import type { Log } from './log';
import { settingsFor } from './settings';
import { KeyedTimers } from './timers';

const NOTEBOOK_TYPE = 'jupyter-notebook';
/** Notebooks that are not the user's to edit: old versions in a diff, review comments. */
const SKIPPED_SCHEMES = new Set(['git', 'vscode-scm', 'review']);

/** The findings of one state of a notebook's Python cells. */
interface NotebookLint {
  /** The cells' URIs and versions when linted: the findings hold while it is unchanged. */
  signature: string;
  module: NotebookModule;
  findings: CellFinding[];
  rules: FileRules;
}

/** The code cells Mantra lints: Python ones. */
function pythonCells(notebook: vscode.NotebookDocument): vscode.NotebookCell[] {
  return notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
}

const signatureOf = (cells: readonly vscode.NotebookCell[]) => cells.map((c) => `${c.document.uri.toString()}@${c.document.version}`).join('|');

/** The notebook a cell document belongs to. */
function notebookOf(cell: vscode.TextDocument): vscode.NotebookDocument | undefined {
  const key = cell.uri.toString();
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document.uri.toString() === key));
}

export class Notebooks implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  readonly collection = vscode.languages.createDiagnosticCollection('mantra-notebooks');
  private readonly states = new Map<string, NotebookLint>();
  /** The cell URIs each notebook's diagnostics were published on, to clear them when cells go. */
  private readonly published = new Map<string, string[]>();
  private readonly timers = new KeyedTimers();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly parserReady: Promise<void>,
    private readonly guidelines: GuidelineFiles,
    private readonly log: Log,
  ) {
    const w = vscode.workspace;
    this.disposables.push(
      this.collection,
      vscode.languages.registerCodeActionsProvider({ scheme: 'vscode-notebook-cell', language: 'python' }, this, Notebooks.metadata),
      w.onDidOpenNotebookDocument((nb) => this.schedule(nb, 0)),
      w.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length === 0 && !e.cellChanges.some((c) => c.document)) return;
        const s = settingsFor(e.notebook.uri);
        if (s.run === 'onType') this.schedule(e.notebook, s.debounce);
      }),
      w.onDidSaveNotebookDocument((nb) => {
        if (!this.current(nb)) this.schedule(nb, 0);
      }),
      w.onDidCloseNotebookDocument((nb) => this.forget(nb.uri)),
      this.guidelines.onDidChange(() => this.relintAll()),
    );
    this.relintAll();
  }

  private relintAll(): void {
    for (const nb of vscode.workspace.notebookDocuments) this.schedule(nb, 0);
  }

  private schedule(notebook: vscode.NotebookDocument, delay: number): void {
    if (notebook.notebookType !== NOTEBOOK_TYPE || SKIPPED_SCHEMES.has(notebook.uri.scheme)) return;
    this.timers.set(notebook.uri.toString(), delay, () => {
      // The boundary of an event-driven lint: report the failure, keep the extension running.
      this.lint(notebook).catch((e) => this.log.failure(`Linting ${vscode.workspace.asRelativePath(notebook.uri)} failed`, e));
    });
  }

  /** The findings of the notebook's current cells, if linted since their last change. */
  private current(notebook: vscode.NotebookDocument): NotebookLint | undefined {
    const s = this.states.get(notebook.uri.toString());
    return s && s.signature === signatureOf(pythonCells(notebook)) ? s : undefined;
  }

  /**
   * Lints the notebook's Python cells as one module now and (unless `publish` is false) puts each
   * finding on its cell; undefined when the notebook is not linted.
   */
  async lint(notebook: vscode.NotebookDocument, publish = true): Promise<NotebookLint | undefined> {
    if (notebook.isClosed) return undefined;
    const settings = settingsFor(notebook.uri);
    const cells = pythonCells(notebook);
    const signature = signatureOf(cells);
    const size = cells.reduce((n, c) => n + c.document.getText().length, 0);
    if (!settings.enable || size > settings.maxFileSize) {
      this.clear(notebook.uri);
      return undefined;
    }
    await this.parserReady;
    const rules = await this.guidelines.rulesFor(notebook.uri);
    if (notebook.isClosed) return undefined;
    if (signatureOf(pythonCells(notebook)) !== signature) return this.lint(notebook, publish);
    if (rules.excluded) {
      this.clear(notebook.uri);
      return undefined;
    }
    const started = performance.now();
    const result = lintCells(cells.map((c) => ({ cell: c.index, text: c.document.getText() })), rules.path, rules.rules);
    for (const internal of result.internalErrors) this.log.failure(`Rule ${internal.ruleId} failed on ${rules.path}`, internal.error);
    const state: NotebookLint = { signature, module: result.module, findings: result.findings.map((f) => result.module.cellFindingOf(f)), rules };
    if (!publish) return state;
    const key = notebook.uri.toString();
    this.states.set(key, state);
    const uris: string[] = [];
    for (const cell of cells) {
      const findings = state.findings.filter((f) => f.cell === cell.index);
      this.collection.set(cell.document.uri, findings.map((f) => this.toDiagnostic(f, notebook, rules)));
      uris.push(cell.document.uri.toString());
    }
    for (const gone of (this.published.get(key) ?? []).filter((u) => !uris.includes(u))) this.collection.delete(vscode.Uri.parse(gone));
    this.published.set(key, uris);
    this.log.trace(`linted notebook ${rules.path} (${cells.length} cells): ${state.findings.length} findings, ${(performance.now() - started).toFixed(1)} ms`);
    return state;
  }

  /** A cell finding as a diagnostic on its cell; related locations in other cells point there. */
  private toDiagnostic(f: CellFinding, notebook: vscode.NotebookDocument, rules: FileRules): vscode.Diagnostic {
    const here = notebook.cellAt(f.cell).document.uri;
    const d = toDiagnostic({ ...f, related: f.related?.filter((r) => r.cell === undefined) }, here, rules.uriOf);
    const inCells = (f.related ?? []).flatMap((r) =>
      r.cell === undefined ? [] : [new vscode.DiagnosticRelatedInformation(new vscode.Location(notebook.cellAt(r.cell).document.uri, toRange(r.range)), r.message)],
    );
    if (inCells.length) d.relatedInformation = [...(d.relatedInformation ?? []), ...inCells];
    return d;
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    try {
      const notebook = notebookOf(document);
      if (!notebook) return [];
      const state = this.current(notebook) ?? (await this.lint(notebook, settingsFor(notebook.uri).run === 'onType'));
      const cell = notebook.getCells().find((c) => c.document.uri.toString() === document.uri.toString());
      if (!state || !cell || state.signature !== signatureOf(pythonCells(notebook))) return [];
      return this.quickFixes(notebook, cell, range, context, state);
    } catch (e) {
      // The provider's boundary: VS Code would drop the error silently.
      this.log.failure('Computing quick fixes for a notebook cell failed', e);
      return [];
    }
  }

  private quickFixes(notebook: vscode.NotebookDocument, cell: vscode.NotebookCell, range: vscode.Range, context: vscode.CodeActionContext, state: NotebookLint): vscode.CodeAction[] {
    const document = cell.document;
    const text = document.getText();
    const fixes: vscode.CodeAction[] = [];
    const disables: vscode.CodeAction[] = [];
    const guidelines: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    const action = (title: string, diagnostic: vscode.Diagnostic, into: vscode.CodeAction[]) => {
      const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [diagnostic];
      into.push(a);
      return a;
    };
    for (const f of state.findings) {
      if (f.cell !== cell.index || toRange(f.range).intersection(range) === undefined) continue;
      const diagnostic = diagnosticOf(f, context);
      if (!diagnostic) continue;
      if (f.fix) {
        const a = action(f.fix.title, diagnostic, fixes);
        a.isPreferred = true;
        const e = f.fix.edits[0];
        // WorkspaceEdit cannot carry a SnippetString in VS Code 1.99: the editor command inserts it.
        if (f.fix.snippet) a.command = { title: f.fix.title, command: SNIPPET_COMMAND, arguments: [document.uri.toString(), document.version, e.start, e.end, e.text] };
        else a.edit = toWorkspaceEdit(document, f.fix.edits);
      }
      const lineKey = `line\0${f.ruleId}\0${f.range.start.line}`;
      const lineEdit = !seen.has(lineKey) && disableForLine(text, f.range.start.line, f.ruleId);
      if (lineEdit) {
        seen.add(lineKey);
        action(`Disable ${f.ruleId} for this line`, diagnostic, disables).edit = toWorkspaceEdit(document, [lineEdit]);
      }
      const fileKey = `file\0${f.ruleId}`;
      const fileEdit = !seen.has(fileKey) && disableForFile(state.module.text, f.ruleId);
      const inCell = fileEdit ? state.module.toCellEdits([fileEdit]) : undefined;
      if (inCell) {
        seen.add(fileKey);
        const target = notebook.cellAt(inCell[0].cell).document;
        action(`Disable ${f.ruleId} for the entire notebook`, diagnostic, disables).edit = toWorkspaceEdit(target, inCell);
      }
      const guideKey = `guide\0${f.ruleId}`;
      if (f.guideline && !seen.has(guideKey)) {
        seen.add(guideKey);
        const a = action(`Show the guideline for ${f.ruleId}`, diagnostic, guidelines);
        a.command = { title: a.title, command: SHOW_GUIDELINE_COMMAND, arguments: [state.rules.uriOf(f.guideline.file).toString(), f.guideline] };
      }
    }
    return [...fixes, ...disables, ...guidelines];
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.states.delete(key);
    for (const cell of this.published.get(key) ?? []) this.collection.delete(vscode.Uri.parse(cell));
    this.published.delete(key);
  }

  private forget(uri: vscode.Uri): void {
    this.timers.clear(uri.toString());
    this.clear(uri);
  }

  dispose(): void {
    this.timers.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The diagnostic VS Code passed for this finding, if it is among them. */
function diagnosticOf(f: Finding, context: vscode.CodeActionContext): vscode.Diagnostic | undefined {
  const range = toRange(f.range);
  return context.diagnostics.find((d) => ruleIdOf(d) === f.ruleId && d.range.isEqual(range) && d.message === f.message);
}
