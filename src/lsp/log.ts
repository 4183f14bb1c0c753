/** The server's log, and the boundary where an error in Mantra becomes a message to the client. */
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';

/** Logging through `window/logMessage`, and failures shown once through `window/showMessage`. */
export class Log {
  /** Messages already shown to the user: the same failure on every keystroke is shown once. */
  private readonly shown = new Set<string>();

  constructor(private readonly connection: Connection) {}

  info(message: string): void {
    this.connection.console.info(message);
  }

  /** A message at the `Log` level, below `info`: what each lint did. */
  trace(message: string): void {
    this.connection.console.log(message);
  }

  /**
   * Reports a failure at a boundary (a notification or request handler, a timer): the error with
   * its stack as `window/logMessage`, and `window/showMessage` once per distinct message.
   */
  failure(what: string, error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    this.connection.console.error(`${what}: ${e.stack ?? e.message}`);
    const text = `Mantra: ${what}: ${e.message}`;
    if (this.shown.has(text)) return;
    this.shown.add(text);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: text });
  }

  /** Wraps a handler so that its failure is reported, never thrown into the connection; `fallback` is its answer then. */
  guard<A extends unknown[], R>(what: string, fallback: R, run: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await run(...args);
      } catch (e) {
        this.failure(what, e);
        return fallback;
      }
    };
  }
}
