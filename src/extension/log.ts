/** The "Mantra" output channel, and the boundary where an error in Mantra becomes visible. */
import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Mantra', { log: true });
  /** Messages already shown as a notification: the same failure on every keystroke is shown once. */
  private readonly shown = new Set<string>();

  info(message: string): void {
    this.channel.info(message);
  }

  trace(message: string): void {
    this.channel.trace(message);
  }

  /**
   * Reports a failure at a boundary (an event handler, a provider): the whole error with its
   * stack in the output channel, and a notification once per distinct message.
   */
  failure(what: string, error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    this.channel.error(`${what}: ${e.stack ?? e.message}`);
    const text = `Mantra: ${what}: ${e.message}`;
    if (this.shown.has(text)) return;
    this.shown.add(text);
    void vscode.window.showErrorMessage(text, 'Show Output').then((pick) => {
      if (pick) this.channel.show(true);
    });
  }

  /** A command handler that logs its failure before VS Code reports it to the caller. */
  command<A extends unknown[], R>(name: string, run: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await run(...args);
      } catch (e) {
        this.channel.error(`Command ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        throw e;
      }
    };
  }

  dispose(): void {
    this.channel.dispose();
  }
}
