import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { LineRange } from '../core/diff';
import type { InternalError } from '../core/engine';
import type { Finding } from '../core/finding';
import { activeRules, resolveRuleSet } from '../core/guidelines';
import { lintText } from '../core/lintText';
import { UsageError, type ParsedArgs } from './args';
import { absPosix, diskHost, initParserBesideBundle } from './host';
import type { Preset } from './audit';

/** One Python file to lint: its text when already read (else read from disk, after `--fix`), and its changed lines under `--diff-base`. */
export interface LintJob {
  abs: string;
  rel: string;
  text?: string;
  changed?: LineRange[] | 'all';
}

export interface LintOutcome {
  findings: Finding[];
  internalErrors: InternalError[];
}

/** Below this many files an audit without `--jobs` lints on the main thread: starting workers costs more. */
const MIN_FILES_FOR_WORKERS = 64;

/** The old-generation cap of a worker (MB): far above what the largest file of the PyTorch corpus needs. */
const WORKER_HEAP_MB = 128;

/** Marks a worker thread started by `lintFiles`. */
const WORKER = 'mantraAuditWorker';

/**
 * How many threads lint: `--jobs N` (1 to 64), else one per available core; 1 when there are too few files for workers to pay.
 */
export function threadsFor(args: ParsedArgs, files: number): number {
  const value = args.flags.get('jobs');
  if (value === undefined) return files >= MIN_FILES_FOR_WORKERS ? Math.min(availableParallelism(), files) : 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
  return Math.max(1, Math.min(n, files));
}

/**
 * Lints Python files on `threads` worker threads (each resolves the rule set of its files from
 * the guideline files on disk, as the main thread does), the largest first to whichever is free;
 * with one thread, here. The outcomes are in the order of `jobs`.
 */
export async function lintFiles(jobs: readonly LintJob[], root: string, preset: Preset, threads: number): Promise<LintOutcome[]> {
  if (threads <= 1) {
    if (jobs.length > 0) await initParserBesideBundle();
    const out: LintOutcome[] = [];
    for (const job of jobs) out.push(await lintJob(root, preset, job));
    return out;
  }
  const sizes = jobs.map((j) => j.text?.length ?? fs.statSync(j.abs).size);
  const order = jobs.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
  const outcomes: LintOutcome[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: threads }, () => {
      // A cap on the old generation makes V8 collect before a worker's heap balloons (peak memory 390 -> ~250 MB on 1,214 files).
      const worker = new Worker(__filename, { workerData: { [WORKER]: true, root, preset }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 } });
      return new Promise<void>((resolve, reject) => {
        let current = -1;
        const feed = () => {
          if (next >= order.length) {
            void worker.terminate().then(() => resolve(), reject);
            return;
          }
          current = order[next++]!;
          const { abs, rel, text, changed } = jobs[current]!;
          const job: LintJob = { abs, rel, ...(text !== undefined ? { text } : {}), ...(changed ? { changed } : {}) };
          // Thrown in an event handler, an error would escape the promise and kill the process.
          try {
            worker.postMessage(job);
          } catch (e) {
            reject(e);
          }
        };
        worker.on('message', (m: WireOutcome) => {
          outcomes[current] = { findings: m.findings, internalErrors: m.internalErrors.map(fromWire) };
          feed();
        });
        worker.on('error', reject);
        worker.on('online', feed);
      });
    }),
  );
  return outcomes;
}

/** An internal error as it crosses threads (an `Error` loses its class on the way). */
interface WireError {
  ruleId: string;
  message: string;
  stack?: string;
}

interface WireOutcome {
  findings: Finding[];
  internalErrors: WireError[];
}

function fromWire(e: WireError): InternalError {
  const error = new Error(e.message);
  error.stack = e.stack;
  return { ruleId: e.ruleId, error };
}

/** Lints one file with the rules that govern it. */
async function lintJob(root: string, preset: Preset, job: LintJob): Promise<LintOutcome> {
  const ruleSet = await resolveRuleSet(absPosix(root), absPosix(job.abs), diskHost, { preset });
  const result = lintText(job.text ?? fs.readFileSync(job.abs, 'utf8'), job.rel, activeRules(ruleSet), job.changed);
  return { findings: result.findings, internalErrors: result.internalErrors };
}

/** A worker thread's loop: lint each job the main thread posts, post the outcome back. */
async function serve(): Promise<void> {
  const { root, preset } = workerData as { root: string; preset: Preset };
  await initParserBesideBundle();
  const port = parentPort!;
  // One job at a time: the main thread posts the next only after this one's outcome.
  port.on('message', (job: LintJob) => {
    void lintJob(root, preset, job).then((r) =>
      port.postMessage({ findings: r.findings, internalErrors: r.internalErrors.map((e) => ({ ruleId: e.ruleId, message: e.error.message, stack: e.error.stack })) } satisfies WireOutcome),
    );
  });
}

if (!isMainThread && (workerData as Record<string, unknown> | undefined)?.[WORKER]) void serve();
