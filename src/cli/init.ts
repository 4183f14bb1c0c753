import * as fs from 'node:fs';
import * as path from 'node:path';
import { addClaudeHooks, ClaudeSettingsError, formatClaudeSettings, HOOK_MATCHER, parseClaudeSettings } from '../core/claudeSettings';
import { UsageError, type ParsedArgs } from './args';

/** `mantra init claude-code [--local] [--root DIR]`: writes the hooks into `.claude/settings(.local).json`. */
export function runInit(args: ParsedArgs, out: NodeJS.WritableStream): number {
  if (args.positionals[0] !== 'claude-code') throw new UsageError('usage: mantra init claude-code [--local] [--root DIR]');
  const root = path.resolve(typeof args.flags.get('root') === 'string' ? (args.flags.get('root') as string) : '.');
  const file = path.join(root, '.claude', args.flags.has('local') ? 'settings.local.json' : 'settings.json');
  const shown = path.relative(process.cwd(), file) || file;
  let result: ReturnType<typeof addClaudeHooks>;
  try {
    result = addClaudeHooks(parseClaudeSettings(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined, file));
  } catch (e) {
    // A settings file Mantra will not touch is the user's to fix: a usage error (exit 2), the file as it was.
    if (e instanceof ClaudeSettingsError) throw new UsageError(e.message);
    throw e;
  }
  if (result.added === 0) {
    out.write(`${shown}: Mantra's Claude Code hooks are already there\n`);
    return 0;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, formatClaudeSettings(result.settings));
  out.write(`${shown}: added ${result.added} Claude Code hook${result.added === 1 ? '' : 's'} (PostToolUse on ${HOOK_MATCHER}, Stop)\n`);
  return 0;
}
