/**
 * Files over `mantra.maxFileSize` are not linted, and the user is told so: a notification once
 * per file (with a button to the setting), the status-bar item while the file is in view, and a
 * line in the output channel.
 */
import * as vscode from 'vscode';
import type { Log } from './log';

/** A file that was not linted: its size and the limit, in characters. */
export interface Oversized {
  size: number;
  limit: number;
}

export const OPEN_SIZE_SETTING_COMMAND = 'mantra.openMaxFileSizeSetting';
const OPEN_SETTING = 'Open Setting';

/** Opens the Settings editor on `mantra.maxFileSize`. */
export function openFileSizeSetting(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', 'mantra.maxFileSize');
}

/** What a notice says about a file that is not linted. */
export function describeOversized(name: string, o: Oversized): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${name} is not linted: ${n(o.size)} characters, over the mantra.maxFileSize limit of ${n(o.limit)}.`;
}

/** The open files skipped for their size, and which of them the user was told about. */
export class OversizedFiles {
  private readonly files = new Map<string, Oversized>();
  /** Told once per file for the session: a file that stays big is not announced on every keystroke. */
  private readonly notified = new Set<string>();

  constructor(private readonly log: Log) {}

  /** Records that `uri` was skipped; the first time, tells the user. */
  skip(uri: vscode.Uri, size: number, limit: number): void {
    const key = uri.toString();
    const o = { size, limit };
    this.files.set(key, o);
    if (this.notified.has(key)) return;
    this.notified.add(key);
    const text = describeOversized(vscode.workspace.asRelativePath(uri), o);
    this.log.info(`notice: ${text}`);
    // The boundary of a notification's button: a failure to open the setting is reported.
    void vscode.window
      .showInformationMessage(`Mantra: ${text}`, OPEN_SETTING)
      .then((pick) => (pick === OPEN_SETTING ? openFileSizeSetting() : undefined))
      .then(undefined, (e: unknown) => this.log.failure('Opening the mantra.maxFileSize setting failed', e));
  }

  /** The file is linted (or closed): no longer skipped. */
  forget(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
  }

  /** Why `uri` is not linted, if it was skipped for its size. */
  get(uri: vscode.Uri): Oversized | undefined {
    return this.files.get(uri.toString());
  }
}
