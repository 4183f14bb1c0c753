/**
 * Inside a guideline file: a CodeLens on each guideline line saying which rules enforce it (with
 * their severity and the findings in the linted files), or why no rule can.
 */
import * as vscode from 'vscode';
import { dirname } from '../core/paths';
import type { GuidelineLine } from '../core/report';
import type { Diagnostics } from './diagnostics';
import type { GuidelineFiles } from './guidelineFiles';
import type { Log } from './log';

export const GUIDELINE_SELECTOR: vscode.DocumentSelector = [
  { language: 'markdown', pattern: '**/{CLAUDE.md,CLAUDE.local.md,AGENTS.md}' },
  { language: 'markdown', pattern: '**/.claude/**/*.md' },
];

export class GuidelineLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly guidelines: GuidelineFiles,
    private readonly diagnostics: Diagnostics,
    private readonly log: Log,
  ) {
    const soon = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(), 300);
    };
    this.disposables.push(guidelines.onDidChange(soon), diagnostics.onDidLint(soon));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    try {
      // The rule set of a file in the guideline file's own folder holds its lines (and publishes its problems).
      const probe = document.uri.with({ path: `${dirname(document.uri.path)}/__mantra__.py` });
      const rules = await this.guidelines.rulesFor(probe);
      const counts = new Map<string, number>();
      for (const state of this.diagnostics.states()) {
        for (const f of state.findings) {
          if (!f.guideline) continue;
          const key = `${f.guideline.file}\0${f.guideline.line}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      // One lens a line (a paragraph line can hold several sentences): what enforces it, else why nothing does.
      const byLine = new Map<number, GuidelineLine[]>();
      for (const g of rules.guidelines) {
        if (g.source.file !== document.uri.path || g.source.line >= document.lineCount) continue;
        byLine.set(g.source.line, [...(byLine.get(g.source.line) ?? []), g]);
      }
      const lenses: vscode.CodeLens[] = [];
      for (const [line, lines] of [...byLine].sort((a, b) => a[0] - b[0])) {
        const enforced = lines.filter((g) => g.rules.length > 0);
        let title: string;
        if (enforced.length) {
          const bySeverity = new Map<string, string[]>();
          for (const id of new Set(enforced.flatMap((g) => g.rules))) {
            const active = rules.rules.find((r) => r.rule.meta.id === id);
            const severity = active ? active.severity : 'off';
            bySeverity.set(severity, [...(bySeverity.get(severity) ?? []), id]);
          }
          const n = counts.get(`${document.uri.path}\0${line}`) ?? 0;
          const order = ['error', 'warning', 'information', 'hint', 'off'];
          const parts = [...bySeverity].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([sev, ids]) => `${sev}: ${ids.join(', ')}`);
          title = `${n} finding${n === 1 ? '' : 's'} · ${parts.join(' · ')}`;
        } else {
          const off = rules.entries
            .filter((e) => e.guideline.file === document.uri.path && e.guideline.line === line)
            .flatMap((e) => e.mappings.filter((m) => m.setting === 'off').map((m) => m.ruleId));
          const reason = lines.find((g) => g.reason)?.reason;
          title = off.length ? `turns off: ${[...new Set(off)].join(', ')}` : reason ? `not enforced: ${reason}` : 'not enforceable by a linter';
        }
        lenses.push(new vscode.CodeLens(document.lineAt(line).range, { title, command: '' }));
      }
      return lenses;
    } catch (e) {
      // The provider's boundary: VS Code would drop the error silently.
      this.log.failure(`Reading ${vscode.workspace.asRelativePath(document.uri)} failed`, e);
      return [];
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
