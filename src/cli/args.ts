/** A usage error: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  command: string;
  positionals: string[];
  flags: Map<string, string | true>;
}

/** Flags that take a value; every other flag is a switch. */
const VALUED = new Set(['format', 'preset', 'root', 'threshold', 'diff-base', 'jobs']);

/** Splits argv into a command, positionals and `--flag [value]` / `--flag=value` pairs. */
export function parseArgs(argv: string[], known: Set<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
    if (VALUED.has(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    }
  }
  const command = positionals.shift() ?? 'help';
  return { command, positionals, flags };
}

/** The value of a valued flag, checked against the allowed values. */
export function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const value = args.flags.get(name);
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
