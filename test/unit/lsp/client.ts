import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, InitializeResult, PublishDiagnosticsParams, ShowMessageParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { CLI } from '../cli/run';

/** The `file:` URI of a path, as editors send them. */
export const uriOf = (file: string): string => pathToFileURL(file).href;

interface Waiter {
  uri: string;
  accept: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
  reject: (e: Error) => void;
}

/**
 * A real LSP client over stdio: spawns `node dist/cli.js lsp` and speaks JSON-RPC to it. Waits
 * are for events (a publish that matches), never for a time; the test's timeout is the bound.
 */
export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  /** Every publishDiagnostics received, per URI, in order. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly exited: Promise<number | null>;
  private stderr = '';
  private waiters: Waiter[] = [];
  private logWaiters: Array<{ accept: (line: string) => boolean; resolve: (line: string) => void }> = [];

  constructor(cwd: string, args: string[] = []) {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    this.process = spawn(process.execPath, [CLI, 'lsp', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    void this.exited.then((code) => {
      for (const w of this.waiters) w.reject(new Error(`the server exited (${code}) before publishing what ${w.uri} waited for\nstderr: ${this.stderr}\nlog: ${this.logs.join('\n')}`));
      this.waiters = [];
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, [...(this.published.get(p.uri) ?? []), p]);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.accept(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.connection.onNotification('window/showMessage', (p: ShowMessageParams) => {
      this.messages.push(p);
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.logWaiters = this.logWaiters.filter((w) => {
        if (!w.accept(p.message)) return true;
        w.resolve(p.message);
        return false;
      });
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  /** `initialize` with the given roots (and a client that takes versioned edits), then `initialized`. */
  async initialize(rootDirs: string[], capabilities: Record<string, unknown> = {}): Promise<InitializeResult> {
    const folders = rootDirs.map((d) => ({ uri: uriOf(d), name: path.basename(d) }));
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders.length ? folders : null,
      capabilities: { workspace: { workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true }, ...capabilities },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** The next publish for `uri` (counting one already received when `accept` takes it) that `accept` takes. */
  diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, includePast = true): Promise<PublishDiagnosticsParams> {
    const past = includePast ? (this.published.get(uri) ?? []).at(-1) : undefined;
    if (past && accept(past)) return Promise.resolve(past);
    return new Promise((resolve, reject) => this.waiters.push({ uri, accept, resolve, reject }));
  }

  /** The first line of the server's log (`window/logMessage`), received already or to come, that `accept` takes. */
  logged(accept: (line: string) => boolean): Promise<string> {
    const past = this.logs.find(accept);
    if (past !== undefined) return Promise.resolve(past);
    return new Promise((resolve) => this.logWaiters.push({ accept, resolve }));
  }

  /**
   * The diagnostics of `uri` once the server linted `version` with nothing left for later (a lint
   * after typing leaves the file-wide rules to the lint when typing pauses): the publish of that lint.
   */
  async settled(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const file = path.basename(new URL(uri).pathname);
    await this.logged((l) => l.startsWith('linted ') && l.includes(` v${version} (`) && l.includes(file) && !l.includes('the rest when typing pauses'));
    const last = this.published.get(uri)?.at(-1);
    if (!last || last.version !== version) throw new Error(`the lint of ${uri} v${version} published nothing for it`);
    return last;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  /** `shutdown`, then `exit`: resolves with the process's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    return this.exited;
  }

  /** Ends the process if a test left it running. */
  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
    this.connection.dispose();
  }

  get stderrText(): string {
    return this.stderr;
  }
}
