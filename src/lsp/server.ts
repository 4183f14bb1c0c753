/**
 * `mantra lsp`: the language server, on stdin and stdout. The same engine as the CLI and the
 * extension: diagnostics for open Python documents, code actions, and the problems of the
 * guideline files on those files. Every handler is a boundary: an error becomes a message to the
 * client, never a dead server.
 */
import { format } from 'node:util';
import {
  createConnection,
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { Preset } from '../core/guidelines';
import { initParserBesideBundle } from '../cli/host';
import { codeActions, FIX_ALL_KIND, guidelineActions, type EditSupport } from './codeActions';
import { Documents, isPython } from './documents';
import { GUIDELINE_GLOBS, Guidelines, type Publish } from './guidelines';
import { Linter } from './linter';
import { Log } from './log';
import { pathOfUri, rootUrisOf, Workspace } from './workspace';

/** Milliseconds of quiet typing before a Python document is linted again (the extension's default). */
const LINT_DEBOUNCE = 150;
/** Milliseconds of quiet typing in a guideline file before the rule sets are derived again. */
const GUIDELINE_DEBOUNCE = 250;

export interface LspOptions {
  /** The preset below every guideline (`--preset research`), as in `mantra audit`. */
  preset?: Preset;
  version: string;
}

/** stdout carries the protocol: a stray `console.log` (from any module) goes to the client's log instead. */
function routeConsole(connection: Connection): void {
  const toLog = (...args: unknown[]) => connection.console.log(format(...args));
  console.log = toLog;
  console.info = toLog;
  console.debug = toLog;
}

/**
 * Runs the server until the client sends `exit` (the connection then ends the process: code 0
 * after `shutdown`, 1 without). Resolves with that code.
 */
export function runLsp(opts: LspOptions, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  const connection = createConnection(input, output);
  routeConsole(connection);
  const log = new Log(connection);
  // The process's last boundary: whatever escaped a handler is reported, and the server goes on.
  process.on('uncaughtException', (e) => log.failure('Unexpected error', e));
  process.on('unhandledRejection', (e) => log.failure('Unexpected error', e));

  const parserReady = initParserBesideBundle();
  parserReady.catch((e) => log.failure('Loading the Python parser failed', e));
  const workspace = new Workspace();
  const documents = new Documents();
  const publish: Publish = (uri, diagnostics, version) => void connection.sendDiagnostics({ uri, diagnostics, ...(version === undefined ? {} : { version }) });
  const guidelines = new Guidelines(workspace, documents, publish, opts.preset);
  const linter = new Linter(parserReady, workspace, documents, guidelines, publish, log);
  let support: EditSupport = { versioned: false, snippets: false };
  let capabilities: ClientCapabilities = {};

  /** Whether a document is a guideline file (only `file:` ones are: the core reads from disk). */
  const guidelinePath = (uri: string): string | undefined => {
    const file = pathOfUri(uri);
    return file !== undefined && guidelines.isGuideline(file) ? file : undefined;
  };

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Derives every rule set again, re-lints the open Python documents and re-publishes the guideline files' problems. */
  const refresh = async (): Promise<void> => {
    const { settle } = guidelines.invalidate();
    const openGuidelines = documents.all().flatMap((d) => {
      const file = guidelinePath(d.uri);
      return file === undefined ? [] : [guidelines.rulesFor(workspace.rootOf(file), file)];
    });
    await Promise.all([linter.lintAll(), ...openGuidelines]);
    settle();
  };
  const scheduleRefresh = (delay: number): void => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refresh().catch((e) => log.failure('Reading the guideline files failed', e));
    }, delay);
  };

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    const edits = capabilities.workspace?.workspaceEdit;
    support = { versioned: edits?.documentChanges === true, snippets: edits?.snippetEditSupport === true };
    try {
      workspace.setRoots(rootUrisOf(params));
    } catch (e) {
      log.failure('Reading the workspace folders failed', e);
    }
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'mantra', version: opts.version },
    };
  });

  connection.onInitialized(
    log.guard('Starting the server failed', undefined, async () => {
      if (capabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          log.guard('Changing the workspace folders failed', undefined, (e) => {
            workspace.changeRoots(e.added, e.removed);
            scheduleRefresh(0);
          }),
        );
      }
      if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: GUIDELINE_GLOBS.map((globPattern) => ({ globPattern })) });
      }
    }),
  );

  connection.onDidOpenTextDocument(
    log.guard('Opening a document failed', undefined, (params) => {
      const doc = documents.open(params.textDocument);
      if (isPython(doc)) linter.schedule(doc.uri, 0);
      else if (guidelinePath(doc.uri) !== undefined) scheduleRefresh(0);
    }),
  );
  connection.onDidChangeTextDocument(
    log.guard('Applying an edit failed', undefined, (params) => {
      const doc = documents.change(params);
      if (isPython(doc)) linter.schedule(doc.uri, LINT_DEBOUNCE, true);
      else if (guidelinePath(doc.uri) !== undefined) scheduleRefresh(GUIDELINE_DEBOUNCE);
    }),
  );
  connection.onDidSaveTextDocument(
    log.guard('Saving a document failed', undefined, (params) => {
      if (guidelinePath(params.textDocument.uri) !== undefined) scheduleRefresh(0);
    }),
  );
  connection.onDidCloseTextDocument(
    log.guard('Closing a document failed', undefined, (params) => {
      const doc = documents.close(params.textDocument.uri);
      if (doc && isPython(doc)) linter.forget(doc.uri);
      // Its unsaved text stops counting.
      else if (guidelinePath(params.textDocument.uri) !== undefined) scheduleRefresh(0);
    }),
  );
  connection.onDidChangeWatchedFiles(
    log.guard('Reading changed files failed', undefined, (params) => {
      if (params.changes.some((c) => guidelinePath(c.uri) !== undefined)) scheduleRefresh(0);
    }),
  );

  connection.onCodeAction(
    log.guard('Computing code actions failed', [], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const uriOf = (file: string) => guidelines.uriOf(file);
      const guideline = guidelinePath(doc.uri);
      if (guideline !== undefined) {
        let problems = guidelines.problemsIn(guideline, doc.getText());
        if (!problems) {
          // Edited since its problems were found: find them in this text now rather than offer stale edits.
          clearTimeout(refreshTimer);
          await refresh();
          problems = guidelines.problemsIn(guideline, doc.getText()) ?? [];
        }
        return guidelineActions(doc, params, problems, support, uriOf);
      }
      if (!isPython(doc)) return [];
      const state = await linter.fresh(doc);
      if (!state || state.version !== doc.version) return [];
      return codeActions(doc, params, state, support, uriOf);
    }),
  );

  let shutDown = false;
  connection.onShutdown(() => {
    shutDown = true;
    clearTimeout(refreshTimer);
    linter.dispose();
    documents.dispose();
  });

  return new Promise<number>((resolve) => {
    connection.onExit(() => resolve(shutDown ? 0 : 1));
    connection.listen();
  });
}
