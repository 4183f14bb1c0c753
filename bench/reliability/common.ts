import * as fs from 'fs';
import * as path from 'path';
import type { ActiveRule } from '../../src/core/engine';
import { activeRules, buildRuleSet } from '../../src/core/guidelines';
import { initPython } from '../../src/core/parse/python';

/** Every rule of the catalog at the research preset (what `--preset research` enables). */
export function researchRules(): ActiveRule[] {
  return activeRules(buildRuleSet([], { preset: 'research' }));
}

export async function initParser(): Promise<void> {
  await initPython({
    runtimeWasm: require.resolve('web-tree-sitter/tree-sitter.wasm'),
    grammarWasm: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  });
}

/** The corpus folder from MANTRA_CORPUS; exits 2 with the command that fetches it when unset. */
export function corpusFolder(script: string): string {
  const dir = process.env.MANTRA_CORPUS;
  if (!dir || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    process.stderr.write(
      [
        dir ? `MANTRA_CORPUS=${dir} is not a folder.` : `MANTRA_CORPUS is not set: ${script} runs over a folder of real Python code.`,
        'Fetch the corpus (PyTorch sources from Debian, about 1,200 files) and point MANTRA_CORPUS at it:',
        '',
        '  export MANTRA_CORPUS=$(bash ../shared/corpus/fetch-torch.sh)',
        `  npm run ${script}`,
        '',
        `Any folder of .py files works too: MANTRA_CORPUS=path/to/project npm run ${script}`,
        '',
      ].join('\n'),
    );
    process.exit(2);
  }
  return dir;
}

/** Every `.py` file under a folder, relative paths with `/`, sorted. */
export function pythonFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.py')) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
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
