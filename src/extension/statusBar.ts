/**
 * The guideline reminder: for the Python file in view, the guideline with the most findings, in
 * its own words, shortened, with the count; the tooltip lists every active guideline. Clicking
 * runs Audit File. Without a guideline file it offers to create one.
 */
import * as vscode from 'vscode';
import { shortenGuideline, summarizeByGuideline } from '../core/guidelineSummary';
import { describeHookSummary, type HookLogs } from './claudeCode';
import type { Diagnostics } from './diagnostics';
import { isPython } from './diagnostics';
import { describeOversized, OPEN_SIZE_SETTING_COMMAND } from './fileSize';
import type { GuidelineFiles } from './guidelineFiles';
import type { Log } from './log';
import { settingsFor } from './settings';

export const STATUS_ID = 'mantra.status';

/** What the item shows, as plain data (the tests read it through the extension API). */
export interface StatusState {
  visible: boolean;
  text: string;
  tooltip: string;
  command: string | undefined;
  background: 'error' | 'warning' | undefined;
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_ID, vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];
  private state: StatusState = { visible: false, text: '', tooltip: '', command: undefined, background: undefined };
  private pending = 0;
  private lastActive: string | undefined;

  constructor(
    private readonly diagnostics: Diagnostics,
    private readonly guidelines: GuidelineFiles,
    private readonly hookLogs: HookLogs,
    private readonly log: Log,
  ) {
    this.item.name = 'Mantra guideline reminder';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      diagnostics.onDidLint((s) => {
        if (s.uri.toString() === this.documentInView()?.uri.toString()) this.refresh();
      }),
      guidelines.onDidChange(() => this.refresh()),
      hookLogs.onDidChange(() => this.refresh()),
    );
    this.refresh();
  }

  /** What the item shows now. */
  snapshot(): StatusState {
    return { ...this.state };
  }

  refresh(): void {
    const ticket = ++this.pending;
    // The boundary of an event-driven refresh.
    this.update(ticket).catch((e) => this.log.failure('Updating the status bar failed', e));
  }

  private async update(ticket: number): Promise<void> {
    const document = this.documentInView();
    if (!document || !isPython(document) || !settingsFor(document.uri).enable) {
      this.apply({ visible: false, text: '', tooltip: '', command: undefined, background: undefined });
      return;
    }
    const oversized = this.diagnostics.oversized.get(document.uri);
    if (oversized) {
      this.apply({
        visible: true,
        text: '$(shield) Not linted: file too large',
        tooltip: `Mantra: ${describeOversized('This file', oversized)} Click to change the setting.`,
        command: OPEN_SIZE_SETTING_COMMAND,
        background: 'warning',
      });
      return;
    }
    const rules = await this.guidelines.rulesFor(document.uri);
    const hook = await this.hookLogs.summaryFor(rules.rootUri);
    if (ticket !== this.pending) return;
    if (!rules.governed && rules.rules.length === 0) {
      this.apply({
        visible: true,
        text: '$(shield) No CLAUDE.md',
        tooltip: 'Mantra: no guideline file (CLAUDE.md, AGENTS.md) governs this file, so nothing is enforced. Click to create a CLAUDE.md.',
        command: 'mantra.createGuidelineFile',
        background: undefined,
      });
      return;
    }
    const linted = this.diagnostics.current(document);
    const findings = linted?.findings ?? [];
    const baselined = linted?.baselined ? `${linted.baselined} more baselined (.mantra-baseline.json), not shown` : undefined;
    const summary = summarizeByGuideline(findings, rules.guidelines);
    const top = summary.enforced[0];
    const count = top ? top.findings.length : summary.unattributed.length;
    const label = top ? shortenGuideline(top.source.text) : 'Mantra';
    const lines = summary.enforced.map((g) => `${g.findings.length ? '✗' : '✓'} ${g.source.text} — ${g.findings.length} (${g.rules.join(', ')})`);
    if (summary.unattributed.length) lines.push(`✗ rules no guideline names — ${summary.unattributed.length}`);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    this.apply({
      visible: true,
      text: `$(shield) ${label} · ${count}`,
      tooltip: [`Mantra: ${findings.length} finding${findings.length === 1 ? '' : 's'} in this file`, ...(baselined ? [baselined] : []), ...lines, describeHookSummary(hook), 'Click to audit the file.'].join('\n'),
      command: 'mantra.auditFile',
      background: errors ? 'error' : warnings ? 'warning' : undefined,
    });
  }

  /**
   * The document the reminder is about: the active editor's; while a webview (the report) or a
   * panel has focus, the last Python document that was active, if it is still visible.
   */
  private documentInView(): vscode.TextDocument | undefined {
    const active = vscode.window.activeTextEditor?.document;
    if (active) {
      this.lastActive = active.uri.toString();
      return active;
    }
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.lastActive)?.document;
  }

  private apply(state: StatusState): void {
    this.state = state;
    if (!state.visible) {
      this.item.hide();
      return;
    }
    this.item.text = state.text;
    this.item.tooltip = state.tooltip;
    this.item.command = state.command;
    this.item.backgroundColor = state.background ? new vscode.ThemeColor(`statusBarItem.${state.background}Background`) : undefined;
    this.item.accessibilityInformation = { label: `Mantra: ${state.text.replace(/\$\([^)]*\)\s*/g, '')}` };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
