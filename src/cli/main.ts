import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { presetOf, runAudit } from './audit';
import { runExplain } from './explain';
import { runHook } from './hook';
import { runInit } from './init';
import { runRules } from './rules';

const USAGE = `mantra — CLAUDE.md guidelines as lint rules for Python research code

Usage:
  mantra audit [PATH...] [--format text|json|sarif] [--fix] [--preset research] [--root DIR]
               [--diff-base REV [--changed-only]] [--cache] [--jobs N] [--verbose]
      Lint every .py and .ipynb file under PATH (default .) with the rules of the guideline files
      (CLAUDE.md, AGENTS.md, CLAUDE.local.md, @imports, .claude/rules/, .cursor/rules/,
      .github/copilot-instructions.md, .github/instructions/) that govern it.
      --diff-base REV: the change is \`git diff REV\` plus untracked files (change-aware rules:
      edited-missing-docstring, new comments only); --changed-only: only findings on it.
      Exit 0: no error finding; 1: some error finding; 2: usage or internal error.
      A .mantra-baseline.json at the root hides the findings it holds (the text report says how many).
      --cache: keep each file's findings in .mantra-cache/ under the root and serve them again
      while the file, its rules and Mantra are unchanged. --jobs N: lint on N threads (default:
      one per core when there are 64 files or more to lint). --verbose: say on stderr how many
      files each thread linted and the cache served, and how long the audit took.
  mantra baseline [PATH...] [--preset research] [--root DIR] [--diff-base REV [--changed-only]]
      Writes every current finding to .mantra-baseline.json at the root (rule + enclosing
      function + line text, stable when lines move); audit then shows only new findings.
  mantra rules [DIR] [--format text|json] [--explain] [--preset research] [--root DIR]
      The rule set that governs DIR: each rule's severity, options and guideline line, the
      rules that hold only in part of the code (tests, notebooks, front matter paths), and for
      each guideline line the rules it produced or why none (--explain: all of it in JSON).
  mantra explain RULE-ID
      What a rule flags, the guideline it serves, an example and its fix.
  mantra hook claude-code [--stop] [--threshold error|warning|information|hint]
      Claude Code hook: reads the hook's JSON on stdin, lints the lines the assistant changed,
      exits 2 with the findings on stderr so the assistant fixes them (--stop: the whole change).
  mantra init claude-code [--local]
      Adds those hooks to .claude/settings.json (or settings.local.json).
  mantra lsp [--stdio] [--preset research]
      A language server on stdin/stdout for any LSP editor (Neovim, Helix, Zed, JetBrains):
      diagnostics as you type, quick fixes, source.fixAll.mantra, CLAUDE.md problems.
  mantra --version | --help
`;

const KNOWN_FLAGS = new Set(['format', 'fix', 'preset', 'root', 'help', 'version', 'stop', 'threshold', 'local', 'explain', 'diff-base', 'changed-only', 'stdio', 'cache', 'jobs', 'verbose']);

/** The CLI: returns the exit code; output goes to the given streams. */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, KNOWN_FLAGS);
    if (args.flags.has('version')) {
      out.write(`${version()}\n`);
      return 0;
    }
    if (args.flags.has('help') || args.command === 'help') {
      out.write(USAGE);
      return 0;
    }
    switch (args.command) {
      case 'audit':
        return await runAudit(args, out, version());
      case 'baseline':
        return await runAudit(args, out, version(), 'baseline');
      case 'rules':
        return await runRules(args, out);
      case 'explain':
        return runExplain(args, out);
      case 'hook':
        return await runHook(args, process.stdin, err);
      case 'init':
        return runInit(args, out);
      case 'lsp': {
        if (args.positionals.length) throw new UsageError('mantra lsp takes no paths: the client names the workspace');
        // Loaded on demand: the other commands start without the language server's code.
        const { runLsp } = await import('../lsp/server');
        return await runLsp({ preset: presetOf(args), version: version() });
      }
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (e) {
    // The CLI's boundary: a usage error becomes a message, anything else a loud internal error.
    if (e instanceof UsageError) {
      err.write(`mantra: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    err.write(`mantra: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
}

function version(): string {
  const pkg = path.join(__dirname, '..', 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

// A worker thread of `mantra audit` loads this file too (`lintFiles`): it must not run the CLI again.
if (require.main === module && isMainThread) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
