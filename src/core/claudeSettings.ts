/**
 * Mantra's hooks in a Claude Code settings file (`.claude/settings.json` or
 * `settings.local.json`): a PostToolUse hook that lints what an edit touched and a Stop hook that
 * audits the whole change. Pure: text or a JSON object in, a new object out; the CLI
 * (`mantra init claude-code`) and the editor command do the reading and writing.
 */

/** The commands Claude Code runs; `npx --no-install` finds the project's own `mantra` bin. */
export const HOOK_COMMANDS = {
  edit: 'npx --no-install mantra hook claude-code',
  stop: 'npx --no-install mantra hook claude-code --stop',
};

/** What the PostToolUse hook matches: the tools that change a file's text. */
export const HOOK_MATCHER = 'Edit|MultiEdit|Write|NotebookEdit';

/** A settings file Mantra refuses to change; the message says why and what to do. */
export class ClaudeSettingsError extends Error {}

export type ClaudeSettings = Record<string, unknown>;

interface HookEntry {
  matcher?: string;
  hooks: Array<{ type: string; command: string; timeout?: number }>;
}

/**
 * Reads a settings file's text (`undefined` or blank: a file that does not exist yet). Text that
 * is not a JSON object is refused with a message naming `file`, so nothing overwrites it.
 */
export function parseClaudeSettings(text: string | undefined, file: string): ClaudeSettings {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // The parser's message quotes the text around the mistake, newlines and all: keep it on one short line.
    const detail = (e as Error).message.replace(/\s+/g, ' ').trim();
    const short = detail.length > 100 ? `${detail.slice(0, 99)}…` : detail;
    throw new ClaudeSettingsError(`${file} is not valid JSON (${short}); fix it first, Mantra will not overwrite it`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ClaudeSettingsError(`${file} does not hold a JSON object; fix it first, Mantra will not overwrite it`);
  return parsed as ClaudeSettings;
}

/**
 * Adds Mantra's PostToolUse and Stop hooks to a settings object, each once: hooks already there
 * (Mantra's or others') are kept, and an event that already runs Mantra's command is left alone.
 * Returns a new object (the input is not changed) and how many hooks were added (0: nothing to do).
 */
export function addClaudeHooks(settings: ClaudeSettings): { settings: ClaudeSettings; added: number } {
  const existing = settings.hooks ?? {};
  if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) {
    throw new ClaudeSettingsError('"hooks" in the settings file is not an object; fix it by hand first');
  }
  const hooks = { ...(existing as Record<string, unknown>) };
  let added = 0;
  const ensure = (event: string, entry: HookEntry) => {
    const list = hooks[event] ?? [];
    if (!Array.isArray(list)) throw new ClaudeSettingsError(`"hooks.${event}" in the settings file is not a list; fix it by hand first`);
    const command = entry.hooks[0].command;
    const present = list.some((e: Partial<HookEntry> | null) => Array.isArray(e?.hooks) && e.hooks.some((h) => h?.command === command));
    if (present) return;
    hooks[event] = [...list, entry];
    added++;
  };
  ensure('PostToolUse', { matcher: HOOK_MATCHER, hooks: [{ type: 'command', command: HOOK_COMMANDS.edit, timeout: 60 }] });
  ensure('Stop', { hooks: [{ type: 'command', command: HOOK_COMMANDS.stop, timeout: 120 }] });
  return { settings: { ...settings, hooks }, added };
}

/** The settings as Claude Code writes them: two-space JSON and a final newline. */
export function formatClaudeSettings(settings: ClaudeSettings): string {
  return JSON.stringify(settings, null, 2) + '\n';
}
