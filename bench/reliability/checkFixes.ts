/**
 * `npm run check:fixes`: applies every fix Mantra offers on every file of the corpus, one at a
 * time, then all safe fixes together (fix-all, twice: the second must apply nothing), then every
 * fix at once; each result must reparse with no new ERROR/MISSING nodes and compile with python3.
 * Prints the counts; exits 1 when any check fails.
 *
 *   export MANTRA_CORPUS=$(bash ../shared/corpus/fetch-torch.sh)
 *   npm run check:fixes [-- --limit N] [-- --no-resolves] [-- --full-compile] [-- --json out.json]
 */
import * as fs from 'fs';
import * as path from 'path';
import { corpusFolder, flag, fmt, initParser, pythonFiles, researchRules } from './common';
import { checkFileFixes, type FixFailure } from './fixCheck';
import { PyCompiler } from './pyCompile';

async function main(): Promise<number> {
  const root = corpusFolder('check:fixes');
  await initParser();
  const rules = researchRules();
  const limit = Number(flag('limit') ?? Infinity);
  const files = pythonFiles(root).slice(0, limit);
  const resolves = !process.argv.includes('--no-resolves');
  const compiler = new PyCompiler();
  const failures: FixFailure[] = [];
  let fixes = 0;
  let single = 0;
  let fixAll = 0;
  let notCompiling = 0;
  let bytes = 0;
  let worst = { ms: 0, path: '' };
  const started = performance.now();
  try {
    for (const [i, rel] of files.entries()) {
      const text = fs.readFileSync(path.join(root, rel), 'utf8');
      bytes += text.length;
      const r = await checkFileFixes(text, rel, rules, compiler, { resolves, incremental: true, reducedCompile: !process.argv.includes('--full-compile') });
      fixes += r.fixes;
      single += r.singleApplied;
      fixAll += r.fixAllApplied;
      if (!r.originalCompiles) notCompiling++;
      if (r.ms > worst.ms) worst = { ms: r.ms, path: rel };
      for (const f of r.failures) {
        failures.push(f);
        process.stdout.write(`FAIL ${f.path}${f.line ? `:${f.line}` : ''} [${f.mode} ${f.check}]${f.ruleId ? ` ${f.ruleId}` : ''}${f.fix ? ` "${f.fix}"` : ''}: ${f.detail}\n`);
      }
      if (process.stderr.isTTY && i % 20 === 0) process.stderr.write(`\r${i + 1}/${files.length}`);
    }
  } finally {
    compiler.close();
  }
  if (process.stderr.isTTY) process.stderr.write('\r');
  const byCheck = new Map<string, number>();
  for (const f of failures) byCheck.set(`${f.mode} ${f.check}`, (byCheck.get(`${f.mode} ${f.check}`) ?? 0) + 1);
  const summary = {
    files: files.length,
    megabytes: +(bytes / 1024 / 1024).toFixed(1),
    filesPythonCannotCompile: notCompiling,
    fixesOffered: fixes,
    singleFixesApplied: single,
    fixAllApplied: fixAll,
    failures: failures.length,
    failuresByCheck: Object.fromEntries(byCheck),
    worstFileMs: Math.round(worst.ms),
    worstFile: worst.path,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  process.stdout.write(
    [
      '',
      `check:fixes over ${fmt(files.length)} files (${summary.megabytes} MB) of ${root}`,
      `  fixes offered ${fmt(fixes)}; applied one at a time ${fmt(single)}; applied by fix-all ${fmt(fixAll)}`,
      `  originals python3 cannot compile (compile checks skipped): ${notCompiling}`,
      `  slowest file ${summary.worstFileMs} ms (${worst.path}); total ${summary.seconds} s`,
      `  failures: ${failures.length}${byCheck.size ? ` (${[...byCheck].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`,
      '',
    ].join('\n'),
  );
  const json = flag('json');
  if (json) fs.writeFileSync(json, JSON.stringify({ summary, failures }, null, 2));
  return failures.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`check:fixes: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
