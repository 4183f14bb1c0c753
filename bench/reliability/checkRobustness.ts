/**
 * `npm run check:robustness`: lints every file of the corpus and random mutations of it
 * (deletions, insertions and swaps of characters and lines, truncations), then odd inputs
 * (line endings, BOM, NUL and non-UTF-8 bytes, a 5 MB file, a 100,000-character line, 500 levels
 * of nesting, truncation at every byte of a small file). Mantra must never throw, never report
 * an internal error, never report inside an ERROR region; fix-all on a mutant must not throw, and
 * when python3 still compiles the mutant, it must compile the fixed mutant too. Prints the worst-case time per input and the failures; exits 1 on a failure.
 *
 *   export MANTRA_CORPUS=$(bash ../shared/corpus/fetch-torch.sh)
 *   npm run check:robustness [-- --mutants 4] [-- --seed 1] [-- --limit N] [-- --json out.json]
 */
import * as fs from 'fs';
import * as path from 'path';
import { corpusFolder, flag, fmt, initParser, pythonFiles, researchRules } from './common';
import { checkLint } from './lintCheck';
import { mutate, prng, randomMutation, type Mutation } from './mutate';
import { bigFile, decodeAsCli, deepNesting, longLines, oddInputs } from './oddInputs';
import { PyCompiler } from './pyCompile';

interface Failure {
  input: string;
  mutations?: Mutation[];
  problems: string[];
}

async function main(): Promise<number> {
  const root = corpusFolder('check:robustness');
  await initParser();
  const rules = researchRules();
  const mutants = Number(flag('mutants') ?? 4);
  const seed = Number(flag('seed') ?? 1);
  const files = pythonFiles(root).slice(0, Number(flag('limit') ?? Infinity));
  const failures: Failure[] = [];
  const perFile: { file: string; worstMs: number; chars: number }[] = [];
  let inputs = 0;
  let bytes = 0;
  const started = performance.now();
  const compiler = new PyCompiler();
  const pending: Promise<void>[] = [];
  let compilingMutants = 0;
  const report = (input: string, problems: string[], mutations?: Mutation[]) => {
    if (problems.length === 0) return;
    failures.push({ input, problems, ...(mutations ? { mutations } : {}) });
    process.stdout.write(`FAIL ${input}${mutations ? ` after ${JSON.stringify(mutations)}` : ''}:\n  ${problems.join('\n  ')}\n`);
  };

  // 1. The corpus, and random damage to each file (replayable: the seed and the file's index).
  for (const [i, rel] of files.entries()) {
    const text = decodeAsCli(fs.readFileSync(path.join(root, rel)));
    bytes += text.length;
    const original = checkLint(text, rel, rules);
    inputs++;
    report(rel, original.problems);
    let worst = original.ms;
    const random = prng(seed * 100_003 + i);
    for (let k = 0; k < mutants; k++) {
      const ops = Array.from({ length: 1 + Math.floor(random() * 4) }, () => randomMutation(random));
      const damaged = ops.reduce(mutate, text);
      const r = checkLint(damaged, rel, rules, { fix: true });
      inputs++;
      worst = Math.max(worst, r.ms);
      report(rel, r.problems, ops);
      // A mutant python3 still compiles (a swapped or deleted line can leave valid code): its fix-all result must compile too.
      if (r.fixed !== undefined) {
        const fixed = r.fixed;
        pending.push(
          compiler.compile(damaged, rel).then(async (before) => {
            if (before !== null) return;
            compilingMutants++;
            const after = await compiler.compile(fixed, rel);
            if (after !== null) report(rel, [`fix-all broke a mutant that compiled: ${after}`], ops);
          }),
        );
      }
    }
    perFile.push({ file: rel, worstMs: worst, chars: text.length });
    if (process.stderr.isTTY && i % 20 === 0) process.stderr.write(`\r${i + 1}/${files.length}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\r');
  await Promise.all(pending);
  compiler.close();

  // 2. Odd inputs, from a mid-sized corpus file and from the whole corpus.
  const bySize = [...perFile].sort((a, b) => a.chars - b.chars);
  const mid = bySize[Math.floor(bySize.length / 2)]?.file;
  const seedText = mid ? decodeAsCli(fs.readFileSync(path.join(root, mid))) : 'import torch\n\n\ndef f(x):\n    return x\n';
  const corpusText = files.slice(0, 400).map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');
  const odd = [
    ...oddInputs(seedText),
    ...deepNesting(500),
    ...longLines(100_000),
    { name: 'a 5 MB file of corpus code', text: bigFile(corpusText, 5 * 1024 * 1024) },
    { name: 'a 5 MB file of one module repeated', text: bigFile(seedText, 5 * 1024 * 1024) },
  ];
  const oddTimes: { input: string; ms: number; findings: number }[] = [];
  for (const o of odd) {
    const big = o.text.length > 2_000_000;
    const r = checkLint(o.text, 'odd.py', rules, { fix: !big });
    inputs++;
    oddTimes.push({ input: o.name, ms: r.ms, findings: r.findings });
    report(o.name, r.problems);
  }

  // 3. Truncation at every byte of a small corpus file (decoded as the CLI decodes it).
  const smallEnough = bySize.filter((f) => f.chars >= 1500 && f.chars <= 4000);
  const small = smallEnough.find((f) => /[^\x00-\x7f]/.test(fs.readFileSync(path.join(root, f.file), 'utf8'))) ?? smallEnough[0];
  let truncWorst = 0;
  if (small) {
    const raw = fs.readFileSync(path.join(root, small.file));
    for (let n = 0; n <= raw.length; n++) {
      const r = checkLint(decodeAsCli(raw.subarray(0, n)), small.file, rules);
      inputs++;
      truncWorst = Math.max(truncWorst, r.ms);
      report(`${small.file} cut at byte ${n}`, r.problems);
    }
    oddTimes.push({ input: `${small.file} cut at each of its ${raw.length + 1} byte offsets (worst)`, ms: truncWorst, findings: 0 });
  }

  const worstFiles = [...perFile].sort((a, b) => b.worstMs - a.worstMs);
  const seconds = Math.round((performance.now() - started) / 1000);
  const lines = [
    '',
    `check:robustness over ${fmt(files.length)} files (${(bytes / 1024 / 1024).toFixed(1)} MB) of ${root}, ${mutants} mutants each (seed ${seed})`,
    `  inputs linted ${fmt(inputs)}; mutants that python3 still compiles, fixed and compiled again: ${fmt(compilingMutants)}; total ${seconds} s`,
    '  slowest corpus files (worst of the original and its mutants):',
    ...worstFiles.slice(0, 10).map((f) => `    ${Math.round(f.worstMs).toString().padStart(7)} ms  ${f.file} (${fmt(f.chars)} chars)`),
    '  odd inputs:',
    ...oddTimes.map((o) => `    ${Math.round(o.ms).toString().padStart(7)} ms  ${o.input}`),
    `  failures: ${failures.length}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const json = flag('json');
  if (json) {
    fs.writeFileSync(json, JSON.stringify({ summary: { files: files.length, mutants, seed, inputs, compilingMutants, failures: failures.length, seconds }, worstFiles, oddTimes, failures }, null, 2));
  }
  return failures.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`check:robustness: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
