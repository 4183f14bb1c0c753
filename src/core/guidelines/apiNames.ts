/**
 * Python API names in guideline wording: the code spans (and unmistakable plain words) that can
 * name a call, attribute chain or import, for banned-api. What they are (banned, replacement)
 * is decided by the mapper from the polarity around them.
 */

/** A name in a clause: the name as written and its offsets in the clause. */
export interface NameMention {
  name: string;
  start: number;
  end: number;
  /** Written in a code span (an explicit name), not found in plain words. */
  span: boolean;
}

/** A dotted Python name, optionally written as a call (`hasattr()`). */
export const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?:\(\))?$/;

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'self', 'cls',
]);

/** Command-line tools: a guideline naming them is about the workflow, not an API. */
const TOOLS = new Set([
  'pip', 'pip3', 'conda', 'mamba', 'uv', 'poetry', 'pipenv', 'git', 'npm', 'npx', 'yarn', 'sudo', 'rm', 'docker', 'make',
  'bash', 'sh', 'zsh', 'python', 'python3', 'pytest', 'ruff', 'black', 'isort', 'flake8', 'mypy', 'pyright', 'pylint',
  'pre-commit', 'tox', 'nox', 'jupyter', 'ipython', 'curl', 'wget', 'ssh', 'scp', 'rsync', 'gh', 'kubectl', 'slurm',
  'sbatch', 'srun', 'tmux', 'screen', 'nvidia-smi', 'cd', 'ls', 'cat', 'echo', 'grep', 'find', 'chmod',
]);

/** File extensions: `setup.py`, `config.yaml` and `CLAUDE.md` are files, not APIs. */
const FILE_EXTENSIONS = /\.(?:py|pyi|ipynb|md|mdc|txt|rst|ya?ml|json|jsonl|toml|cfg|ini|lock|sh|csv|tsv|pt|pth|ckpt|bin|safetensors|h5|hdf5|npz|npy|pkl|log|png|jpe?g|svg|pdf|html|env|gitignore|in)$/i;

/**
 * Builtins and standard modules that a guideline may name without a code span ("never use
 * hasattr", "use Fire, not argparse"); other plain words must look like code (`os.path`,
 * `save_figure`, `eval()`).
 */
const PLAIN_NAMES = new Set([
  'hasattr', 'getattr', 'setattr', 'delattr', 'eval', 'exec', 'globals', 'locals', 'breakpoint', 'isinstance', 'argparse',
  'optparse', 'getopt', 'pickle', 'unittest', 'pdb', 'ipdb', 'subprocess', 'urllib', 'asyncio', 'multiprocessing',
  'threading',
]);

function acceptable(name: string, span: boolean): boolean {
  const bare = name.replace(/\(\)$/, '');
  if (!DOTTED_NAME.test(name)) return false;
  if (KEYWORDS.has(bare) || TOOLS.has(bare.toLowerCase())) return false;
  if (FILE_EXTENSIONS.test(bare)) return false;
  // Constants and markers (`TODO`, `DEBUG`), single letters and numbers are not APIs.
  if (/^[A-Z0-9_]+$/.test(bare) || bare.length < 2) return false;
  if (span) return true;
  return bare.includes('.') || bare.includes('_') || name.endsWith('()') || PLAIN_NAMES.has(bare);
}

/** The most distinct code spans of one clause looked at, and the most names it yields. */
const MAX_SPANS = 64;

const PLAIN = /(?<![\w.`/-])([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?:\(\))?)(?![\w`/-]|\.\w)/g;

/**
 * The API names of a clause: its code spans that are dotted names, and plain words that are
 * unmistakably code. `codeSpans` are the spans of the whole guideline (found in the clause by text).
 */
export function nameMentions(clause: string, codeSpans: readonly string[]): NameMention[] {
  const out: NameMention[] = [];
  // Which characters of the clause code spans cover (a mask, not a list of ranges searched for
  // every word: a 1 MB bullet of code spans made that quadratic in time and memory).
  const taken = new Uint8Array(clause.length);
  // Each distinct span once, and no more than a sentence holds: every span scans the clause.
  for (const raw of [...new Set(codeSpans)].slice(0, MAX_SPANS)) {
    if (raw === '') continue;
    const s = raw.trim();
    let from = 0;
    for (let i = clause.indexOf(raw, from); i >= 0; i = clause.indexOf(raw, from)) {
      from = i + raw.length;
      // Only the whole name: `np.float` is not in `np.float64`.
      if (/[\w.]/.test(clause[i - 1] ?? '') || /^(?:\w|\.\w)/.test(clause.slice(i + raw.length, i + raw.length + 2))) continue;
      taken.fill(1, i, i + raw.length);
      if (acceptable(s, true)) out.push({ name: s.replace(/\(\)$/, ''), start: i, end: i + raw.length, span: true });
    }
  }
  for (const m of clause.matchAll(PLAIN)) {
    const start = m.index!;
    const end = start + m[1].length;
    if (taken.subarray(start, end).includes(1)) continue;
    // A sentence-ending period is not part of the name ("use os.path.").
    const name = m[1];
    if (acceptable(name, false)) out.push({ name: name.replace(/\(\)$/, ''), start, end, span: false });
  }
  // A sentence names a few APIs; what it does with each costs a pass over the clause.
  return out.sort((a, b) => a.start - b.start).slice(0, MAX_SPANS);
}

/** Whether a name reads as an importable or callable name, so that naming it as a replacement is a plain rename. */
export function isDottedName(s: string): boolean {
  return DOTTED_NAME.test(s);
}
