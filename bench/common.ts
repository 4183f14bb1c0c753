import * as fs from 'fs';
import * as path from 'path';
import type { ActiveRule } from '../src/core/engine';
import { presetSettings } from '../src/core/guidelines';
import { initPython } from '../src/core/parse/python';
import { RULES } from '../src/core/rules';

/** Every rule of the catalog at its default severity and options. */
export function allRules(): ActiveRule[] {
  return RULES.map((rule) => ({ rule, severity: rule.meta.defaultSeverity, options: rule.options.parse({}), source: null }));
}

/** The research preset as `mantra audit --preset research` runs it: the rules it turns on, at its severities, default options. */
export function researchPreset(): ActiveRule[] {
  const preset = presetSettings('research');
  return RULES.filter((rule) => preset.has(rule.meta.id)).map((rule) => ({ rule, severity: preset.get(rule.meta.id)!, options: rule.options.parse({}), source: null }));
}

/** Loads the parser as the unit tests do; returns the milliseconds it took. */
export async function initParser(): Promise<number> {
  const started = performance.now();
  await initPython({
    runtimeWasm: require.resolve('web-tree-sitter/tree-sitter.wasm'),
    grammarWasm: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  });
  return performance.now() - started;
}

/** The corpus folder from MANTRA_CORPUS; exits 2 with the command that fetches it when unset. */
export function corpusFolder(script = 'bench'): string {
  const dir = process.env.MANTRA_CORPUS;
  if (!dir || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    process.stderr.write(
      [
        dir ? `MANTRA_CORPUS=${dir} is not a folder.` : `MANTRA_CORPUS is not set: npm run ${script} needs a folder of real Python code.`,
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

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export const MB = 1024 * 1024;
