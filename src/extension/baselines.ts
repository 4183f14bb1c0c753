/**
 * `.mantra-baseline.json` in the editor: the findings a code base had when it adopted Mantra
 * (written by `mantra baseline`) are hidden, as `mantra audit` hides them; the status bar and the
 * audit report say how many. One baseline per workspace folder, at its root; re-read when it changes.
 */
import * as vscode from 'vscode';
import { applyBaseline, BASELINE_FILE, parseBaseline, type Baseline } from '../core/baseline';
import type { Finding } from '../core/finding';
import type { FileRules } from './guidelineFiles';
import type { Log } from './log';

export class Baselines implements vscode.Disposable {
  /** Per folder root: its baseline, or null when it has none (or an unreadable one, reported). */
  private readonly byRoot = new Map<string, Baseline | null>();
  private readonly loading = new Map<string, Promise<Baseline | null>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a baseline file was created, changed or deleted (lint again). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: Log) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${BASELINE_FILE}`);
    const reload = () => {
      this.byRoot.clear();
      this.loading.clear();
      this.changed.fire();
    };
    this.disposables.push(this.changed, watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload));
  }

  /**
   * The findings `baseline` does not hold for the file, and how many it holds. Without a
   * baseline (null): all of them, 0.
   */
  apply(baseline: Baseline | null, findings: Finding[], rules: FileRules, text: string): { findings: Finding[]; baselined: number } {
    if (!baseline) return { findings, baselined: 0 };
    const { kept, baselined } = applyBaseline(baseline, rules.path, text, findings);
    return { findings: kept, baselined };
  }

  /** The baseline at a folder root (null when it has none, or an unreadable one, reported). */
  of(root: vscode.Uri): Promise<Baseline | null> {
    const key = root.toString();
    if (this.byRoot.has(key)) return Promise.resolve(this.byRoot.get(key)!);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.read(root).then((b) => {
        if (this.loading.get(key) === pending) {
          this.byRoot.set(key, b);
          this.loading.delete(key);
        }
        return b;
      });
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async read(root: vscode.Uri): Promise<Baseline | null> {
    const uri = vscode.Uri.joinPath(root, BASELINE_FILE);
    const bytes = await vscode.workspace.fs.readFile(uri).then(
      (b) => b,
      (e: unknown) => {
        if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
        throw e;
      },
    );
    if (!bytes) return null;
    try {
      const baseline = parseBaseline(new TextDecoder('utf-8').decode(bytes));
      this.log.info(`baseline: ${vscode.workspace.asRelativePath(uri)} holds ${Object.keys(baseline.files).length} files' findings`);
      return baseline;
    } catch (e) {
      // A broken baseline is the user's file to repair: say so once, and hide nothing.
      this.log.failure(`${vscode.workspace.asRelativePath(uri)} is not a Mantra baseline; rewrite it with \`mantra baseline\``, e);
      return null;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
