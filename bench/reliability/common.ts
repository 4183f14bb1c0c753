import type { ActiveRule } from '../../src/core/engine';
import { activeRules, buildRuleSet } from '../../src/core/guidelines';

export { corpusFolder, initParser, pythonFiles } from '../common';

/** Every rule of the catalog at the research preset (what `--preset research` enables). */
export function researchRules(): ActiveRule[] {
  return activeRules(buildRuleSet([], { preset: 'research' }));
}

/** `--name value` or `--name=value` from argv. */
export function flag(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

export const fmt = (n: number) => n.toLocaleString('en-US');
