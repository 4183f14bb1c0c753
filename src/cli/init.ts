import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError, type ParsedArgs } from './args';

/** The commands Claude Code runs; `npx --no-install` finds the project's own `mantra` bin. */
export const HOOK_COMMANDS = {
  edit: 'npx --no-install mantra hook claude-code',
  stop: 'npx --no-install mantra hook claude-code --stop',
};

interface HookEntry {
  matcher?: string;
  hooks: Array<{ type: string; command: string; timeout?: number }>;
}

/** Adds Mantra's PostToolUse and Stop hooks to a Claude Code settings object, once. */
export function addClaudeHooks(settings: Record<string, unknown>): { settings: Record<string, unknown>; added: number } {
  const hooks = (settings.hooks ?? {}) as Record<string, HookEntry[]>;
  if (typeof hooks !== 'object' || Array.isArray(hooks)) throw new UsageError('"hooks" in the settings file is not an object; fix it by hand first');
  let added = 0;
  const ensure = (event: string, entry: HookEntry) => {
    const list = hooks[event] ?? [];
    if (!Array.isArray(list)) throw new UsageError(`"hooks.${event}" in the settings file is not a list; fix it by hand first`);
    const command = entry.hooks[0].command;
    if (list.some((e) => Array.isArray(e?.hooks) && e.hooks.some((h) => h?.command === command))) return;
    hooks[event] = [...list, entry];
    added++;
  };
  ensure('PostToolUse', { matcher: 'Edit|MultiEdit|Write', hooks: [{ type: 'command', command: HOOK_COMMANDS.edit, timeout: 60 }] });
  ensure('Stop', { hooks: [{ type: 'command', command: HOOK_COMMANDS.stop, timeout: 120 }] });
  return { settings: { ...settings, hooks }, added };
}

/** `mantra init claude-code [--local] [--root DIR]`: writes the hooks into `.claude/settings(.local).json`. */
export function runInit(args: ParsedArgs, out: NodeJS.WritableStream): number {
  if (args.positionals[0] !== 'claude-code') throw new UsageError('usage: mantra init claude-code [--local] [--root DIR]');
  const root = path.resolve(typeof args.flags.get('root') === 'string' ? (args.flags.get('root') as string) : '.');
  const file = path.join(root, '.claude', args.flags.has('local') ? 'settings.local.json' : 'settings.json');
  let settings: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file} is not valid JSON (${(e as Error).message}); fix it first, Mantra will not overwrite it`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`${file} does not hold a JSON object; fix it first`);
    settings = parsed as Record<string, unknown>;
  }
  const result = addClaudeHooks(settings);
  if (result.added === 0) {
    out.write(`${path.relative(process.cwd(), file) || file}: Mantra's Claude Code hooks are already there\n`);
    return 0;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(result.settings, null, 2) + '\n');
  out.write(`${path.relative(process.cwd(), file) || file}: added ${result.added} Claude Code hook${result.added === 1 ? '' : 's'} (PostToolUse on Edit|MultiEdit|Write, Stop)\n`);
  return 0;
}
